package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A bare-bones DingTalk client for the simulator's tests: raw HTTP, no retries, no throttling. */
final class SimulatorClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final DingTalkSimulator simulator;
    private String token;

    SimulatorClient(DingTalkSimulator simulator) {
        this.simulator = simulator;
    }

    /** gettoken with the simulator's credentials; the token is kept for later calls. */
    String fetchToken() {
        SimulatorSettings s = simulator.settings();
        JsonNode body = getToken(s.appKey(), s.appSecret());
        if (body.path("errcode").asInt() != 0) {
            throw new IllegalStateException("gettoken failed: " + body);
        }
        token = body.path("access_token").asString();
        return token;
    }

    JsonNode getToken(String appKey, String appSecret) {
        return JSON.readTree(get("/gettoken?appkey=" + enc(appKey) + "&appsecret=" + enc(appSecret)).body());
    }

    /** POSTs a JSON body with the current token (fetched on first use) and parses the answer. */
    JsonNode call(DingTalkEndpoint endpoint, Map<String, ?> body) {
        HttpResponse<String> response = post(endpoint, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> post(DingTalkEndpoint endpoint, Map<String, ?> body) {
        if (token == null) {
            fetchToken();
        }
        return postWithToken(endpoint, token, JSON.writeValueAsString(body), "application/json");
    }

    HttpResponse<String> postWithToken(DingTalkEndpoint endpoint, String accessToken, String body, String contentType) {
        String query = accessToken == null ? "" : "?access_token=" + enc(accessToken);
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + endpoint.defaultPath() + query))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return send(request);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    String token() {
        return token;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
