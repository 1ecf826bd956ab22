package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** {@code attendance/listRecord}'s answer: every punch of the window at once ({@code recordresult}). */
public record PunchRecordPage(@Nullable Integer errcode, @Nullable String errmsg,
                              @Nullable List<PunchRecord> recordresult) {

    public List<PunchRecord> punches() {
        return recordresult == null ? List.of() : recordresult;
    }
}
