package io.dingtalketl.provision;

/** What one plan item does in DingTalk. */
public enum PlanAction {
    /** {@code v2/department/create} or {@code v2/user/create}, after a look-up that finds one made before. */
    CREATE,
    /** {@code update}: a department's name or order; a user's name, mobile, email or title. */
    UPDATE,
    /** {@code update}: a department's parent; a user's department set. */
    MOVE,
    /** {@code v2/department/delete}. */
    DELETE,
    /** {@code v2/user/delete}: DingTalk has no deactivation; the user goes to the resigned list of 智能人事. */
    DEACTIVATE,
    /** {@code topapi/role/addrolesforemps}: gives a role to a user. */
    ASSIGN
}
