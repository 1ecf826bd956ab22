package io.dingtalketl.provision;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One write of a plan.
 *
 * @param seq        order of execution within the plan
 * @param hrId       the HR id of the department or employee (for a department to delete, the one it had)
 * @param dingtalkId the department id or userid it writes to; for a create, the id DingTalk gave, once applied
 * @param intended   the values to write, by name ({@value #NAME}, {@value #PARENT_HR_ID}, {@value #ORDER},
 *                   {@value #MOBILE}, {@value #EMAIL}, {@value #TITLE}, {@value #JOB_NUMBER}, {@value #DEPT_HR_IDS});
 *                   departments are named by their HR ids and resolved to DingTalk ids when the item is applied
 */
public record PlanItem(int seq, PlanEntity kind, PlanAction action, @Nullable String hrId, @Nullable String dingtalkId,
                       Map<String, Object> intended, ItemStatus status, @Nullable Integer errcode, @Nullable String errmsg) {

    public static final String NAME = "name";
    /** The parent's HR id; absent: the root ({@code etl.provision.root-dept-id}). */
    public static final String PARENT_HR_ID = "parentHrId";
    public static final String ORDER = "order";
    public static final String MOBILE = "mobile";
    public static final String EMAIL = "email";
    public static final String TITLE = "title";
    public static final String JOB_NUMBER = "jobNumber";
    public static final String DEPT_HR_IDS = "deptHrIds";
    /** A role's group name and role name. */
    public static final String ROLE_GROUP = "roleGroup";
    public static final String ROLE_NAME = "roleName";

    static PlanItem planned(PlanEntity kind, PlanAction action, @Nullable String hrId, @Nullable String dingtalkId,
                            Map<String, Object> intended) {
        return new PlanItem(0, kind, action, hrId, dingtalkId, intended, ItemStatus.PLANNED, null, null);
    }

    PlanItem numbered(int seq) {
        return new PlanItem(seq, kind, action, hrId, dingtalkId, intended, status, errcode, errmsg);
    }

    @Nullable String text(String key) {
        Object value = intended.get(key);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    List<String> deptHrIds() {
        Object value = intended.get(DEPT_HR_IDS);
        return value == null ? List.of() : ((List<Object>) value).stream().map(Object::toString).toList();
    }

    /** The line the command prints: the mobile number masked, as in DingTalk's admin console. */
    public String describe() {
        StringBuilder line = new StringBuilder().append(String.format("%4d %-10s %-10s", seq, kind, action));
        if (hrId != null) {
            line.append(" hr ").append(hrId);
        }
        if (dingtalkId != null) {
            line.append(kind == PlanEntity.DEPARTMENT ? " dept " : kind == PlanEntity.ROLE_GROUP ? " group " : " user ").append(dingtalkId);
        }
        StringBuilder values = new StringBuilder();
        intended.forEach((key, value) -> values.append(values.isEmpty() ? "" : ", ").append(key).append('=')
                .append(MOBILE.equals(key) ? masked(value.toString()) : value));
        if (!values.isEmpty()) {
            line.append(": ").append(values);
        }
        if (status != ItemStatus.PLANNED) {
            line.append(" → ").append(status);
            if (errcode != null) {
                line.append(" errcode ").append(errcode);
            }
            if (errmsg != null) {
                line.append(" ").append(errmsg);
            }
        }
        return line.toString();
    }

    static String masked(String mobile) {
        return mobile.length() <= 7 ? "****" : mobile.substring(0, 3) + "****" + mobile.substring(mobile.length() - 4);
    }
}
