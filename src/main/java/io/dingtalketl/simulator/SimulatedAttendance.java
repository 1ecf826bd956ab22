package io.dingtalketl.simulator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The attendance of a {@link SimulatedOrg}: punch results, raw punches and leaves. Everything is derived from the
 * org's seed, the userid and the day (or week, for leaves), so two simulators of the same org agree, and a day is
 * built once and then kept, so ids stay stable and corrections stick. Thread safe.
 *
 * <p>The schedule: every user works Monday to Friday, 09:00 to 18:00 China time, in one of three attendance
 * groups; weekends are unscheduled and have no results. Days after {@code today} have no results yet. A day
 * covered by a leave has results decided by the leave's approval ({@code APPROVE}, with its approveId).
 */
final class SimulatedAttendance {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalTime ON_DUTY_TIME = LocalTime.of(9, 0);
    private static final LocalTime OFF_DUTY_TIME = LocalTime.of(18, 0);
    private static final long[] GROUP_IDS = {685_935_028L, 685_935_029L, 1_010_275_569L};
    private static final long[] CLASS_IDS = {677_995_086L, 677_995_087L, 1_023_475_002L};
    private static final String[] ADDRESSES = {"浙江省杭州市余杭区文一西路969号", "北京市朝阳区望京东园四区", "上海市浦东新区世纪大道100号"};
    private static final double[][] SITES = {{30.285413, 120.017139}, {39.996212, 116.480881}, {31.235929, 121.506058}};
    private static final long DAY_SALT = 0x6A09E667F3BCC908L;
    private static final long LEAVE_SALT = 0xBB67AE8584CAA73BL;
    private static final long CORRECTION_SALT = 0x3C6EF372FE94F82BL;
    private static final long ID_BASE = 10_000_000_000L;
    private static final long ID_SPAN = 900_000_000_000_000L;

    private final long seed;
    private final Supplier<LocalDate> today;
    private final Predicate<String> userExists;
    private final List<String> leaveCodes;
    private final Map<DayKey, Day> days = new ConcurrentHashMap<>();
    /** Leaves approved after their day ({@link #approveLeave}), by userid. */
    private final Map<String, List<LeaveInterval>> approvedLater = new ConcurrentHashMap<>();
    /** Who owns each id handed out, so that two things never share one (a hash collision takes the next id). */
    private final Map<Long, String> idOwners = new ConcurrentHashMap<>();

    private record DayKey(String userid, LocalDate date) {
    }

    private record Day(List<PunchResult> results, List<Punch> punches) {
    }

    SimulatedAttendance(long seed, Supplier<LocalDate> today, Predicate<String> userExists) {
        this.seed = seed;
        this.today = today;
        this.userExists = userExists;
        SplittableRandom rnd = new SplittableRandom(seed ^ LEAVE_SALT);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add(new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        }
        this.leaveCodes = List.copyOf(codes);
    }

    /** The leave codes of the org's leave types (年假, 事假, 病假, 调休). */
    List<String> leaveCodes() {
        return leaveCodes;
    }

    LocalDate today() {
        return today.get();
    }

