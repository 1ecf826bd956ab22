package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Stages the listings of a chunk of user pages. Each (department, user) listing is its own row, so
 * partitions never write the same row and need no upserts; the publish step reduces them to one row
 * per user and one per membership.
 */
public class UserStagingWriter implements ItemWriter<List<UserListing>> {

    private final StagingRepository staging;
    private final long runId;

    public UserStagingWriter(StagingRepository staging, long runId) {
        this.staging = staging;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends List<UserListing>> chunk) {
        List<UserListing> listings = new ArrayList<>();
        chunk.forEach(listings::addAll);
        staging.insertListings(runId, listings);
    }
}
