package io.dingtalketl.client;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dingtalketl.client.wire.CountRequest;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.DepartmentRequest;
import io.dingtalketl.client.wire.DingTalkResponse;
import io.dingtalketl.client.wire.FailedPushPage;
import io.dingtalketl.client.wire.SendMessageRequest;
import io.dingtalketl.client.wire.SendMessageResponse;
import io.dingtalketl.client.wire.SendResultRequest;
import io.dingtalketl.client.wire.SendResultResponse;
import io.dingtalketl.client.wire.UserCount;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.client.wire.UserListRequest;
import io.dingtalketl.client.wire.UserPage;
import io.dingtalketl.client.wire.UserRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DingTalk server API as this project uses it. Thread-safe: one instance serves every step and
 * partition, so the token cache and the per-API throttle are shared by all of them.
 *
 * <p>Methods return the {@code result} of an answer with errcode 0. "Not found" answers (60003, 33012,
 * 60121) come back as an empty {@link Optional}; every other failure, after retries where DingTalk says
 * it is busy or throttling, is a {@link DingTalkApiException}.
 */
public class DingTalkClient {

    /** DingTalk's maximum page size for {@code v2/user/list}. */
    public static final int MAX_USER_PAGE_SIZE = 100;

    private final DingTalkApi api;
    private final DingTalkProperties properties;
    private final ApiCallMetrics metrics;
    private final SecretRedactor redactor;
    private final @Nullable String simulatedSource;

    private DingTalkClient(DingTalkApi api, DingTalkProperties properties, ApiCallMetrics metrics, SecretRedactor redactor,
                           @Nullable String simulatedSource) {
        this.api = api;
        this.properties = properties;
        this.metrics = metrics;
        this.redactor = redactor;
        this.simulatedSource = simulatedSource;
    }

    /** Builds a client of DingTalk; {@code registry} (optional) receives the per-API counters. */
    public static DingTalkClient create(DingTalkProperties properties, @Nullable MeterRegistry registry) {
        return create(properties, registry, null);
    }

    /**
     * Builds a client; {@code simulatedSource} names the simulator it talks to instead of DingTalk (null
     * for DingTalk itself), so that runs can say their data is invented.
     */
    public static DingTalkClient create(DingTalkProperties properties, @Nullable MeterRegistry registry,
                                        @Nullable String simulatedSource) {
        JsonMapper json = dingTalkJson();
        SecretRedactor redactor = new SecretRedactor();
        redactor.register(properties.appSecret());
        ApiCallMetrics metrics = new ApiCallMetrics();
        if (registry != null) {
            metrics.bindTo(registry);
        }
        DingTalkCallInterceptor interceptor = new DingTalkCallInterceptor(properties, new ApiThrottle(properties),
                metrics, redactor, json);
        RestClient rest = RestClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(HttpTransport.create(properties.connectTimeout(), properties.readTimeout()))
                .requestInterceptor(interceptor)
                .configureMessageConverters(converters -> converters.registerDefaults()
                        .withJsonConverter(new JacksonJsonHttpMessageConverter(json)))
                .build();
        DingTalkApi api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build()
                .createClient(DingTalkApi.class);
        interceptor.useTokens(tokens(properties, api, redactor));
        return new DingTalkClient(api, properties, metrics, redactor, simulatedSource);
    }

    /** DingTalk's JSON: snake_case, unknown fields ignored, numbers and booleans accepted as strings. */
    static JsonMapper dingTalkJson() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    private static AccessTokenProvider tokens(DingTalkProperties properties, DingTalkApi api, SecretRedactor redactor) {
        if (properties.hasAppCredentials()) {
            return AccessTokenProvider.fetching(() -> api.getToken(properties.appKey(), properties.appSecret()),
                    properties.tokenRefreshAhead(), redactor);
        }
        if (properties.hasFixedToken()) {
            return AccessTokenProvider.fixed(properties.accessToken(), redactor);
        }
        return AccessTokenProvider.fetching(() -> {
            throw new DingTalkApiException(ErrorCategory.CREDENTIALS, DingTalkEndpoint.GET_TOKEN, null, null, null, 0,
                    "No DingTalk credentials configured: set dingtalk.app-key and dingtalk.app-secret "
                            + "(DINGTALK_APP_KEY / DINGTALK_APP_SECRET), or dingtalk.access-token.");
        }, properties.tokenRefreshAhead(), redactor);
    }

