package io.dingtalketl.client;

import java.net.URI;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** A WireMock server playing DingTalk for one test, with helpers to build a client against it. */
final class WireMockDingTalk implements BeforeEachCallback, AfterEachCallback {

    static final String APP_KEY = "ding-test-key";
    static final String APP_SECRET = "S3cr3t-app-secret-value-0123456789";
    static final String TOKEN = "tok-5f1c2e9a7b3d4c6e8f0a1b2c3d4e5f60";
    static final String TOKEN_2 = "tok-renewed-9e8d7c6b5a493827160f";

    WireMockServer server;

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop();
    }

    DingTalkProperties properties() {
        return DingTalkProperties.defaults(URI.create(server.baseUrl()))
                .withTarget(URI.create(server.baseUrl()), APP_KEY, APP_SECRET)
                .withRetry(new DingTalkProperties.Retry(3, Duration.ofMillis(10), 2.0, Duration.ZERO, Duration.ofMillis(50)))
                .withDefaultQps(0);
    }

    DingTalkClient client() {
        return DingTalkClient.create(properties(), null);
    }

    void stubToken(String token) {
        server.stubFor(get(urlPathEqualTo("/gettoken"))
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"" + token + "\",\"errmsg\":\"ok\",\"expires_in\":7200}")));
    }

    MappingBuilder api(DingTalkEndpoint endpoint) {
        return post(urlPathEqualTo(endpoint.defaultPath()));
    }
}
