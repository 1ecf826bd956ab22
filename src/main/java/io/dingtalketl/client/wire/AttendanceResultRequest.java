package io.dingtalketl.client.wire;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code attendance/list}, in <em>camelCase</em> unlike the topapi bodies: work days
 * {@code "yyyy-MM-dd HH:mm:ss"} at most 7 days apart, at most 50 userids, {@code limit} at most 50.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record AttendanceResultRequest(String workDateFrom, String workDateTo, List<String> userIdList, long offset,
                                      long limit) {
}
