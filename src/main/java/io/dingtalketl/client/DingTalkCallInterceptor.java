package io.dingtalketl.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

import io.dingtalketl.client.ErrorClassifier.Verdict;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything every DingTalk call needs, in one place: the endpoint's configured path, the per-API
 * throttle, the access token in the query string, classification of the answer, one token renewal on a
 * token error, and back-off with jitter on busy or throttled answers (Spring Framework's
 * {@link RetryTemplate}). Only answers with errcode 0 reach the message converters; everything else
 * becomes a {@link DingTalkApiException} whose message holds no token or secret.
 */
final class DingTalkCallInterceptor implements ClientHttpRequestInterceptor {

    private static final Logger log = LoggerFactory.getLogger(DingTalkClient.class);
    /** Set by the client on generic calls; never sent to DingTalk. */
    static final String ENDPOINT_HEADER = "X-DingTalk-Etl-Endpoint";
    private static final String[] CONTEXT_FIELDS = {"dept_id", "userid", "parent_id", "groupId", "cursor", "size", "task_id", "only_active"};

    private final DingTalkProperties properties;
    private final ApiThrottle throttle;
    private final ApiCallMetrics metrics;
    private final ErrorClassifier classifier;
    private final SecretRedactor redactor;
    private final JsonMapper json;
    private final RetryTemplate retryTemplate;
    private volatile @Nullable AccessTokenProvider tokens;

