package io.dingtalketl.provision;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.PiiPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans provisioning: reads the HR master and the warehouse's current organization, computes the plan
 * ({@link ProvisionPlanner}) and stores it ({@link PlanStore}) in one transaction: a master with problems stores
 * nothing. Also the deletion guard every apply passes first.
 *
 * <p>The warehouse holds no roles, so when the HR master names roles ({@code hr_employee_role} has rows) planning
 * reads DingTalk's role groups and roles ({@code topapi/role/list}, one read call per 200 groups, before the
 * transaction): a group or role that exists in DingTalk is not planned as a create. A dry run then makes that read
 * call and no other.
 */
public class Provisioning {

    private final JdbcTemplate jdbc;
    private final PlanStore plans;
    private final TransactionTemplate transaction;
    private final ProvisionProperties properties;
    private final EtlProperties etl;
    private final DingTalkClient client;

    public Provisioning(JdbcTemplate jdbc, PlanStore plans, TransactionTemplate transaction, ProvisionProperties properties,
                        EtlProperties etl, DingTalkClient client) {
        this.client = client;
        this.jdbc = jdbc;
        this.plans = plans;
        this.transaction = transaction;
        this.properties = properties;
        this.etl = etl;
    }

    /** Computes and stores a plan; its id. */
    public long plan() {
        DingTalkRoles roles = dingTalkRoles();
        Long planId = transaction.execute(tx -> {
            WarehouseOrg warehouse = WarehouseOrg.read(jdbc);
            return plans.store(items(warehouse, roles), warehouse.basedOnRunId(), Instant.now());
        });
        return planId;
    }

    /**
     * Why a stored plan whose apply has not begun must not be applied as it is: a plan computed now, from today's HR
     * master and warehouse, would differ (the HR master changed, a sync or contact events changed the warehouse, or
     * another plan was applied). Empty when it still holds, and for a plan whose apply has begun (resuming it is
     * what finishes it; its look-ups keep it from writing twice).
     */
    public Optional<String> staleness(long planId) {
        PlanStore.Plan plan = plans.plan(planId).orElseThrow(() -> new IllegalArgumentException("There is no plan " + planId + "."));
        List<PlanItem> stored = plans.items(planId, Integer.MAX_VALUE);
        if (stored.stream().anyMatch(item -> item.status() != ItemStatus.PLANNED)) {
            return Optional.empty();
        }
        DingTalkRoles roles = dingTalkRoles();
        List<PlanItem> now = transaction.execute(tx -> items(WarehouseOrg.read(jdbc), roles));
        List<String> was = stored.stream().map(Provisioning::identity).toList();
        List<String> would = now.stream().map(Provisioning::identity).toList();
        if (was.equals(would)) {
            return Optional.empty();
        }
        long gone = was.stream().filter(item -> !would.contains(item)).count();
        long added = would.stream().filter(item -> !was.contains(item)).count();
        return Optional.of("Plan " + planId + " (computed " + plan.createdAt() + ") no longer matches the HR master and the warehouse:"
                + " a plan computed now has " + now.size() + " items, " + added + " of them not in plan " + planId + ", and "
                + gone + " of its " + stored.size() + " items are no longer needed. Nothing was written. Run provision for a"
                + " fresh plan.");
    }

    /** DingTalk's roles when the HR master names roles; without, none are read. */
    private DingTalkRoles dingTalkRoles() {
        return count("SELECT COUNT(*) FROM hr_employee_role") == 0 ? DingTalkRoles.NONE : DingTalkRoles.read(client);
    }

    private List<PlanItem> items(WarehouseOrg warehouse, DingTalkRoles roles) {
        HrMaster hr = HrMaster.read(jdbc);
        Map<String, String> identityLinks = new HashMap<>();
        jdbc.query("""
                SELECT m.account_id, m.userid FROM map_account_user m JOIN dim_user u ON u.userid = m.userid AND u.is_current
                WHERE m.is_current AND m.source_system = ?""",
                rs -> { identityLinks.put(rs.getString(1), rs.getString(2)); }, properties.identitySystem());
        UserLinks links = new UserLinks(warehouse.users().values(), etl.pii().mobile() == PiiPolicy.KEEP, identityLinks);
        return new ProvisionPlanner(hr, warehouse, links, properties.rootDeptId(), plans.provisionedDepartments(),
                plans.roleHistory(), roles).plan();
    }

    /** What an item writes, in a form that compares equal across a stored plan's JSON round trip. */
    private static String identity(PlanItem item) {
        return item.kind() + "|" + item.action() + "|" + item.hrId() + "|" + item.dingtalkId() + "|" + new TreeMap<>(item.intended());
    }

    /**
     * Why the plan must not be applied without {@code allowMassDelete=true}: its department deletions or user
     * deactivations exceed {@code etl.provision.max-delete-ratio} of the warehouse's current departments or users.
     */
    public Optional<String> deletionGuard(long planId) {
        PlanStore.Plan plan = plans.plan(planId).orElseThrow(() -> new IllegalArgumentException("There is no plan " + planId + "."));
        int departments = count("SELECT COUNT(*) FROM dim_department WHERE is_current");
        int users = count("SELECT COUNT(*) FROM dim_user WHERE is_current");
        String refused = tooMany("deletes", plan.count(PlanEntity.DEPARTMENT, PlanAction.DELETE), departments, "departments");
        if (refused == null) {
            refused = tooMany("deactivates", plan.count(PlanEntity.USER, PlanAction.DEACTIVATE), users, "users");
        }
        return Optional.ofNullable(refused == null ? null : "Plan " + planId + " " + refused + ", more than etl.provision.max-delete-ratio="
                + properties.maxDeleteRatio() + ". Nothing was written. If the HR master really removes them, apply it with"
                + " allowMassDelete=true.");
    }

    public PlanStore plans() {
        return plans;
    }

    public ProvisionProperties properties() {
        return properties;
    }

    private @Nullable String tooMany(String verb, int removed, int current, String what) {
        if (removed == 0 || removed <= properties.maxDeleteRatio() * current) {
            return null;
        }
        return verb + " " + removed + " of " + current + " current " + what + String.format(" (%.0f%%)", 100.0 * removed / Math.max(current, 1));
    }

    private int count(String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
