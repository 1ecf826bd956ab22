package io.dingtalketl.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * The OA approval (审批) read APIs a data team lands as raw JSON: {@code topapi/processinstance/listids} (the ids of
 * one approval form's instances started in a time window, cursor-paged) and {@code topapi/processinstance/get} (one
 * instance). Field names and shapes follow DingTalk's old-API SDK ({@code OapiProcessinstanceListidsResponse},
 * {@code OapiProcessinstanceGetResponse}): {@code result.list} / {@code result.next_cursor}, {@code process_instance}
 * with snake_case fields and "yyyy-MM-dd HH:mm:ss" times.
 *
 * <p>Instances are deterministic: each served form ({@link #processCodes()}) has, per day, one to eight instances started
 * by the organization's users, drawn from the org's seed and the users who exist when that day is first asked for.
 * Limits as DingTalk's API page states them: {@code size} at most 20, a window of at most 120 days, {@code cursor}
 * an offset. The errcodes for breaching them are not documented; like {@link AttendanceApi} the simulator answers
 * 400002 (invalid parameter) with the rule in the message.
 */
final class ApprovalsApi {

    static final int MAX_SIZE = 20;
    static final int DEFAULT_SIZE = 10;
    static final int MAX_WINDOW_DAYS = 120;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long INSTANCE_SALT = 0x510E527FADE682D1L;
    private static final String[] FORMS = {"请假", "报销", "出差"};
    private static final String[] RESULTS = {"agree", "agree", "agree", "refuse"};

    private final SimulatedOrg org;
    private final JsonMapper json;
    private final Supplier<LocalDate> today;
    private final List<String> processCodes;
    private final Map<String, List<Instance>> byDay = new ConcurrentHashMap<>();
    private final Map<String, Instance> byId = new ConcurrentHashMap<>();

    ApprovalsApi(SimulatedOrg org, JsonMapper json, Supplier<LocalDate> today) {
        this.org = org;
        this.json = json;
        this.today = today;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < FORMS.length; i++) {
            codes.add("PROC-" + Long.toHexString((org.seed() + i) * 0x9E3779B97F4A7C15L).toUpperCase().substring(0, 12));
        }
        this.processCodes = List.copyOf(codes);
    }

    /** The approval forms served, one per kind (leave, expense, trip); each is a {@code process_code}. */
    List<String> processCodes() {
        return processCodes;
    }

    /** The ids of a form's instances started in [from, to] (epoch ms), in the order {@code listids} pages them. */
    List<String> instanceIds(String processCode, long fromMillis, long toMillis) {
        List<String> ids = new ArrayList<>();
        for (Instance instance : instances(processCode, fromMillis, toMillis)) {
            ids.add(instance.id);
        }
        return ids;
    }

    /** {@code topapi/processinstance/listids}: ids of one form's instances started in a window, cursor-paged. */
    Map<String, Object> listIds(RequestParams params) {
        String processCode = params.string("process_code");
        if (processCode == null || processCode.isBlank()) {
            throw ApiError.invalidParameter("process_code");
        }
        if (!processCodes.contains(processCode.strip())) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:process_code不存在");
        }
        long start = params.requiredLong("start_time", ApiError.INVALID_PARAMETER);
        long end = params.longValue("end_time", Instant.now().toEpochMilli(), ApiError.INVALID_PARAMETER);
        if (end < start) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:end_time不能早于start_time");
        }
        if (end - start > ChronoUnit.DAYS.getDuration().toMillis() * MAX_WINDOW_DAYS) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:时间跨度不能超过" + MAX_WINDOW_DAYS + "天");
        }
        long size = params.longValue("size", DEFAULT_SIZE, ApiError.INVALID_PARAMETER);
        if (size < 1 || size > MAX_SIZE) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:size最大值为" + MAX_SIZE);
        }
        long cursor = params.longValue("cursor", 0, ApiError.INVALID_PARAMETER);
        if (cursor < 0) {
            throw ApiError.invalidParameter("cursor");
        }
        Set<String> originators = Set.copyOf(params.stringList("userid_list", json));
        List<Instance> matching = new ArrayList<>();
        for (Instance instance : instances(processCode.strip(), start, end)) {
            if (originators.isEmpty() || originators.contains(instance.originator)) {
                matching.add(instance);
            }
        }
        List<String> page = new ArrayList<>();
        for (long i = cursor; i < Math.min(cursor + size, matching.size()); i++) {
            page.add(matching.get((int) i).id);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("list", page);
        if (cursor + size < matching.size()) {
            result.put("next_cursor", cursor + size);
        }
        return Map.of("result", result);
    }

    /** {@code topapi/processinstance/get}: one instance. */
    Map<String, Object> get(RequestParams params) {
        String id = params.string("process_instance_id");
        if (id == null || id.isBlank()) {
            throw ApiError.invalidParameter("process_instance_id");
        }
        Instance instance = byId.get(id.strip());
        if (instance == null) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "无效的参数:审批实例不存在");
        }
        return Map.of("process_instance", render(instance));
    }

    private List<Instance> instances(String processCode, long fromMillis, long toMillis) {
        LocalDate first = Instant.ofEpochMilli(fromMillis).atZone(CHINA).toLocalDate();
        LocalDate last = Instant.ofEpochMilli(toMillis).atZone(CHINA).toLocalDate();
        LocalDate limit = today.get();
        List<Instance> found = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last) && !day.isAfter(limit); day = day.plusDays(1)) {
            for (Instance instance : day(processCode, day)) {
                long at = instance.created.atZone(CHINA).toInstant().toEpochMilli();
                if (at >= fromMillis && at <= toMillis) {
                    found.add(instance);
                }
            }
        }
        return found;
    }

    private List<Instance> day(String processCode, LocalDate day) {
        return byDay.computeIfAbsent(processCode + "/" + day, key -> {
            List<SimulatedOrg.User> users = org.read(() -> {
                List<SimulatedOrg.User> all = new ArrayList<>(org.users());
                all.sort(Comparator.comparing(u -> u.userid));
                return all;
            });
            int form = processCodes.indexOf(processCode);
            SplittableRandom rnd = new SplittableRandom(org.seed() * 0x9E3779B97F4A7C15L
                    ^ day.toEpochDay() * 0xC2B2AE3D27D4EB4FL ^ (long) form << 40 ^ INSTANCE_SALT);
            int count = users.isEmpty() ? 0 : 1 + rnd.nextInt(Math.max(1, Math.min(8, users.size() / 5)));
            List<Instance> instances = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedOrg.User originator = users.get(rnd.nextInt(users.size()));
                SimulatedOrg.User approver = users.get(rnd.nextInt(users.size()));
                LocalDateTime created = day.atTime(8, 0).plusSeconds(rnd.nextInt(11 * 3600));
                boolean finished = rnd.nextInt(4) != 0;
                String id = new java.util.UUID(rnd.nextLong(), rnd.nextLong()).toString().replace("-", "").substring(0, 22);
                long deptId = org.read(() -> originator.memberships.isEmpty()
                        ? SimulatedOrg.ROOT_DEPT_ID : originator.memberships.get(0).dept.id);
                String deptName = org.read(() -> org.dept(deptId) == null ? "" : org.dept(deptId).name);
                Instance instance = new Instance(id, FORMS[form], originator.userid, originator.name, deptId, deptName,
                        approver.userid, created, finished ? created.plusMinutes(5 + rnd.nextInt(600)) : null,
                        finished ? RESULTS[rnd.nextInt(RESULTS.length)] : "", 1 + rnd.nextInt(5),
                        day.toString().replace("-", "") + String.format("%06d", rnd.nextInt(1_000_000)));
                instances.add(instance);
                byId.put(id, instance);
            }
            instances.sort(Comparator.comparing((Instance x) -> x.created).thenComparing(x -> x.id));
            return List.copyOf(instances);
        });
    }

    private static Map<String, Object> render(Instance i) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", i.originatorName + "提交的" + i.form);
        p.put("create_time", TIME.format(i.created));
        if (i.finished != null) {
            p.put("finish_time", TIME.format(i.finished));
        }
        p.put("originator_userid", i.originator);
        p.put("originator_dept_id", String.valueOf(i.deptId));
        p.put("originator_dept_name", i.deptName);
        p.put("status", i.finished != null ? "COMPLETED" : "RUNNING");
        p.put("approver_userids", List.of(i.approver));
        p.put("cc_userids", List.of());
        p.put("result", i.result);
        p.put("business_id", i.businessId);
        p.put("biz_action", "NONE");
        p.put("attached_process_instance_ids", List.of());
        p.put("form_component_values", List.of(
                component("TextField-K2AD4O5B", "事由", i.form + "申请", "TextField"),
                component("NumberField-J78F056R", "天数", String.valueOf(i.days), "NumberField")));
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(record(i.originator, i.created, "START_PROCESS_INSTANCE", "NONE"));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("userid", i.approver);
        task.put("task_status", i.finished != null ? "COMPLETED" : "RUNNING");
        task.put("task_result", i.finished != null ? i.result.toUpperCase() : "NONE");
        task.put("create_time", TIME.format(i.created));
        if (i.finished != null) {
            task.put("finish_time", TIME.format(i.finished));
            records.add(record(i.approver, i.finished, "EXECUTE_TASK_NORMAL", i.result.toUpperCase()));
        }
        task.put("taskid", String.valueOf(Math.abs((long) i.id.hashCode())));
        p.put("operation_records", records);
        p.put("tasks", List.of(task));
        return p;
    }

    private static Map<String, Object> component(String id, String name, String value, String type) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", name);
        c.put("value", value);
        c.put("component_type", type);
        return c;
    }

    private static Map<String, Object> record(String userid, LocalDateTime at, String type, String result) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("userid", userid);
        r.put("date", TIME.format(at));
        r.put("operation_type", type);
        r.put("operation_result", result);
        return r;
    }

    private record Instance(String id, String form, String originator, String originatorName, long deptId,
            String deptName, String approver, LocalDateTime created, LocalDateTime finished, String result, int days,
            String businessId) {
    }
}
