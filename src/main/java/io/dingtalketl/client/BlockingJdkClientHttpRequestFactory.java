package io.dingtalketl.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Requests over the JDK {@link HttpClient}, sent with the blocking {@link HttpClient#send} and the body as
 * bytes. Spring's {@code JdkClientHttpRequestFactory} uses {@code sendAsync} and writes the body from
 * another task: on a machine with fewer than three cores that starts two threads per call (the JDK's
 * default asynchronous pool is then thread-per-task, and Spring's default body executor starts a thread
 * per request), which cost more than the call itself on a fast network. DingTalk bodies are small JSON
 * documents that {@link DingTalkCallInterceptor} buffers anyway, so nothing is lost by buffering here.
 *
 * <p>{@code readTimeout} bounds the wait for the response, as {@link HttpRequest.Builder#timeout} does.
 */
final class BlockingJdkClientHttpRequestFactory implements ClientHttpRequestFactory {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final Duration readTimeout;

    BlockingJdkClientHttpRequestFactory(HttpClient http, Duration readTimeout) {
        this.http = http;
        this.readTimeout = readTimeout;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
        return new Request(uri, method);
    }

    private final class Request extends AbstractBufferingClientHttpRequest {

        private final URI uri;
        private final HttpMethod method;

        Request(URI uri, HttpMethod method) {
            this.uri = uri;
            this.method = method;
        }

        @Override
        public HttpMethod getMethod() {
            return method;
        }

        @Override
        public URI getURI() {
            return uri;
        }

        @Override
        protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout)
                    .method(method.name(), body.length == 0 && (method == HttpMethod.GET || method == HttpMethod.DELETE)
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, values) -> {
                if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value == null ? "" : value));
                }
            });
            try {
                return new Response(http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for " + uri.getHost(), e);
            }
        }
    }

    private record Response(HttpResponse<byte[]> response) implements ClientHttpResponse {

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(response.statusCode());
        }

        @Override
        public String getStatusText() {
            return "";
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            response.headers().map().forEach(headers::addAll);
            return HttpHeaders.readOnlyHttpHeaders(headers);
        }

        @Override
        public InputStream getBody() {
            byte[] body = response.body();
            return new ByteArrayInputStream(body == null ? new byte[0] : body);
        }

        @Override
        public void close() {
        }
    }
}
