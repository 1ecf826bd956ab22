package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of {@code v2/user/list}. {@code next_cursor} is absent on the last page; a page that says
 * {@code has_more} without a cursor is treated as the last one by {@link #nextCursorOrNull()}.
 */
public record UserPage(@Nullable Boolean hasMore, @Nullable Long nextCursor, @Nullable List<ListedUser> list) {

    public List<ListedUser> users() {
        return list == null ? List.of() : list;
    }

    public @Nullable Long nextCursorOrNull() {
        return Boolean.TRUE.equals(hasMore) ? nextCursor : null;
    }
}
