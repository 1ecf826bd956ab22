package io.dingtalketl.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.ErrorCategory;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentWrite;
import io.dingtalketl.client.wire.UserWrite;
import org.jspecify.annotations.Nullable;

/**
 * Makes one plan item's write through the client (throttled and retried there). Before every create it looks for
 * what an earlier, interrupted attempt may have created — a department: {@code listsub} of the parent, matched on
 * {@code source_identifier}; a user: {@code getbymobile}; a role group by its name and a role by its group's id and
 * its name: {@code role/list} — so nothing is created twice. A delete that finds the
 * entity gone counts as done. DingTalk refusing the item (its category: rejected, permission or scope, not found,
 * a bad value, an unknown errcode) is the item's {@link ItemStatus#FAILED} outcome; busy, throttled beyond the
 * retries, a write that may have executed, the token, credentials or quota fail the run (its restart resumes at
 * this item). An item whose department could not be created is {@link ItemStatus#SKIPPED}.
 *
 * <p>One instance per step execution (step-scoped writer): it keeps DingTalk's role list as last read, to resolve the
 * ids of roles that existed before the plan; not thread-safe.
 */
final class ItemApplier {

    /** What fails the run rather than the item: nothing about this item, and the same call may succeed later. */
    private static final Set<ErrorCategory> RUN_FAILURES = Set.of(ErrorCategory.RETRYABLE, ErrorCategory.TOKEN,
            ErrorCategory.CREDENTIALS, ErrorCategory.QUOTA_EXHAUSTED);
    /** A delete answered with these: already gone (department unknown; user unknown). */
    private static final Set<Integer> GONE = Set.of(60003, 33012, 60111, 60121);

    record Outcome(ItemStatus status, @Nullable String dingtalkId, @Nullable Integer errcode, @Nullable String errmsg) {

        static Outcome applied(String dingtalkId) {
            return new Outcome(ItemStatus.APPLIED, dingtalkId, null, null);
        }
    }

    private final DingTalkClient client;
    private final PlanStore plans;
    private final long rootDeptId;
    /** DingTalk's roles as this run last listed them; null until a role item needs them. */
    private @Nullable DingTalkRoles listed;

    ItemApplier(DingTalkClient client, PlanStore plans, long rootDeptId) {
        this.client = client;
        this.plans = plans;
        this.rootDeptId = rootDeptId;
    }

    Outcome apply(long planId, PlanItem item) {
        try {
            return switch (item.kind()) {
                case DEPARTMENT -> department(planId, item);
                case USER -> user(planId, item);
                case ROLE_GROUP -> roleGroup(item);
                case ROLE -> role(planId, item);
            };
        } catch (Skipped skipped) {
            return new Outcome(ItemStatus.SKIPPED, null, null, skipped.getMessage());
        } catch (DingTalkApiException refused) {
            if (RUN_FAILURES.contains(refused.category())) {
                throw refused;
            }
            boolean removal = item.action() == PlanAction.DELETE || item.action() == PlanAction.DEACTIVATE;
            if (removal && refused.errcode() != null && GONE.contains(refused.errcode())) {
                return new Outcome(ItemStatus.APPLIED, item.dingtalkId(), null, "already gone: " + refused.errmsg());
            }
            return new Outcome(ItemStatus.FAILED, null, refused.errcode(), refused.errmsg() != null ? refused.errmsg() : refused.getMessage());
        }
    }

    private Outcome department(long planId, PlanItem item) {
        switch (item.action()) {
            case CREATE -> {
                long parent = parent(planId, item);
                String hrId = item.hrId();
                Optional<DepartmentBase> made = client.listSubDepartments(parent).orElse(List.of()).stream()
                        .filter(d -> hrId != null && hrId.equals(d.sourceIdentifier()) && d.deptId() != null).findFirst();
                if (made.isPresent()) {
                    return new Outcome(ItemStatus.APPLIED, String.valueOf(made.get().deptId()), null,
                            "already in DingTalk (found under its parent by source_identifier)");
                }
                long deptId = client.createDepartment(new DepartmentWrite(item.text(PlanItem.NAME), parent, order(item), hrId));
                return Outcome.applied(String.valueOf(deptId));
            }
            case UPDATE -> client.updateDepartment(deptId(item), new DepartmentWrite(item.text(PlanItem.NAME), null, order(item), null));
            case MOVE -> client.updateDepartment(deptId(item), new DepartmentWrite(null, parent(planId, item), null, null));
            case DELETE -> client.deleteDepartment(deptId(item));
            default -> throw new IllegalStateException("A department is not " + item.action());
        }
        return Outcome.applied(item.dingtalkId());
    }

