package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** {@code getleavestatus}'s {@code result}: one page of leaves and whether more follow (at offset + size). */
public record LeaveStatusPage(@Nullable Boolean hasMore, @Nullable List<LeaveStatus> leaveStatus) {

    public List<LeaveStatus> leaves() {
        return leaveStatus == null ? List.of() : leaveStatus;
    }

    public boolean more() {
        return Boolean.TRUE.equals(hasMore);
    }
}
