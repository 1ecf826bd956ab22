package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code message/corpconversation/asyncsend_v2}: {@code userid_list} is a comma-separated
 * string, {@code agent_id} the app's AgentId.
 */
public record SendMessageRequest(long agentId, @Nullable String useridList, @Nullable String deptIdList,
                                 @Nullable Boolean toAllUser, Message msg) {

    public static SendMessageRequest markdown(long agentId, List<String> userids, String title, String text) {
        return new SendMessageRequest(agentId, String.join(",", userids), null, null,
                new Message("markdown", new Markdown(title, text)));
    }

    public record Message(String msgtype, @Nullable Markdown markdown) {
    }

    public record Markdown(String title, String text) {
    }
}