    private Outcome user(long planId, PlanItem item) {
        switch (item.action()) {
            case CREATE -> {
                List<Long> deptIds = departments(planId, item);
                String mobile = item.text(PlanItem.MOBILE);
                Optional<String> made = client.findUserIdByMobile(mobile);
                if (made.isPresent()) {
                    return new Outcome(ItemStatus.APPLIED, made.get(), null, "already in DingTalk (found by mobile)");
                }
                return Outcome.applied(client.createUser(new UserWrite(null, item.text(PlanItem.NAME), mobile, deptIds,
                        item.text(PlanItem.JOB_NUMBER), item.text(PlanItem.TITLE), item.text(PlanItem.EMAIL))));
            }
            case UPDATE -> client.updateUser(userid(item), new UserWrite(null, item.text(PlanItem.NAME), item.text(PlanItem.MOBILE),
                    null, null, item.text(PlanItem.TITLE), item.text(PlanItem.EMAIL)));
            case MOVE -> client.updateUser(userid(item), new UserWrite(null, null, null, departments(planId, item), null, null, null));
            case DEACTIVATE -> client.deleteUser(userid(item));
            default -> throw new IllegalStateException("A user is not " + item.action());
        }
        return Outcome.applied(item.dingtalkId());
    }

    private Outcome roleGroup(PlanItem item) {
        String name = item.text(PlanItem.NAME);
        Optional<Long> made = listRoles().groupId(name);
        if (made.isPresent()) {
            return new Outcome(ItemStatus.APPLIED, String.valueOf(made.get()), null, DingTalkRoles.FOUND);
        }
        return Outcome.applied(String.valueOf(client.addRoleGroup(name)));
    }

    private Outcome role(long planId, PlanItem item) {
        String group = item.text(PlanItem.ROLE_GROUP);
        String roleName = item.text(PlanItem.ROLE_NAME);
        if (item.action() == PlanAction.CREATE) {
            DingTalkRoles now = listRoles();
            long groupId = groupId(planId, group);
            Optional<Long> made = now.roleId(groupId, roleName);
            if (made.isPresent()) {
                return new Outcome(ItemStatus.APPLIED, String.valueOf(made.get()), null, DingTalkRoles.FOUND);
            }
            return Outcome.applied(String.valueOf(client.addRole(groupId, roleName)));
        }
        long roleId = roleId(planId, group, roleName);
        String userid = item.dingtalkId();
        if (userid == null) {
            userid = createdByPlan(planId, PlanEntity.USER, item.hrId(), "user")
                    .orElseThrow(() -> new Skipped("its user " + item.hrId() + " is neither in DingTalk nor created by this plan"));
        }
        client.assignRoles(List.of(roleId), List.of(userid));
        return Outcome.applied(userid);
    }

    /** A role group's id: created by this plan, else by an earlier one, else found in DingTalk by name. */
    private long groupId(long planId, @Nullable String group) {
        Optional<String> id = createdByPlan(planId, PlanEntity.ROLE_GROUP, group, "role group");
        if (id.isEmpty() && group != null) {
            id = plans.createdBefore(PlanEntity.ROLE_GROUP, group).or(() -> knownRoles().groupId(group).map(String::valueOf));
        }
        return Long.parseLong(id.orElseThrow(() -> new Skipped("its role group " + group + " is neither in DingTalk nor created by this plan")));
    }

