package io.dingtalketl.provision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code prov_plan} and {@code prov_plan_item}: the one class that writes them. */
public class PlanStore {

    /** prov_plan.status */
    static final String PLANNED = "PLANNED";
    static final String APPLYING = "APPLYING";
    static final String APPLIED = "APPLIED";
    static final String APPLIED_WITH_ERRORS = "APPLIED_WITH_ERRORS";
    static final String INTERRUPTED = "INTERRUPTED";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;

    public PlanStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored plan: its counts per kind and action, and per item status. */
    public record Plan(long planId, Instant createdAt, @Nullable Long basedOnRunId, String status,
                       Map<PlanEntity, Map<PlanAction, Integer>> actions, Map<ItemStatus, Integer> statuses) {

        public int count(PlanEntity kind, PlanAction action) {
            return actions.getOrDefault(kind, Map.of()).getOrDefault(action, 0);
        }

        public int count(ItemStatus status) {
            return statuses.getOrDefault(status, 0);
        }

        public int items() {
            return statuses.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** "departments: 2 create, 1 delete; users: 3 create" or "nothing to do". */
        public String describeActions() {
            StringBuilder text = new StringBuilder();
            for (PlanEntity kind : PlanEntity.values()) {
                Map<PlanAction, Integer> counts = actions.get(kind);
                if (counts == null) {
                    continue;
                }
                StringBuilder line = new StringBuilder();
                counts.forEach((action, n) -> line.append(line.isEmpty() ? "" : ", ").append(n).append(' ')
                        .append(action.name().toLowerCase()));
                text.append(text.isEmpty() ? "" : "; ").append(switch (kind) {
                            case DEPARTMENT -> "departments";
                            case USER -> "users";
                            case ROLE_GROUP -> "role groups";
                            case ROLE -> "roles";
                        })
                        .append(": ").append(line);
            }
            return text.isEmpty() ? "nothing to do" : text.toString();
        }
    }

    long store(List<PlanItem> items, @Nullable Long basedOnRunId, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("""
                    INSERT INTO prov_plan (created_at, based_on_run_id, status, departments_created, departments_updated,
                      departments_moved, departments_deleted, users_created, users_updated, users_moved, users_deactivated,
                      role_groups_created, roles_created, roles_assigned)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"plan_id"});
            insert.setObject(1, utc(at));
            insert.setObject(2, basedOnRunId);
            insert.setString(3, PLANNED);
            int column = 4;
            for (PlanEntity kind : PlanEntity.values()) {
                List<PlanAction> counted = switch (kind) {
                    case DEPARTMENT -> List.of(PlanAction.CREATE, PlanAction.UPDATE, PlanAction.MOVE, PlanAction.DELETE);
                    case USER -> List.of(PlanAction.CREATE, PlanAction.UPDATE, PlanAction.MOVE, PlanAction.DEACTIVATE);
                    case ROLE_GROUP -> List.of(PlanAction.CREATE);
                    case ROLE -> List.of(PlanAction.CREATE, PlanAction.ASSIGN);
                };
                for (PlanAction action : counted) {
                    insert.setInt(column++, (int) items.stream().filter(i -> i.kind() == kind && i.action() == action).count());
                }
            }
            return insert;
        }, key);
        long planId = key.getKey().longValue();
        List<Object[]> rows = new ArrayList<>();
        for (PlanItem item : items) {
            rows.add(new Object[] {planId, item.seq(), item.kind().name(), item.action().name(), item.hrId(), item.dingtalkId(),
                    JSON.writeValueAsString(item.intended()), ItemStatus.PLANNED.name()});
        }
        jdbc.batchUpdate("""
                INSERT INTO prov_plan_item (plan_id, seq, entity_kind, action, hr_id, dingtalk_id, intended, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        return planId;
    }

    public Optional<Plan> plan(long planId) {
        List<Plan> plans = jdbc.query("SELECT plan_id, created_at, based_on_run_id, status FROM prov_plan WHERE plan_id = ?",
                (rs, n) -> {
                    long basedOn = rs.getLong(3);
                    Long run = rs.wasNull() ? null : basedOn;
                    Map<PlanEntity, Map<PlanAction, Integer>> actions = new EnumMap<>(PlanEntity.class);
                    Map<ItemStatus, Integer> statuses = new EnumMap<>(ItemStatus.class);
                    return new Plan(rs.getLong(1), rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC), run, rs.getString(4), actions, statuses);
                }, planId);
        if (plans.isEmpty()) {
            return Optional.empty();
        }
        Plan plan = plans.get(0);
        jdbc.query("SELECT entity_kind, action, COUNT(*) FROM prov_plan_item WHERE plan_id = ? GROUP BY entity_kind, action", rs -> {
            plan.actions().computeIfAbsent(PlanEntity.valueOf(rs.getString(1)), k -> new EnumMap<>(PlanAction.class))
                    .put(PlanAction.valueOf(rs.getString(2)), rs.getInt(3));
        }, planId);
        jdbc.query("SELECT status, COUNT(*) FROM prov_plan_item WHERE plan_id = ? GROUP BY status",
                rs -> { plan.statuses().put(ItemStatus.valueOf(rs.getString(1)), rs.getInt(2)); }, planId);
        return Optional.of(plan);
    }

    public Optional<Long> latestPlanId() {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(plan_id) FROM prov_plan", Long.class));
    }

    /** The first {@code limit} items of the plan, in order. */
    public List<PlanItem> items(long planId, int limit) {
        return jdbc.query(SELECT_ITEM + " WHERE plan_id = ? ORDER BY seq LIMIT ?", PlanStore::item, planId, limit);
    }

    /** Items of the plan in a status, in order. */
    public List<PlanItem> items(long planId, ItemStatus status) {
        return jdbc.query(SELECT_ITEM + " WHERE plan_id = ? AND status = ? ORDER BY seq", PlanStore::item, planId, status.name());
    }

    Optional<PlanItem> nextPlanned(long planId, int afterSeq) {
        return jdbc.query(SELECT_ITEM + " WHERE plan_id = ? AND seq > ? AND status = 'PLANNED' ORDER BY seq LIMIT 1",
                PlanStore::item, planId, afterSeq).stream().findFirst();
    }

    /** The plan's create item of an HR department, if it has one. */
    Optional<PlanItem> departmentCreate(long planId, String hrId) {
        return create(planId, PlanEntity.DEPARTMENT, hrId);
    }

    /** The plan's create item of this kind and HR id, if it has one. */
    Optional<PlanItem> create(long planId, PlanEntity kind, String hrId) {
        return jdbc.query(SELECT_ITEM + " WHERE plan_id = ? AND entity_kind = ? AND action = 'CREATE' AND hr_id = ?",
                PlanStore::item, planId, kind.name(), hrId).stream().findFirst();
    }

    /** The DingTalk id an earlier plan created (or found) for this kind and HR id. */
    Optional<String> createdBefore(PlanEntity kind, String hrId) {
        return jdbc.queryForList("""
                SELECT dingtalk_id FROM prov_plan_item WHERE entity_kind = ? AND action = 'CREATE' AND hr_id = ?
                  AND status = 'APPLIED' AND dingtalk_id IS NOT NULL ORDER BY plan_id DESC, seq DESC""",
                String.class, kind.name(), hrId).stream().findFirst();
    }

    /** What earlier plans did about roles: the groups and roles they created, the assignments they made. */
    RoleHistory roleHistory() {
        RoleHistory history = new RoleHistory(new HashSet<>(), new HashSet<>(), new HashSet<>());
        jdbc.query("SELECT entity_kind, action, hr_id, intended FROM prov_plan_item WHERE entity_kind IN ('ROLE_GROUP', 'ROLE')"
                + " AND status = 'APPLIED'", rs -> {
            String kind = rs.getString(1);
            String action = rs.getString(2);
            if (kind.equals("ROLE_GROUP")) {
                history.groups().add(rs.getString(3));
            } else if (action.equals("CREATE")) {
                history.roles().add(rs.getString(3));
            } else {
                Map<String, Object> values = JSON.readValue(rs.getString(4), VALUES);
                history.assignments().add(rs.getString(3) + " " + values.get(PlanItem.ROLE_GROUP) + "/" + values.get(PlanItem.ROLE_NAME));
            }
        });
        return history;
    }

    /** @param assignments "employeeHrId group/role" */
    record RoleHistory(Set<String> groups, Set<String> roles, Set<String> assignments) {
    }

    /** HR ids of the departments any plan has written: the departments provisioning manages (and may delete). */
    Set<String> provisionedDepartments() {
        return new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT hr_id FROM prov_plan_item WHERE entity_kind = 'DEPARTMENT' AND hr_id IS NOT NULL", String.class));
    }

    /** The DingTalk department the warehouse holds for an HR department (current, source_identifier = the HR id). */
    Optional<Long> warehouseDepartment(String hrId) {
        return jdbc.queryForList("SELECT dept_id FROM dim_department WHERE is_current AND source_identifier = ? ORDER BY dept_id",
                Long.class, hrId).stream().findFirst();
    }

    void record(long planId, int seq, ItemStatus status, @Nullable String dingtalkId, @Nullable Integer errcode,
                @Nullable String errmsg, Instant at) {
        jdbc.update("""
                UPDATE prov_plan_item SET status = ?, dingtalk_id = COALESCE(?, dingtalk_id), errcode = ?, errmsg = ?, applied_at = ?
                WHERE plan_id = ? AND seq = ?""", status.name(), dingtalkId, errcode,
                errmsg == null ? null : errmsg.substring(0, Math.min(errmsg.length(), 1000)), utc(at), planId, seq);
    }

    void status(long planId, String status, @Nullable Instant appliedAt) {
        jdbc.update("UPDATE prov_plan SET status = ?, applied_at = ? WHERE plan_id = ?", status,
                appliedAt == null ? null : utc(appliedAt), planId);
    }

    private static final String SELECT_ITEM =
            "SELECT seq, entity_kind, action, hr_id, dingtalk_id, intended, status, errcode, errmsg FROM prov_plan_item";

    private static PlanItem item(ResultSet rs, int row) throws SQLException {
        int errcode = rs.getInt(8);
        Integer code = rs.wasNull() ? null : errcode;
        return new PlanItem(rs.getInt(1), PlanEntity.valueOf(rs.getString(2)), PlanAction.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), JSON.readValue(rs.getString(6), VALUES), ItemStatus.valueOf(rs.getString(7)),
                code, rs.getString(9));
    }

    private static LocalDateTime utc(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