    /** The user's punch results from {@code from} to {@code to} (work days, inclusive), by day, OnDuty first. */
    List<PunchResult> results(String userid, LocalDate from, LocalDate to) {
        List<PunchResult> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.addAll(day(userid, d).results());
        }
        return out;
    }

    /** The user's punches whose time is within [from, to], in time order. */
    List<Punch> punches(String userid, Instant from, Instant to) {
        List<Punch> out = new ArrayList<>();
        LocalDate first = from.atZone(CHINA).toLocalDate();
        LocalDate last = to.atZone(CHINA).toLocalDate();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            for (Punch p : day(userid, d).punches()) {
                if (!p.userCheckTime().isBefore(from) && !p.userCheckTime().isAfter(to)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The user's leaves that overlap [from, to], by start. */
    List<LeaveInterval> leaves(String userid, Instant from, Instant to) {
        List<LeaveInterval> out = new ArrayList<>();
        if (!userExists.test(userid)) {
            return out;
        }
        LocalDate monday = from.atZone(CHINA).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = to.atZone(CHINA).toLocalDate();
        for (; !monday.isAfter(last); monday = monday.plusWeeks(1)) {
            LeaveInterval leave = leaveOfWeek(userid, monday);
            if (leave != null && !leave.start().isAfter(to) && !leave.end().isBefore(from)) {
                out.add(leave);
            }
        }
        for (LeaveInterval leave : approvedLater.getOrDefault(userid, List.of())) {
            if (!leave.start().isAfter(to) && !leave.end().isBefore(from)) {
                out.add(leave);
            }
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        return out;
    }

    /**
     * A leave of the whole work day {@code date} approved after the day (补请假): getleavestatus lists it from now on,
     * and the day's results become {@code APPROVE} results of the leave (same ids); the day's punches are gone.
     *
     * @throws IllegalArgumentException when the user had no scheduled check point that day
     */
    LeaveInterval approveLeave(String userid, LocalDate date) {
        if (day(userid, date).results().isEmpty()) {
            throw new IllegalArgumentException(userid + " has no check point on " + date + " (weekend, after today, or no such user)");
        }
        SplittableRandom rnd = random(userid, date.toEpochDay(), LEAVE_SALT ^ 0x77);
        LeaveInterval leave = new LeaveInterval(userid, leaveCodes.get(0), date.atTime(ON_DUTY_TIME).atZone(CHINA).toInstant(),
                date.atTime(OFF_DUTY_TIME).atZone(CHINA).toInstant(), "percent_day", 100L,
                uniqueId("approve:leave-later:" + userid + "/" + date, rnd), new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        approvedLater.computeIfAbsent(userid, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(leave);
        days.compute(new DayKey(userid, date), (key, existing) -> {
            // DingTalk keeps a check point's result id (and schedule) when an approval decides it
            Day regenerated = generate(userid, date);
            List<PunchResult> results = new ArrayList<>();
            for (PunchResult r : regenerated.results()) {
                PunchResult before = existing == null ? null : existing.results().stream()
                        .filter(o -> o.checkType().equals(r.checkType())).findFirst().orElse(null);
                results.add(before == null ? r : new PunchResult(before.id(), r.recordId(), r.userId(), r.workDate(), r.checkType(),
                        r.baseCheckTime(), r.userCheckTime(), r.timeResult(), r.locationResult(), r.sourceType(), before.planId(),
                        r.groupId(), r.procInstId(), r.approveId()));
            }
            return new Day(List.copyOf(results), regenerated.punches());
        });
        return leave;
    }

    /**
     * Changes one past result as an approved correction (补卡/审批) does: it becomes Normal, decided by the
     * approval ({@code sourceType} APPROVE, a new approveId and procInstId), and keeps its id.
     *
     * @throws IllegalArgumentException when the user had no such check point that day
     */
    PunchResult correct(String userid, LocalDate date, String checkType) {
        PunchResult[] corrected = new PunchResult[1];
        days.compute(new DayKey(userid, date), (key, existing) -> {
            Day day = existing != null ? existing : generate(userid, date);
            List<PunchResult> results = new ArrayList<>(day.results());
            for (int i = 0; i < results.size(); i++) {
                PunchResult r = results.get(i);
                if (r.checkType().equals(checkType)) {
                    SplittableRandom rnd = random(userid, date.toEpochDay(), CORRECTION_SALT ^ checkType.hashCode() ^ i);
                    long approveId = uniqueId("approve:correct:" + userid + "/" + date + "/" + checkType, rnd);
                    corrected[0] = r.approved(approveId, new UUID(rnd.nextLong(), rnd.nextLong()).toString());
                    results.set(i, corrected[0]);
                }
            }
            if (corrected[0] == null) {
                return day;
            }
            // the approval (补卡) adds a punch, made at the check point's time and modified when it was approved
            PunchResult c = corrected[0];
            int group = (int) Math.floorMod(hash(userid) ^ seed, (long) GROUP_IDS.length);
            SplittableRandom rnd = random(userid, date.toEpochDay(), CORRECTION_SALT ^ 0x5F);
            Punch approved = new Punch(uniqueId("punch:approve:" + userid + "/" + date + "/" + checkType, rnd), userid, date,
                    checkType, c.userCheckTime(), c.baseCheckTime(), c.timeResult(), c.locationResult(), "APPROVE", c.planId(),
                    GROUP_IDS[group], CLASS_IDS[group], "APPROVE", ADDRESSES[group], SITES[group][0], SITES[group][1], 0,
                    Long.toHexString(rnd.nextLong()), null, null, null, null, null, null, null, c.procInstId(), c.approveId(),
                    approvedAt());
            List<Punch> punches = new ArrayList<>(day.punches());
            punches.add(approved);
            punches.sort((a, b) -> a.userCheckTime().compareTo(b.userCheckTime()));
            return new Day(List.copyOf(results), List.copyOf(punches));
        });
        if (corrected[0] == null) {
            throw new IllegalArgumentException(userid + " has no " + checkType + " check point on " + date
                    + " (weekend, after today, or no such user)");
        }
        return corrected[0];
    }

    /** When an approval made now is recorded: 10:00 China time of {@code today}, or now when today is the real date. */
    private Instant approvedAt() {
        LocalDate day = today.get();
        Instant now = Instant.now();
        return day.equals(LocalDate.now(CHINA)) ? now : day.atTime(10, 0).atZone(CHINA).toInstant();
    }

    private Day day(String userid, LocalDate date) {
        return days.computeIfAbsent(new DayKey(userid, date), k -> generate(userid, date));
    }

    private Day generate(String userid, LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY || date.isAfter(today.get()) || !userExists.test(userid)) {
            return new Day(List.of(), List.of());
        }
        SplittableRandom rnd = random(userid, date.toEpochDay(), DAY_SALT);
        int group = (int) Math.floorMod(hash(userid) ^ seed, (long) GROUP_IDS.length);
        Instant dayStart = date.atStartOfDay(CHINA).toInstant();
        List<LeaveInterval> leaves = leaves(userid, dayStart, dayStart.plus(Duration.ofDays(1)));
        List<PunchResult> results = new ArrayList<>(2);
        List<Punch> punches = new ArrayList<>();
        for (String checkType : List.of(PunchResult.ON_DUTY, PunchResult.OFF_DUTY)) {
            boolean on = checkType.equals(PunchResult.ON_DUTY);
            Instant base = date.atTime(on ? ON_DUTY_TIME : OFF_DUTY_TIME).atZone(CHINA).toInstant();
            String point = userid + "/" + date + "/" + checkType;
            long planId = uniqueId("plan:" + point, rnd);
            long resultId = uniqueId("result:" + point, rnd);
            LeaveInterval leave = leaves.stream()
                    .filter(l -> !l.start().isAfter(base) && !l.end().isBefore(base)).findFirst().orElse(null);
            if (leave != null) {
                results.add(new PunchResult(resultId, null, userid, date, checkType, base, base, "Normal", "Normal",
                        "APPROVE", planId, GROUP_IDS[group], leave.procInstId(), leave.approveId()));
                continue;
            }
            double p = rnd.nextDouble();
            String timeResult;
            Instant at;
            if (on) {
                timeResult = p < 0.78 ? "Normal" : p < 0.88 ? "Late" : p < 0.91 ? "SeriousLate" : p < 0.93 ? "Absenteeism" : "NotSigned";
                at = switch (timeResult) {
                    case "Normal" -> base.minusSeconds(60L + rnd.nextInt(30 * 60));
                    case "Late" -> base.plusSeconds(60L + rnd.nextInt(29 * 60));
                    case "SeriousLate" -> base.plusSeconds(31 * 60L + rnd.nextInt(89 * 60));
                    case "Absenteeism" -> base.plusSeconds(121 * 60L + rnd.nextInt(119 * 60));
                    default -> base;
                };
            } else {
                timeResult = p < 0.82 ? "Normal" : p < 0.93 ? "Early" : "NotSigned";
                at = switch (timeResult) {
                    case "Normal" -> base.plusSeconds(rnd.nextInt(90 * 60));
                    case "Early" -> base.minusSeconds(60L + rnd.nextInt(59 * 60));
                    default -> base;
                };
            }
            if (timeResult.equals("NotSigned")) {
                // DingTalk still reports the check point, at its base time, decided by the system
                results.add(new PunchResult(resultId, null, userid, date, checkType, base, base, "NotSigned", "NotSigned",
                        "SYSTEM", planId, GROUP_IDS[group], null, null));
                continue;
            }
            double s = rnd.nextDouble();
            String sourceType = s < 0.7 ? "USER" : s < 0.8 ? "ATM" : s < 0.9 ? "DING_ATM" : "BEACON";
            boolean outside = sourceType.equals("USER") && rnd.nextDouble() < 0.12;
            String locationResult = outside ? "Outside" : "Normal";
            // an outside punch is often covered by a field-work approval (外出审批)
            boolean approvedOutside = outside && rnd.nextBoolean();
            Long approveId = approvedOutside ? uniqueId("approve:outside:" + point, rnd) : null;
            String procInstId = approvedOutside ? new UUID(rnd.nextLong(), rnd.nextLong()).toString() : null;
            Punch punch = punch("punch:" + point, rnd, userid, date, checkType, at, base, timeResult, locationResult,
                    sourceType, planId, group, outside, null, null);
            punches.add(punch);
            results.add(new PunchResult(resultId, punch.id(), userid, date, checkType, base, at, timeResult,
                    locationResult, sourceType, planId, GROUP_IDS[group], procInstId, approveId));
            if (rnd.nextDouble() < 0.06) {
                boolean security = rnd.nextBoolean();
                punches.add(punch("punch:invalid:" + point, rnd, userid, date, null, at.plusSeconds(60L + rnd.nextInt(600)),
                        null, null, null, "USER", null, group, false, security ? "Security" : "Other",
                        security ? "疑似使用作弊软件打卡" : "需要二次确认"));
            }
        }
        punches.sort((a, b) -> a.userCheckTime().compareTo(b.userCheckTime()));
        return new Day(List.copyOf(results), List.copyOf(punches));
    }

    private Punch punch(String owner, SplittableRandom rnd, String userid, LocalDate date, String checkType, Instant at,
                        Instant base, String timeResult, String locationResult, String sourceType, Long planId, int group,
                        boolean outside, String invalidType, String invalidMsg) {
        long id = uniqueId(owner, rnd);
        double[] site = SITES[group];
        double spread = outside ? 0.05 : 0.0005;
        boolean machine = sourceType.equals("ATM") || sourceType.equals("DING_ATM");
        String deviceId = Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
        return new Punch(id, userid, date, checkType, at, base, timeResult, locationResult, sourceType, planId,
                invalidType == null ? GROUP_IDS[group] : null, invalidType == null ? CLASS_IDS[group] : null,
                machine ? "ATM" : sourceType.equals("BEACON") ? "BEACON" : rnd.nextBoolean() ? "MAP" : "WIFI",
                outside ? "浙江省杭州市西湖区客户现场" : ADDRESSES[group],
                round6(site[0] + (rnd.nextDouble() - 0.5) * spread), round6(site[1] + (rnd.nextDouble() - 0.5) * spread),
                machine ? 0 : 10 + rnd.nextInt(60), deviceId, machine ? "DT" + Long.toString(Math.abs(hash(deviceId)) % 1_000_000_000L) : null,
                machine ? null : "office-" + group, machine ? null : String.format("a4:%02x:%02x:%02x:%02x:%02x",
                        rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)),
                invalidType, invalidMsg, outside ? "拜访客户" : null, null, null, null, at);
    }

    private LeaveInterval leaveOfWeek(String userid, LocalDate monday) {
        SplittableRandom rnd = random(userid, monday.toEpochDay(), LEAVE_SALT);
        if (rnd.nextDouble() >= 0.08) {
            return null;
        }
        String code = leaveCodes.get(rnd.nextInt(leaveCodes.size()));
        long approveId = uniqueId("approve:leave:" + userid + "/" + monday, rnd);
        String procInstId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        if (rnd.nextBoolean()) {
            int length = 1 + rnd.nextInt(2);
            LocalDate first = monday.plusDays(rnd.nextInt(5 - length + 1));
            return new LeaveInterval(userid, code, first.atTime(ON_DUTY_TIME).atZone(CHINA).toInstant(),
                    first.plusDays(length - 1).atTime(OFF_DUTY_TIME).atZone(CHINA).toInstant(), "percent_day",
                    length * 100L, approveId, procInstId);
        }
        int hours = 2 + rnd.nextInt(3);
        LocalDate day = monday.plusDays(rnd.nextInt(5));
        LocalTime start = rnd.nextBoolean() ? ON_DUTY_TIME : OFF_DUTY_TIME.minusHours(hours);
        return new LeaveInterval(userid, code, day.atTime(start).atZone(CHINA).toInstant(),
                day.atTime(start.plusHours(hours)).atZone(CHINA).toInstant(), "percent_hour", hours * 100L,
                approveId, procInstId);
    }

    private SplittableRandom random(String userid, long epochUnit, long salt) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ hash(userid) ^ epochUnit * 0xC2B2AE3D27D4EB4FL ^ salt);
    }

    /** An id drawn from {@code rnd} for {@code owner}, the same for the same owner, never one another owner has. */
    private long uniqueId(String owner, SplittableRandom rnd) {
        long candidate = ID_BASE + Math.floorMod(rnd.nextLong(), ID_SPAN);
        while (true) {
            String previous = idOwners.putIfAbsent(candidate, owner);
            if (previous == null || previous.equals(owner)) {
                return candidate;
            }
            candidate++;
        }
    }

    /** FNV-1a over the chars: the same in every JVM and run, so the data is too. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static double round6(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }
}