    /** A role's id: created by this plan, else by an earlier one, else found in DingTalk by its group's name and its name. */
    private long roleId(long planId, @Nullable String group, @Nullable String roleName) {
        String roleHrId = group + "/" + roleName;
        Optional<String> id = createdByPlan(planId, PlanEntity.ROLE, roleHrId, "role");
        if (id.isEmpty() && group != null && roleName != null) {
            id = plans.createdBefore(PlanEntity.ROLE, roleHrId).or(() -> knownRoles().roleId(group, roleName).map(String::valueOf));
        }
        return Long.parseLong(id.orElseThrow(() -> new Skipped("its role " + roleHrId + " is neither in DingTalk nor created by this plan")));
    }

    /**
     * DingTalk's roles now ({@code role/list}), for the look-up before a create: what an interrupted attempt may have
     * created. Also kept for resolving the ids of roles found in DingTalk when this run assigns them.
     */
    private DingTalkRoles listRoles() {
        listed = DingTalkRoles.read(client);
        return listed;
    }

    /**
     * DingTalk's roles as this run last read them: enough to find a role that existed before the plan (ids do not
     * change); what this run creates it finds in its own plan items.
     */
    private DingTalkRoles knownRoles() {
        return listed != null ? listed : listRoles();
    }

    /**
     * The DingTalk id of what this plan created of this kind and HR id; empty when the plan has no such create, skipped
     * when its create was not applied.
     */
    private Optional<String> createdByPlan(long planId, PlanEntity kind, @Nullable String hrId, String what) {
        Optional<PlanItem> create = hrId == null ? Optional.empty() : plans.create(planId, kind, hrId);
        if (create.isEmpty()) {
            return Optional.empty();
        }
        PlanItem made = create.get();
        if (made.status() == ItemStatus.APPLIED && made.dingtalkId() != null) {
            return Optional.of(made.dingtalkId());
        }
        throw new Skipped("its " + what + " " + hrId + " was not created (item " + made.seq() + " " + made.status()
                + (made.errcode() != null ? " errcode " + made.errcode() : "") + (made.errmsg() != null ? ": " + made.errmsg() : "") + ")");
    }

    private long parent(long planId, PlanItem item) {
        String parentHrId = item.text(PlanItem.PARENT_HR_ID);
        return parentHrId == null ? rootDeptId : department(planId, parentHrId, "parent department");
    }

    private List<Long> departments(long planId, PlanItem item) {
        List<Long> ids = new ArrayList<>();
        for (String hrId : item.deptHrIds()) {
            ids.add(department(planId, hrId, "department"));
        }
        return ids;
    }

    /** The DingTalk id of an HR department: created by this plan, or held by the warehouse. */
    private long department(long planId, String hrId, String role) {
        Optional<PlanItem> create = plans.departmentCreate(planId, hrId);
        if (create.isPresent()) {
            PlanItem made = create.get();
            if (made.status() == ItemStatus.APPLIED && made.dingtalkId() != null) {
                return Long.parseLong(made.dingtalkId());
            }
            throw new Skipped("its " + role + " hr " + hrId + " was not created (item " + made.seq() + " " + made.status()
                    + (made.errcode() != null ? " errcode " + made.errcode() : "") + (made.errmsg() != null ? ": " + made.errmsg() : "") + ")");
        }
        return plans.warehouseDepartment(hrId)
                .orElseThrow(() -> new Skipped("its " + role + " hr " + hrId + " is neither in DingTalk nor created by this plan"));
    }

    private static @Nullable Long order(PlanItem item) {
        Object order = item.intended().get(PlanItem.ORDER);
        return order == null ? null : ((Number) order).longValue();
    }

    private static long deptId(PlanItem item) {
        return Long.parseLong(requireId(item));
    }

    private static String userid(PlanItem item) {
        return requireId(item);
    }

    private static String requireId(PlanItem item) {
        if (item.dingtalkId() == null) {
            throw new IllegalStateException("Plan item " + item.seq() + " (" + item.action() + ") names no DingTalk id");
        }
        return item.dingtalkId();
    }

    /** The item depends on one that failed. */
    private static final class Skipped extends RuntimeException {
        Skipped(String why) {
            super(why, null, false, false);
        }
    }
}
