package io.dingtalketl.orgsync;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import io.dingtalketl.client.wire.ListedUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DingTalk user fields become warehouse columns: personal data policies, absent fields, dates, the row hash. */
class OrgFieldMapperTest {

    private static final ListedUser USER = new ListedUser("0153245227", "z21HjQ", "张三", null, null, "18513027676", false,
            null, "4", "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", null, List.of(2L, 3L), 10L,
            "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, true, false, "manager4220");

    private static OrgFieldMapper mapper(PiiPolicy mobile, PiiPolicy email, PiiPolicy orgEmail, String salt) {
        EtlProperties defaults = EtlProperties.defaults();
        return new OrgFieldMapper(new EtlProperties(new EtlProperties.Org(List.of(1L), ZoneId.of("Asia/Shanghai")),
                defaults.departments(), defaults.details(), defaults.users(), defaults.publish(),
                new EtlProperties.Pii(mobile, email, orgEmail, salt), defaults.chunks()));
    }

    @Test
    void keepsFieldsAsDingTalkSendsThemByDefault() {
        UserListing listing = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null).listing(2L, USER);

        assertThat(listing.userid()).isEqualTo("0153245227");
        assertThat(listing.mobile()).isEqualTo("18513027676");
        assertThat(listing.email()).isEqualTo("zhang@example.com");
        assertThat(listing.hiredDate()).as("epoch ms in the org's zone").isEqualTo(LocalDate.of(2020, 8, 16));
        assertThat(listing.leader()).isTrue();
        assertThat(listing.deptOrder()).isEqualTo(10L);
        assertThat(listing.telephone()).as("absent stays null").isNull();
    }

    @Test
    void hashesWithTheSaltAndDropsCompletely() {
        UserListing listing = mapper(PiiPolicy.HASH, PiiPolicy.DROP, PiiPolicy.KEEP, "pepper").listing(2L, USER);

        assertThat(listing.mobile()).hasSize(64).isEqualTo(PiiPolicy.sha256Hex("pepper18513027676")).doesNotContain("18513027676");
        assertThat(listing.email()).isNull();
        assertThat(listing.orgEmail()).isEqualTo("zhang@corp.example.com");
        UserListing otherSalt = mapper(PiiPolicy.HASH, PiiPolicy.DROP, PiiPolicy.KEEP, "salt2").listing(2L, USER);
        assertThat(otherSalt.mobile()).isNotEqualTo(listing.mobile());
    }

    @Test
    void rowHashCoversUserAttributesButNotTheMembership() {
        OrgFieldMapper mapper = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);
        UserListing inDept2 = mapper.listing(2L, USER);
        UserListing inDept3 = mapper.listing(3L, new ListedUser("0153245227", "z21HjQ", "张三", null, null, "18513027676",
                false, null, "4", "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", null, List.of(2L, 3L),
                99L, "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, false, false, "manager4220"));
        UserListing renamed = mapper.listing(2L, new ListedUser("0153245227", "z21HjQ", "张三丰", null, null, "18513027676",
                false, null, "4", "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", null, List.of(2L, 3L),
                10L, "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, true, false, "manager4220"));

        assertThat(inDept3.rowHash()).as("order and leader belong to the membership").isEqualTo(inDept2.rowHash());
        assertThat(renamed.rowHash()).isNotEqualTo(inDept2.rowHash());
        assertThat(OrgFieldMapper.hash("a", null)).isNotEqualTo(OrgFieldMapper.hash(null, "a")).isNotEqualTo(OrgFieldMapper.hash("a", ""));
    }

    @Test
    void droppedFieldNeverChangesTheHash() {
        OrgFieldMapper dropping = mapper(PiiPolicy.DROP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);
        UserListing a = dropping.listing(2L, USER);
        UserListing b = dropping.listing(2L, new ListedUser("0153245227", "z21HjQ", "张三", null, null, "13900000000", false,
                null, "4", "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", null, List.of(2L, 3L), 10L,
                "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, true, false, "manager4220"));

        assertThat(b.rowHash()).as("a new mobile number is invisible when mobiles are dropped").isEqualTo(a.rowHash());
    }
}