    /** The direct children of {@code deptId} ({@code listsub}); empty Optional when the department is gone. */
    public Optional<List<DepartmentBase>> listSubDepartments(long deptId) {
        return answer(DingTalkEndpoint.DEPARTMENT_LISTSUB, () -> api.listSubDepartments(DepartmentRequest.of(deptId)))
                .map(r -> r.result() == null ? List.of() : r.result());
    }

    /** One department's details ({@code v2/department/get}). */
    public Optional<DepartmentDetail> getDepartment(long deptId) {
        return result(DingTalkEndpoint.DEPARTMENT_GET, () -> api.getDepartment(DepartmentRequest.of(deptId)));
    }

    /** One page of the direct members of {@code deptId} ({@code v2/user/list}), {@code size} 1..100. */
    public Optional<UserPage> listUsers(long deptId, long cursor, int size) {
        if (size < 1 || size > MAX_USER_PAGE_SIZE) {
            throw new IllegalArgumentException("v2/user/list page size must be 1.." + MAX_USER_PAGE_SIZE + ", was " + size);
        }
        return answer(DingTalkEndpoint.USER_LIST, () -> api.listUsers(UserListRequest.page(deptId, cursor, size)))
                .map(r -> r.result() == null ? new UserPage(false, null, List.of()) : r.result());
    }

    /** One user's details ({@code v2/user/get}). */
    public Optional<UserDetail> getUser(String userid) {
        return result(DingTalkEndpoint.USER_GET, () -> api.getUser(new UserRequest(userid, null)));
    }

    /** Number of users in the organization ({@code user/count}); {@code onlyActive} counts activated ones only. */
    public long countUsers(boolean onlyActive) {
        return result(DingTalkEndpoint.USER_COUNT, () -> api.countUsers(new CountRequest(onlyActive)))
                .map(UserCount::count).orElse(0L);
    }

    /** Sends a markdown work notification to users; returns DingTalk's task id. */
    public long sendMarkdownNotification(long agentId, List<String> userids, String title, String markdown) {
        SendMessageResponse response = call(DingTalkEndpoint.MESSAGE_SEND,
                () -> api.sendWorkNotification(SendMessageRequest.markdown(agentId, userids, title, markdown)));
        if (response.taskId() == null) {
            throw new DingTalkApiException(ErrorCategory.UNKNOWN, DingTalkEndpoint.MESSAGE_SEND, response.errcode(),
                    response.errmsg(), response.requestId(), 200, "DingTalk message-send answered without a task_id");
        }
        return response.taskId();
    }

    /** Who did (not) receive a work notification sent in the last 24 hours. */
    public SendResultResponse.SendResult getSendResult(long agentId, long taskId) {
        SendResultResponse response = call(DingTalkEndpoint.MESSAGE_SEND_RESULT,
                () -> api.getSendResult(new SendResultRequest(agentId, taskId)));
        return response.sendResult() != null ? response.sendResult()
                : new SendResultResponse.SendResult(null, null, null, null, null, null, null);
    }

    /**
     * The next page of HTTP-callback pushes DingTalk failed to deliver ({@code call_back/get_call_back_failed_result},
     * at most 200). DingTalk deletes what it returns, so the caller stores a page before asking for the next.
     */
    public FailedPushPage getFailedPushes() {
        return call(DingTalkEndpoint.CALLBACK_FAILED_RESULT, api::getFailedPushes);
    }

    public ApiCallMetrics metrics() {
        return metrics;
    }

    public DingTalkProperties properties() {
        return properties;
    }

    /** The simulator this client talks to instead of DingTalk, or null when it talks to DingTalk. */
    public @Nullable String simulatedSource() {
        return simulatedSource;
    }

    private <T> Optional<T> result(DingTalkEndpoint endpoint, Supplier<DingTalkResponse<T>> call) {
        return answer(endpoint, call).map(DingTalkResponse::result);
    }

    /** The whole answer; empty when DingTalk says the department or user does not exist. */
    private <T> Optional<DingTalkResponse<T>> answer(DingTalkEndpoint endpoint, Supplier<DingTalkResponse<T>> call) {
        try {
            return Optional.of(call(endpoint, call));
        } catch (DingTalkApiException e) {
            if (e.category() == ErrorCategory.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T call(DingTalkEndpoint endpoint, Supplier<T> call) {
        try {
            return call.get();
        } catch (DingTalkApiException e) {
            throw e;
        } catch (RestClientException e) {
            // A body that passed classification but does not fit the wire record.
            throw new DingTalkApiException(ErrorCategory.UNKNOWN, endpoint, null, null, null, 200,
                    "DingTalk " + endpoint.key() + " answered a body this client cannot read: " + redactor.redact(e.getMessage()));
        }
    }
}
