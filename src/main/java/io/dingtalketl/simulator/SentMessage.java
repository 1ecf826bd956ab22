package io.dingtalketl.simulator;

import java.util.List;

/**
 * A work notification accepted by {@code asyncsend_v2}.
 *
 * @param taskId           the {@code task_id} returned to the sender
 * @param agentId          the sending app's AgentId
 * @param recipients       userids as given in {@code userid_list}
 * @param deptIds          department ids as given in {@code dept_id_list}
 * @param toAllUser        whether {@code to_all_user} was true
 * @param msg              the {@code msg} object as JSON text
 * @param delivered        users who received it
 * @param invalidUserids   requested userids that do not exist
 * @param forbiddenUserids recipients silently dropped by a DingTalk limit (see
 *                         {@link DingTalkSimulator#dropRecipients})
 * @param invalidDeptIds   requested department ids that do not exist
 */
public record SentMessage(long taskId, long agentId, List<String> recipients, List<Long> deptIds, boolean toAllUser,
                          String msg, List<String> delivered, List<String> invalidUserids,
                          List<String> forbiddenUserids, List<Long> invalidDeptIds) {

    public SentMessage {
        recipients = List.copyOf(recipients);
        deptIds = List.copyOf(deptIds);
        delivered = List.copyOf(delivered);
        invalidUserids = List.copyOf(invalidUserids);
        forbiddenUserids = List.copyOf(forbiddenUserids);
        invalidDeptIds = List.copyOf(invalidDeptIds);
    }
}
