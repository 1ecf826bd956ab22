package io.dingtalketl.client;

import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app secret and the access token never reach a log line or an exception message, whatever goes wrong:
 * retries, renewals, refused credentials, a DingTalk errmsg that echoes the token, a dead server.
 * Everything this process logs (at DEBUG, the server fake's own lines aside) is captured and searched.
 */
class SecretHygieneTest {

    @RegisterExtension
    final WireMockDingTalk dingtalk = new WireMockDingTalk();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<String> exceptionTexts = new ArrayList<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void captureEverything() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void restore() {
        root.detachAppender(captured);
        root.setLevel(rootLevel);
    }

    private void attempt(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            exceptionTexts.add(trace.toString());
        }
    }

    @Test
    void noSecretInLogsOrExceptions() throws Exception {
        dingtalk.server.stubFor(get(urlPathEqualTo("/gettoken")).inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"" + WireMockDingTalk.TOKEN + "\",\"expires_in\":7200}"))
                .willSetStateTo("renewed"));
        dingtalk.server.stubFor(get(urlPathEqualTo("/gettoken")).inScenario("t").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"" + WireMockDingTalk.TOKEN_2 + "\",\"expires_in\":7200}")));
        // expiry, then an errmsg that quotes the token back, then throttling, then a 502 page
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_LISTSUB)
                .willReturn(okJson("{\"errcode\":42001,\"errmsg\":\"access_token " + WireMockDingTalk.TOKEN + " 超时\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.DEPARTMENT_GET)
                .willReturn(okJson("{\"errcode\":40035,\"errmsg\":\"不合法的参数 access_token=" + WireMockDingTalk.TOKEN_2 + "\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_LIST)
                .willReturn(okJson("{\"errcode\":90018,\"errmsg\":\"限流\"}")));
        dingtalk.server.stubFor(dingtalk.api(DingTalkEndpoint.USER_GET)
                .willReturn(aResponse().withStatus(502).withBody("<html>502 " + WireMockDingTalk.TOKEN_2 + "</html>")));
        DingTalkClient client = dingtalk.client();

        attempt(() -> client.listSubDepartments(1));
        attempt(() -> client.getDepartment(2));
        attempt(() -> client.listUsers(2, 0, 100));
        attempt(() -> client.getUser("u1"));

        // refused credentials
        dingtalk.server.resetAll();
        dingtalk.server.stubFor(get(urlPathEqualTo("/gettoken"))
                .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"获取access_token时Secret错误 " + WireMockDingTalk.APP_SECRET + "\"}")));
        attempt(() -> dingtalk.client().listSubDepartments(1));

        // a server that is not there, with a fixed token
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        DingTalkProperties dead = dingtalk.properties().withTarget(URI.create("http://127.0.0.1:" + deadPort), null, null)
                .withFixedToken(WireMockDingTalk.TOKEN);
        attempt(() -> DingTalkClient.create(dead, null).listSubDepartments(1));

        assertThat(exceptionTexts).hasSize(6);
        List<String> logText = captured.list.stream()
                .filter(e -> !e.getLoggerName().startsWith("wiremock") && !e.getLoggerName().startsWith("org.eclipse.jetty")
                        && !e.getLoggerName().startsWith("com.github.tomakehurst"))
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(logText).as("the client did log the retries").anyMatch(line -> line.contains("Backing off"));
        for (String secret : List.of(WireMockDingTalk.APP_SECRET, WireMockDingTalk.TOKEN, WireMockDingTalk.TOKEN_2)) {
            assertThat(logText).noneMatch(line -> line.contains(secret));
            assertThat(exceptionTexts).noneMatch(text -> text.contains(secret));
        }
        assertThat(exceptionTexts).anyMatch(text -> text.contains("******"));
    }
}
