package io.dingtalketl.client.wire;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code attendance/listRecord} (camelCase): at most 50 userids and an exact window
 * {@code "yyyy-MM-dd HH:mm:ss"} of at most 7 days; there is no paging.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record PunchRecordRequest(List<String> userIds, String checkDateFrom, String checkDateTo) {
}
