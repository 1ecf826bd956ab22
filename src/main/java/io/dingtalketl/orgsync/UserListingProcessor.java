package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.wire.ListedUser;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Maps one page of listed users through {@link OrgFieldMapper}. */
public class UserListingProcessor implements ItemProcessor<UserPageItem, List<UserListing>> {

    private final OrgFieldMapper mapper;

    public UserListingProcessor(OrgFieldMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public List<UserListing> process(UserPageItem page) {
        List<UserListing> listings = new ArrayList<>(page.users().size());
        for (ListedUser user : page.users()) {
            listings.add(mapper.listing(page.deptId(), user));
        }
        return listings;
    }
}
