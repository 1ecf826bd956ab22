package io.dingtalketl.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dingtalketl.client.DingTalkEndpoint;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An embedded DingTalk server ({@code oapi.dingtalk.com}) serving a {@link SimulatedOrg} on
 * {@code 127.0.0.1} and a free port. It answers the APIs of {@link DingTalkEndpoint} the way the real
 * server does: errors are HTTP 200 with {@code errcode}/{@code errmsg}/{@code request_id}; every API
 * but gettoken needs {@code ?access_token=} in the URL; each API is throttled per app (90018).
 *
 * <p>Each request is handled in this order: QPS window (90018) → latency → injected fault → token
 * (41001/40014/42001) → permission (60011) → monthly quota of metered APIs (90020) → the API itself (scope
 * 50004, 60003, …). Every request to
 * a known path is recorded in the call log, whatever its outcome.
 *
 * <p>All knobs are thread safe and take effect for the next request. The access token and the app
 * secret are never logged or recorded.
 */
public final class DingTalkSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DingTalkSimulator.class.getName());
    private static final int THREADS = 64;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter PENALTY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);
    private static final String BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
            + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, the
        // body then waits for the client's delayed ACK (~40 ms per call). Read once per JVM, so set it
        // before the first HttpServer is created, and leave an explicit setting alone.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private volatile SimulatedOrg org;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, DingTalkEndpoint> endpointsByPath = new HashMap<>();
    private final SimulatorClock clock = new SimulatorClock();
    private final TokenRegistry tokens = new TokenRegistry(clock);
    private final QpsWindows qps = new QpsWindows(clock);
    private final FaultPlan faults = new FaultPlan();
    private final Set<Long> deniedScopes = ConcurrentHashMap.newKeySet();
    private final Set<DingTalkEndpoint> deniedPermissions = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<CallRecord> callLog = new ConcurrentLinkedQueue<>();
    /** Signalled after each call is logged ({@link #awaitCalls}). */
    private final Object callLogged = new Object();
    private final Map<DingTalkEndpoint, LongAdder> callCounts = new EnumMap<>(DingTalkEndpoint.class);
    private final Map<DingTalkEndpoint, LongAdder> quotaRefusals = new EnumMap<>(DingTalkEndpoint.class);
    /** Guards {@link #expireTokensEvery}'s rule: every how many data calls (0: never), and the calls counted. */
    private final Object tokenExpiryLock = new Object();
    private int tokenExpiryEvery;
    private long tokenExpiryCalls;
    private final LongAdder tokenExpiries = new LongAdder();
    private final java.util.List<CallHold> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FailedPushes failedPushes = new FailedPushes();
    private volatile ContactsApi contacts;
    private volatile WritesApi writes;
    private volatile WorkNotifications notifications;
    private volatile SimulatedAttendance attendance;
    private volatile AttendanceApi attendanceApi;
    private volatile ApprovalsApi approvals;
    /** The attendance's "today" (results exist up to it; older than half a year is refused); null: the real date. */
    private volatile LocalDate attendanceToday;
    private final MeteredQuota quota = new MeteredQuota();
    private volatile SimulatorSettings settings;

    private DingTalkSimulator(SimulatedOrg org, SimulatorSettings settings) throws IOException {
        this.org = org;
        this.settings = settings;
        this.contacts = new ContactsApi(org, deniedScopes);
        this.writes = new WritesApi(org, json);
        this.notifications = new WorkNotifications(org, json);
        useAttendanceOf(org);
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            endpointsByPath.put(endpoint.defaultPath(), endpoint);
            callCounts.put(endpoint, new LongAdder());
            quotaRefusals.put(endpoint, new LongAdder());
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "dingtalk-simulator-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a simulator on a free port of 127.0.0.1. */
    public static DingTalkSimulator start(SimulatedOrg org, SimulatorSettings settings) {
        try {
            return new DingTalkSimulator(org, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the DingTalk simulator", e);
        }
    }

    /** Starts a simulator with {@link SimulatorSettings#defaults()}. */
    public static DingTalkSimulator start(SimulatedOrg org) {
        return start(org, SimulatorSettings.defaults());
    }

    /** Where to point the client instead of {@code https://oapi.dingtalk.com}, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public SimulatedOrg org() {
        return org;
    }

    /**
     * Serves another organization from now on (tests reuse one server for many scenarios). Faults
     * and the call log are kept, and so are the monthly quota and its count; denied scopes and permissions, sent
     * messages and attendance corrections start afresh.
     */
    public synchronized void replaceOrg(SimulatedOrg newOrg) {
        deniedScopes.clear();
        deniedPermissions.clear();
        this.contacts = new ContactsApi(newOrg, deniedScopes);
        this.writes = new WritesApi(newOrg, json);
        this.notifications = new WorkNotifications(newOrg, json);
        useAttendanceOf(newOrg);
        this.org = newOrg;
    }

    private void useAttendanceOf(SimulatedOrg served) {
        SimulatedAttendance book = new SimulatedAttendance(served.seed(),
                () -> attendanceToday != null ? attendanceToday : LocalDate.now(CHINA),
                userid -> served.read(() -> served.user(userid) != null));
        this.attendanceApi = new AttendanceApi(book, "ding" + Long.toHexString(served.seed() * 0x9E3779B97F4A7C15L), json);
        this.attendance = book;
        this.approvals = new ApprovalsApi(served, json,
                () -> attendanceToday != null ? attendanceToday : LocalDate.now(CHINA));
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** Changes settings while running, e.g. {@code sim.updateSettings(s -> s.withQpsPerApi(5))}. */
    public synchronized void updateSettings(UnaryOperator<SimulatorSettings> change) {
        settings = change.apply(settings);
    }

    // ------------------------------------------------------------------ knobs

    /**
     * Stops the simulator's clock (QPS windows, token lifetimes, call-log times): from now on it moves only by
     * {@link #advanceClock}. Answers still take {@code latency} of real time.
     */
    public void freezeClock() {
        clock.freeze();
    }

    /** Moves the simulator's clock on by {@code duration}, as if that much time had passed (no waiting). */
    public void advanceClock(Duration duration) {
        clock.advance(duration);
    }

    /** Every token issued so far answers 42001 from now on. */
    public void expireAllTokens() {
        tokens.expireAll();
    }

    /**
     * Every {@code calls}th call to an API other than gettoken (counted from now, after the QPS window) finds
     * every token expired, as if it had outlived its lifetime just then: it answers 42001, and so do calls
     * with the old token after it. 0 turns the rule off; {@link #clearFaults()} too.
     */
    public void expireTokensEvery(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("calls must be >= 0 (0 = never), was " + calls);
        }
        synchronized (tokenExpiryLock) {
            tokenExpiryEvery = calls;
            tokenExpiryCalls = 0;
        }
    }

    /** How many times {@link #expireTokensEvery} expired the tokens so far. */
    public long tokenExpiries() {
        return tokenExpiries.sum();
    }

    /** The next {@code times} calls to {@code endpoint} fail with {@code fault}. */
    public void failNext(DingTalkEndpoint endpoint, int times, Fault fault) {
        faults.failNext(endpoint, times, fault);
    }

    /**
     * Every {@code every}th call to {@code endpoint} (counted from now, among the calls the QPS window lets
     * through) fails, with the next of {@code faults} in turn, until {@link #clearFaults()}. Faults then
     * follow the traffic, whatever the machine's speed.
     */
    public void failEvery(DingTalkEndpoint endpoint, int every, List<Fault> faults) {
        this.faults.failEvery(endpoint, every, faults);
    }

    /** Faults injected so far by {@link #failNext}, {@link #failEvery} and {@link #failAfter}. */
    public long injectedFaults() {
        return faults.injected();
    }

    /**
     * After the next {@code successfulCalls} successful calls, every call fails with {@code fault} until
     * {@link #clearFaults()}. With a null endpoint the rule covers every API except gettoken, so a
     * client can still fetch tokens and the count is about data calls only.
     */
    public void failAfter(DingTalkEndpoint endpointOrNullForAll, int successfulCalls, Fault fault) {
        faults.failAfter(endpointOrNullForAll, successfulCalls, fault);
    }

    /**
     * Holds calls to {@code endpoint} once {@code passing} more have gone through: they wait, unanswered, until
     * the hold is released (or the simulator closes).
     */
    public CallHold holdAfter(DingTalkEndpoint endpoint, int passing) {
        CallHold hold = new CallHold(endpoint, passing);
        holds.add(hold);
        return hold;
    }

    /** Ends every fault rule, {@link #expireTokensEvery} included. */
    public void clearFaults() {
        faults.clear();
        expireTokensEvery(0);
    }

    /** department/listsub, department/get and v2/user/list on this department answer 50004 (exactly this id, not its subtree). */
    public void denyScope(long deptId) {
        deniedScopes.add(deptId);
    }

    public void restoreScope(long deptId) {
        deniedScopes.remove(deptId);
    }

    /** Every call to this API answers 60011, as when the app lacks the permission in the developer console. */
    public void denyPermission(DingTalkEndpoint endpoint) {
        deniedPermissions.add(endpoint);
    }

    public void grantPermission(DingTalkEndpoint endpoint) {
        deniedPermissions.remove(endpoint);
    }

    /**
     * Every write API ({@link DingTalkEndpoint#writes()}: department, user and role writes) answers 60011, as for
     * an app without the contacts management permission ({@code qyapi_manage_addresslist}); reads still work.
     */
    public void denyWrites() {
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            if (endpoint.writes()) {
                deniedPermissions.add(endpoint);
            }
        }
    }

    public void grantWrites() {
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            if (endpoint.writes()) {
                deniedPermissions.remove(endpoint);
            }
        }
    }

    // ------------------------------------------------------------------ attendance and the monthly quota

    /**
     * Fixes the attendance's "today" (China time): results exist for work days up to it, and {@code attendance/list}
     * refuses days older than half a year before it. Without it the machine's date is used; tests fix it so that
     * nothing depends on when they run.
     */
    public void attendanceToday(LocalDate today) {
        this.attendanceToday = today;
    }

    /** The approval forms ({@code process_code}) {@code topapi/processinstance/listids} serves: leave, expense, trip. */
    public List<String> approvalProcessCodes() {
        return approvals.processCodes();
    }

    /**
     * The ids of one approval form's instances started between two instants (inclusive), in the order
     * {@code topapi/processinstance/listids} pages them.
     */
    public List<String> approvalInstanceIds(String processCode, Instant from, Instant to) {
        return approvals.instanceIds(processCode, from.toEpochMilli(), to.toEpochMilli());
    }

    /** The punch results {@code attendance/list} serves for one user, work days {@code from}..{@code to} inclusive. */
    public List<PunchResult> punchResults(String userid, LocalDate from, LocalDate to) {
        return attendance.results(userid, from, to);
    }

    /** The punches {@code attendance/listRecord} serves for one user between two instants (inclusive). */
    public List<Punch> punches(String userid, Instant from, Instant to) {
        return attendance.punches(userid, from, to);
    }

    /** The leaves {@code getleavestatus} serves for one user that overlap [from, to]. */
    public List<LeaveInterval> leaves(String userid, Instant from, Instant to) {
        return attendance.leaves(userid, from, to);
    }

    /**
     * Corrects a past punch result as an approval does (e.g. a Late OnDuty becomes Normal, sourceType APPROVE, with
     * a new approveId and procInstId); the result keeps its id, and {@code attendance/list} serves the corrected
     * result from now on. As a 补卡 approval does, it also adds a punch ({@code attendance/listRecord}) with sourceType
     * APPROVE, the approval's ids and {@code gmtModified} the time of the approval (10:00 of the attendance's today).
     *
     * @param checkType {@link PunchResult#ON_DUTY} or {@link PunchResult#OFF_DUTY}
     * @throws IllegalArgumentException when that check point does not exist (weekend, after today, unknown user)
     */
    public PunchResult correctPunchResult(String userid, LocalDate workDate, String checkType) {
        return attendance.correct(userid, workDate, checkType);
    }

    /**
     * Approves a leave of the whole past work day {@code workDate} after the fact: {@code getleavestatus} lists it from
     * now on, and {@code attendance/list} serves the day's results as decided by it (Normal, sourceType APPROVE, the
     * leave's approveId and procInstId; same result ids).
     *
     * @throws IllegalArgumentException when the user had no check point that day
     */
    public LeaveInterval approveLeaveLater(String userid, LocalDate workDate) {
        return attendance.approveLeave(userid, workDate);
    }

    /**
     * Sets the organization's monthly quota of metered calls (DingTalk's metered APIs: attendance,
     * asyncsend_v2): once this month's metered calls exceed it, each answers 90020 ("您的企业本月api调用量已超过限制,
     * 调用量:N次,额度:Q次"), refused calls counted too, until {@link #resetMonth()}. Contacts APIs are exempt.
     * Unlimited until called.
     */
    public void monthlyQuota(long calls) {
        quota.setMonthlyQuota(calls);
    }

    /** Removes the monthly quota. */
    public void unlimitedQuota() {
        quota.unlimited();
    }

    /** A new month: the metered-call count starts again from 0 (the quota stays). */
    public void resetMonth() {
        quota.resetMonth();
    }

    /** Metered calls counted this month, refused ones included. */
    public long meteredCallsThisMonth() {
        return quota.callsThisMonth();
    }

    /** Work notifications to these users "succeed" but are not delivered; getsendresult lists them as forbidden. */
    public void dropRecipients(String... userids) {
        notifications.dropRecipients(userids);
    }

    public void clearDroppedRecipients() {
        notifications.clearDroppedRecipients();
    }

    /**
     * Keeps a contact event whose callback push failed, for {@code call_back/get_call_back_failed_result}
     * (a {@link CallbackPusher} does this for the pushes it could not deliver).
     */
    public void keepFailedPush(ContactEventFeed.Event event, String corpId) {
        failedPushes.keep(event, corpId);
    }

    /** Failed pushes kept and not fetched yet. */
    public int failedPushCount() {
        return failedPushes.size();
    }

    /** Work notifications accepted so far, in sending order. */
    public List<SentMessage> sentMessages() {
        return notifications.sentMessages();
    }

    // ------------------------------------------------------------------ call log

    /**
     * Calls to this API so far that the QPS window refused (90018), injected faults apart: calls beyond
     * {@code qpsPerApi} in one second by the simulator's clock.
     */
    public long quotaRefusals(DingTalkEndpoint endpoint) {
        return quotaRefusals.get(endpoint).sum();
    }

    /** Requests to this API so far, rejected ones included. */
    public long callCount(DingTalkEndpoint endpoint) {
        return callCounts.get(endpoint).sum();
    }

    /** Requests per API so far; every API is present, with 0 when never called. */
    public Map<DingTalkEndpoint, Long> callCounts() {
        Map<DingTalkEndpoint, Long> counts = new EnumMap<>(DingTalkEndpoint.class);
        callCounts.forEach((endpoint, adder) -> counts.put(endpoint, adder.sum()));
        return Collections.unmodifiableMap(counts);
    }

    /** Every request so far, in arrival order. */
    public List<CallRecord> calls() {
        List<CallRecord> records = new ArrayList<>(callLog);
        records.sort(Comparator.comparingLong(CallRecord::nanoTime));
        return records;
    }

    /**
     * Waits until at least {@code count} logged calls match {@code which}; false when the timeout passed first. A
     * call is logged after DingTalk's work is done and before its answer is sent, so a test that saw the work's
     * effect (an event, a held call released) waits here for the record instead of hoping it is already there.
     */
    public boolean awaitCalls(Predicate<CallRecord> which, long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (callLogged) {
            while (callLog.stream().filter(which).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(callLogged, left);
            }
            return true;
        }
    }

    public void resetCallLog() {
        callLog.clear();
        callCounts.values().forEach(LongAdder::reset);
        quotaRefusals.values().forEach(LongAdder::reset);
    }

    @Override
    public void close() {
        holds.forEach(CallHold::release);
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ request handling

    /** An answer: HTTP status, body, content type, and the errcode recorded in the call log. */
    private record Reply(int status, byte[] body, String contentType, int errcode) {
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            DingTalkEndpoint endpoint = endpointsByPath.get(exchange.getRequestURI().getPath());
            if (endpoint == null) {
                write(exchange, new Reply(404, "Not Found".getBytes(StandardCharsets.UTF_8), "text/plain", 404));
                return;
            }
            for (CallHold hold : holds) {
                hold.pass(endpoint);
            }
            SimulatorSettings current = settings;
            QpsWindows.Admission admission = qps.admit(endpoint, current.qpsFor(endpoint));
            String rawQuery = exchange.getRequestURI().getRawQuery();
            RequestParams params = RequestParams.ofQuery(rawQuery);
            String logParams = params.describe();
            Reply reply;
            sleep(current.latency());
            try {
                params.addBody(body, exchange.getRequestHeaders().getFirst("Content-Type"), json);
                logParams = params.describe();
                if (!admission.accepted()) {
                    quotaRefusals.get(endpoint).increment();
                    reply = error(current, 90018, appQpsMessage(endpoint, current.qpsFor(endpoint)));
                } else {
                    String method = exchange.getRequestMethod();
                    boolean methodAllowed = endpoint == DingTalkEndpoint.GET_TOKEN || endpoint == DingTalkEndpoint.CALLBACK_FAILED_RESULT
                            ? method.equals("GET") || method.equals("POST") : method.equals("POST");
                    reply = methodAllowed
                            ? serve(endpoint, RequestParams.ofQuery(rawQuery).string("access_token"), params, current)
                            : new Reply(405, "Method Not Allowed".getBytes(StandardCharsets.UTF_8), "text/plain", 405);
                }
            } catch (ApiError e) {
                reply = error(current, e.errcode, e.errmsg);
            } catch (RuntimeException e) {
                // a simulator bug must not look like a network failure to the client under test
                LOG.log(System.Logger.Level.WARNING, "simulator failed on " + endpoint.key(), e);
                reply = error(current, -1, "系统繁忙");
            }
            callCounts.get(endpoint).increment();
            callLog.add(new CallRecord(endpoint, admission.nanoTime(), logParams, reply.errcode()));
            synchronized (callLogged) {
                callLogged.notifyAll();
            }
            write(exchange, reply);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client went away: " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator failed on " + exchange.getRequestURI().getPath(), e);
        }
    }

    private Reply serve(DingTalkEndpoint endpoint, String token, RequestParams params, SimulatorSettings current) {
        if (endpoint != DingTalkEndpoint.GET_TOKEN) {
            expireTokensIfDue();
        }
        FaultPlan.Ticket ticket = faults.take(endpoint);
        if (ticket.fault() != null) {
            return faultReply(ticket.fault(), endpoint, current);
        }
        boolean succeeded = false;
        try {
            Reply reply;
            try {
                reply = endpoint == DingTalkEndpoint.GET_TOKEN
                        ? issueToken(params, current)
                        : success(current, dispatch(endpoint, token, params));
            } catch (ApiError e) {
                reply = error(current, e.errcode, e.errmsg);
            }
            succeeded = reply.errcode() == 0;
            return reply;
        } finally {
            ticket.finish(succeeded);
        }
    }

    private void expireTokensIfDue() {
        synchronized (tokenExpiryLock) {
            if (tokenExpiryEvery == 0 || ++tokenExpiryCalls % tokenExpiryEvery != 0) {
                return;
            }
            tokens.expireAll();
            tokenExpiries.increment();
        }
    }

    private Reply issueToken(RequestParams params, SimulatorSettings current) {
        String appKey = params.string("appkey");
        String appSecret = params.string("appsecret");
        if (appKey == null || !appKey.equals(current.appKey())) {
            return error(current, 40089, "不合法的corpId或corpSecret");
        }
        if (appSecret == null || !appSecret.equals(current.appSecret())) {
            return error(current, 40001, "获取access_token时Secret错误，或者access_token无效");
        }
        TokenRegistry.Issued issued = tokens.issue(current.tokenLifetime());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", 0);
        body.put("access_token", issued.token());
        body.put("errmsg", "ok");
        body.put("expires_in", issued.expiresInSeconds());
        return jsonReply(current, body, 0);
    }

    private Map<String, Object> dispatch(DingTalkEndpoint endpoint, String token, RequestParams params) {
        if (token == null || token.isEmpty()) {
            throw new ApiError(41001, "缺少access_token参数");
        }
        switch (tokens.check(token)) {
            case UNKNOWN -> throw new ApiError(40014, "不合法的access_token");
            case EXPIRED -> throw new ApiError(42001, "access_token超时");
            case VALID -> { }
        }
        if (deniedPermissions.contains(endpoint)) {
            throw new ApiError(60011, "没有调用该接口的权限");
        }
        quota.count(endpoint);
        return switch (endpoint) {
            case DEPARTMENT_LISTSUB -> contacts.listSubDepartments(params);
            case DEPARTMENT_LISTSUBID -> contacts.listSubDepartmentIds(params);
            case DEPARTMENT_GET -> contacts.getDepartment(params);
            case USER_LISTID -> contacts.listUserIds(params);
            case USER_LIST -> contacts.listUsers(params);
            case USER_GET -> contacts.getUser(params);
            case USER_COUNT -> contacts.countUsers(params);
            case USER_GETBYMOBILE -> contacts.getUserByMobile(params);
            case ROLE_LIST -> contacts.listRoles(params);
            case MESSAGE_SEND -> notifications.send(params);
            case MESSAGE_SEND_RESULT -> notifications.sendResult(params);
            case CALLBACK_FAILED_RESULT -> failedPushes.takePage();
            case ATTENDANCE_LIST -> attendanceApi.listResults(params);
            case ATTENDANCE_LISTRECORD -> attendanceApi.listPunches(params);
            case LEAVE_STATUS -> attendanceApi.leaveStatus(params);
            case PROCESSINSTANCE_LISTIDS -> approvals.listIds(params);
            case PROCESSINSTANCE_GET -> approvals.get(params);
            case DEPARTMENT_CREATE, DEPARTMENT_UPDATE, DEPARTMENT_DELETE, USER_CREATE, USER_UPDATE, USER_DELETE,
                 ROLE_ADD_GROUP, ROLE_ADD, ROLE_ASSIGN -> writes.serve(endpoint, params);
            case GET_TOKEN -> throw new IllegalStateException("gettoken is served by issueToken");
            case GENERIC -> throw new IllegalStateException("the generic endpoint has no path of its own");
        };
    }

    private Reply faultReply(Fault fault, DingTalkEndpoint endpoint, SimulatorSettings current) {
        return switch (fault) {
            case SYSTEM_BUSY -> error(current, -1, "系统繁忙");
            case GLOBAL_THROTTLE -> error(current, 90002, globalThrottleMessage(endpoint));
            case APP_QPS -> error(current, 90018, appQpsMessage(endpoint, current.qpsFor(endpoint)));
            case TOKEN_EXPIRED -> error(current, 42001, "access_token超时");
            case HTTP_502_HTML -> new Reply(502, BAD_GATEWAY_HTML.getBytes(StandardCharsets.UTF_8), "text/html", 502);
            case IP_BAN -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", 1111);
                body.put("wait", 5);
                body.put("source", "x5");
                body.put("punish", "deny");
                body.put("uuid", UUID.randomUUID().toString().replace("-", ""));
                yield new Reply(200, json.writeValueAsBytes(body), "application/json;charset=UTF-8", 1111);
            }
        };
    }

    private static String globalThrottleMessage(DingTalkEndpoint endpoint) {
        Instant now = Instant.now();
        return "您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了, apiPath(" + endpoint.defaultPath() + "), 从 "
                + PENALTY_TIME.format(now) + " 到 " + PENALTY_TIME.format(now) + " 请求总次数超过了 300 次, 处罚将在 "
                + PENALTY_TIME.format(now.plusSeconds(1)) + " 结束.";
    }

    private static String appQpsMessage(DingTalkEndpoint endpoint, int limit) {
        return "您的应用调用钉钉开放平台当前接口的频率超过了限制, apiPath(" + endpoint.defaultPath() + "), 限制: "
                + limit + "次/秒, 请降低调用频率";
    }

    private Reply success(SimulatorSettings current, Map<String, Object> payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", 0);
        body.put("errmsg", "ok");
        body.putAll(payload);
        body.put("request_id", requestId());
        return jsonReply(current, body, 0);
    }

    private Reply error(SimulatorSettings current, int errcode, String errmsg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", errcode);
        body.put("errmsg", errmsg);
        body.put("request_id", requestId());
        return jsonReply(current, body, errcode);
    }

    private Reply jsonReply(SimulatorSettings current, Map<String, Object> body, int errcode) {
        Object rendered = current.stringlyTyped() ? stringly(body) : body;
        return new Reply(200, json.writeValueAsBytes(rendered), "application/json;charset=UTF-8", errcode);
    }

    /** Numbers and booleans as JSON strings, recursively, as in DingTalk's documentation examples. */
    static Object stringly(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(k, stringly(v)));
            return converted;
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(v -> converted.add(stringly(v)));
            return converted;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return value;
    }

    private static String requestId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        exchange.getResponseBody().write(reply.body());
    }
}
