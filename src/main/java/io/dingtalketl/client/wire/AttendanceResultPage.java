package io.dingtalketl.client.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code attendance/list}'s answer: no {@code result} envelope, camelCase {@code hasMore}, {@code recordresult}. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AttendanceResultPage(@Nullable Integer errcode, @Nullable String errmsg,
                                   @JsonAlias("has_more") @Nullable Boolean hasMore,
                                   @Nullable List<AttendanceResult> recordresult) {

    public List<AttendanceResult> results() {
        return recordresult == null ? List.of() : recordresult;
    }

    /** Whether another page follows (at offset + limit). */
    public boolean more() {
        return Boolean.TRUE.equals(hasMore);
    }
}
