package io.dingtalketl.client;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The DingTalk client's HTTP transport: Apache HttpClient 5 classic (blocking I/O on the calling thread)
 * over a pool of keep-alive connections. Each call is sent and read by the thread that makes it, with no
 * hand-off to selector or executor threads, which halves the CPU of a call against the JDK's
 * {@code HttpClient} (measured by the benchmark, {@code bench/run.sh}); on two cores the ETL is bound by
 * that CPU once the quota is lifted.
 *
 * <p>HttpClient's own retries and redirects are off: {@link DingTalkCallInterceptor} retries with back-off
 * and counts every attempt, and a redirect would carry the access token elsewhere.
 *
 * <p>HttpClient's DEBUG loggers print request lines, and DingTalk's request lines carry the app secret
 * ({@code gettoken}) and the access token (every call) in the query string: they are held at INFO
 * whatever the logging configuration says, so that no setting can put a secret into a log.
 */
final class HttpTransport {

    /** Loggers of HttpClient that print request URIs, headers or bytes at DEBUG. */
    static final String HTTP_CLIENT_LOGGERS = "org.apache.hc.client5.http";
    /** Enough for every step's calls in flight at once (each concurrency setting is at most 64). */
    private static final int MAX_CONNECTIONS = 256;

    private HttpTransport() {
    }

    static ClientHttpRequestFactory create(Duration connectTimeout, Duration readTimeout) {
        holdHttpClientLoggersAtInfo();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        // a pooled connection idle this long is checked before use (the server may have closed it)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                // the JVM's proxy settings (https.proxyHost, http.nonProxyHosts, ...) as operators set them
                .useSystemProperties()
                .build();
        return new HttpComponentsClientHttpRequestFactory(http);
    }

    private static void holdHttpClientLoggersAtInfo() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            ch.qos.logback.classic.Logger logger = logback.getLogger(HTTP_CLIENT_LOGGERS);
            if (logger.getLevel() == null || !logger.getLevel().isGreaterOrEqual(Level.INFO)) {
                logger.setLevel(Level.INFO);
            }
        }
    }
}