    DingTalkCallInterceptor(DingTalkProperties properties, ApiThrottle throttle, ApiCallMetrics metrics,
                            SecretRedactor redactor, JsonMapper json) {
        this.properties = properties;
        this.throttle = throttle;
        this.metrics = metrics;
        this.classifier = new ErrorClassifier(json);
        this.redactor = redactor;
        this.json = json;
        DingTalkProperties.Retry retry = properties.retry();
        this.retryTemplate = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Math.max(0, retry.maxAttempts() - 1))
                .delay(retry.initialBackoff())
                .multiplier(retry.multiplier())
                .jitter(retry.jitter())
                .maxDelay(retry.maxBackoff())
                .predicate(e -> e instanceof DingTalkApiException d && d.retryable() && ErrorClassifier.mayResend(d))
                .build());
    }

    void useTokens(AccessTokenProvider tokens) {
        this.tokens = tokens;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
        DingTalkEndpoint endpoint = endpointOf(request);
        RequestContext context = new RequestContext(request.getURI().getRawPath(), body);
        AtomicInteger attempts = new AtomicInteger();
        try {
            return retryTemplate.execute(new Retryable<ClientHttpResponse>() {
                @Override
                public ClientHttpResponse execute() throws Exception {
                    if (attempts.incrementAndGet() > 1) {
                        metrics.retry(endpoint);
                    }
                    return attempt(request, body, execution, endpoint, context, attempts.get());
                }

                @Override
                public String getName() {
                    return endpoint.key();
                }
            });
        } catch (RetryException e) {
            metrics.failure(endpoint);
            Throwable last = e.getCause();
            if (last instanceof DingTalkApiException failure) {
                if (failure.retryable() && !ErrorClassifier.mayResend(failure)) {
                    throw failure.withMessage(failure.getMessage() + " Not sent again: " + endpoint.key()
                            + " is a write and DingTalk may have executed it; look the item up before calling again.");
                }
                if (failure.retryable()) {
                    throw failure.withMessage(failure.getMessage() + " Gave up after " + attempts.get() + " attempts. "
                            + ErrorClassifier.advice(failure.category(), endpoint, failure.errcode()));
                }
                throw failure;
            }
            if (last instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new DingTalkApiException(ErrorCategory.UNKNOWN, endpoint, null, null, null, 0,
                        "Interrupted while calling DingTalk " + endpoint.key());
            }
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("DingTalk " + endpoint.key() + " call failed: " + redactor.redact(String.valueOf(last)));
        }
    }

    private ClientHttpResponse attempt(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
                                       DingTalkEndpoint endpoint, RequestContext context, int attempt) throws InterruptedException {
        if (endpoint == DingTalkEndpoint.GET_TOKEN) {
            return send(request, body, execution, endpoint, null, context, attempt);
        }
        AccessTokenProvider provider = tokens;
        String token = provider.current();
        try {
            return send(request, body, execution, endpoint, token, context, attempt);
        } catch (DingTalkApiException rejected) {
            if (rejected.category() != ErrorCategory.TOKEN) {
                throw rejected;
            }
            String renewed = provider.renewAfterRejection(token, rejected);
            log.info("DingTalk {} rejected the access token (errcode {}); renewed it and calling again", endpoint.key(),
                    rejected.errcode());
            metrics.retry(endpoint);
            try {
                return send(request, body, execution, endpoint, renewed, context, attempt);
            } catch (DingTalkApiException again) {
                if (again.category() != ErrorCategory.TOKEN) {
                    throw again;
                }
                // Rejected right after renewal: back off and try again (bounded by the retry policy).
                throw new DingTalkApiException(ErrorCategory.RETRYABLE, endpoint, again.errcode(), again.errmsg(),
                        again.requestId(), again.httpStatus(), again.getMessage() + " (just after renewing the token)");
            }
        }
    }

    private ClientHttpResponse send(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
                                    DingTalkEndpoint endpoint, @Nullable String token, RequestContext context, int attempt)
            throws InterruptedException {
        metrics.waited(endpoint, throttle.acquire(endpoint));
        HttpRequest target = target(request, endpoint, token);
        metrics.call(endpoint);
        int status;
        HttpHeaders headers;
        byte[] answer;
        try (ClientHttpResponse response = execution.execute(target, body)) {
            status = response.getStatusCode().value();
            headers = HttpHeaders.copyOf(response.getHeaders());
            try (InputStream in = response.getBody()) {
                answer = in.readAllBytes();
            }
        } catch (IOException e) {
            DingTalkApiException failure = new DingTalkApiException(ErrorCategory.RETRYABLE, endpoint, null, null, null, 0,
                    describe(endpoint, context) + " failed: I/O error (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + redactor.redact(e.getMessage())) + ").");
            logRetryable(failure, attempt);
            throw failure;
        }
        Verdict verdict = classifier.classify(endpoint, status, answer);
        if (verdict.category() == ErrorCategory.OK) {
            return new BufferedResponse(status, headers, answer);
        }
        String errmsg = redactor.redact(verdict.errmsg());
        StringBuilder message = new StringBuilder(describe(endpoint, context)).append(" failed: ").append(verdict.detail());
        if (errmsg != null) {
            message.append(" (").append(errmsg).append(')');
        }
        if (verdict.requestId() != null) {
            message.append(", request_id=").append(verdict.requestId());
        }
        message.append('.');
        if (!verdict.category().retryable() && verdict.category() != ErrorCategory.TOKEN
                && verdict.category() != ErrorCategory.NOT_FOUND) {
            message.append(' ').append(ErrorClassifier.advice(verdict.category(), endpoint, verdict.errcode()));
        }
        DingTalkApiException failure = new DingTalkApiException(verdict.category(), endpoint, verdict.errcode(), errmsg,
                verdict.requestId(), status, message.toString());
        if (verdict.errcode() != null && ErrorClassifier.THROTTLED.contains(verdict.errcode())) {
            throttle.penalize(endpoint);
        }
        if (failure.retryable()) {
            logRetryable(failure, attempt);
        }
        throw failure;
    }

    private void logRetryable(DingTalkApiException failure, int attempt) {
        if (!ErrorClassifier.mayResend(failure)) {
            return;
        }
        int max = properties.retry().maxAttempts();
        if (attempt < max) {
            log.warn("{} Backing off and calling again (attempt {} of {}).", failure.getMessage(), attempt + 1, max);
        }
    }

    private static String describe(DingTalkEndpoint endpoint, RequestContext context) {
        String fields = context.fields();
        return "DingTalk " + endpoint.key() + (endpoint == DingTalkEndpoint.GENERIC ? " " + context.path() : "")
                + (fields.isEmpty() ? "" : " (" + fields + ")");
    }

    /**
     * The endpoint is recognised by DingTalk's documented path at the end of the request path; a call made by
     * {@link DingTalkClient#callJson} says it is {@link DingTalkEndpoint#GENERIC} in a header, whatever its path.
     */
    private static DingTalkEndpoint endpointOf(HttpRequest request) {
        if (DingTalkEndpoint.GENERIC.key().equals(request.getHeaders().getFirst(ENDPOINT_HEADER))) {
            return DingTalkEndpoint.GENERIC;
        }
        String path = request.getURI().getRawPath();
        for (DingTalkEndpoint endpoint : DingTalkEndpoint.values()) {
            if (path.endsWith(endpoint.defaultPath())) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("Not a DingTalk API path known to this client: " + path);
    }

    /**
     * The request as sent: the endpoint's configured path, and the access token appended to the query
     * (the API interface declares no {@code access_token}, and each attempt starts from the original
     * request, so it is never there twice).
     */
    private HttpRequest target(HttpRequest request, DingTalkEndpoint endpoint, @Nullable String token) {
        URI uri = request.getURI();
        String path = uri.getRawPath();
        String configured = properties.pathOf(endpoint);
        // a generic call's path is its own; an endpoint path setting applies to the named APIs only
        if (endpoint != DingTalkEndpoint.GENERIC && !configured.equals(endpoint.defaultPath())) {
            path = path.substring(0, path.length() - endpoint.defaultPath().length()) + configured;
        }
        String query = uri.getRawQuery();
        if (token != null) {
            query = (query == null ? "" : query + "&") + "access_token=" + UriUtils.encodeQueryParam(token, StandardCharsets.UTF_8);
        }
        URI target = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + (query == null ? "" : "?" + query));
        HttpHeaders headers = HttpHeaders.copyOf(request.getHeaders());
        headers.remove(ENDPOINT_HEADER);
        return new HttpRequestWrapper(request) {
            @Override
            public URI getURI() {
                return target;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /**
     * The request's identifying fields (department, user, cursor) for messages; never credentials. Read
     * from the request body only when a message needs them: a call that succeeds never parses its request.
     */
    private final class RequestContext {

        private final String path;
        private final byte[] body;
        private @Nullable String fields;

        RequestContext(String path, byte[] body) {
            this.path = path;
            this.body = body;
        }

        String path() {
            return path;
        }

        String fields() {
            if (fields == null) {
                fields = parse();
            }
            return fields;
        }

        private String parse() {
            if (body.length == 0 || body.length > 64 * 1024) {
                return "";
            }
            try {
                JsonNode node = json.readTree(body);
                StringJoiner joiner = new StringJoiner(", ");
                for (String field : CONTEXT_FIELDS) {
                    JsonNode value = node.get(field);
                    if (value != null && !value.isNull()) {
                        joiner.add(field + "=" + value.asString());
                    }
                }
                return joiner.toString();
            } catch (RuntimeException notJson) {
                return "";
            }
        }
    }

    /** The answer, already read, handed on to the message converters. */
    private record BufferedResponse(int status, HttpHeaders headers, byte[] body) implements ClientHttpResponse {

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(status);
        }

        @Override
        public String getStatusText() {
            return "";
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
        }
    }
}
