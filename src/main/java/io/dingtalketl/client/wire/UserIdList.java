package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code user/listid}'s result: the direct members' userids. */
public record UserIdList(@JsonDeserialize(using = LenientStringList.class) @Nullable List<String> useridList) {
}
