package io.dingtalketl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SimulatorServer} in a child JVM (same classpath), with what it reported at start-up: its URL
 * and the size of the organization it serves, from which the minimal call counts follow.
 */
final class SimulatorProcess implements AutoCloseable {

    /** Calls per endpoint seen by the simulator: requests, distinct answered requests, failures. */
    record EndpointStats(long requests, long distinctAnswered, long failed) {
    }

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final Map<String, String> ready;

    private SimulatorProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            process.destroy();
            throw new IllegalStateException("simulator process did not start: " + line);
        }
        this.ready = fields(line.substring("READY ".length()));
    }

    static SimulatorProcess start(long seed, int departments, int users, int qps, long latencyMillis, String heap)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"),
                SimulatorServer.class.getName(),
                Long.toString(seed), Integer.toString(departments), Integer.toString(users), Integer.toString(qps),
                Long.toString(latencyMillis)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new SimulatorProcess(process);
    }

    String baseUrl() {
        return ready.get("url");
    }

    long departments() {
        return Long.parseLong(ready.get("departments"));
    }

    long users() {
        return Long.parseLong(ready.get("users"));
    }

    long memberships() {
        return Long.parseLong(ready.get("memberships"));
    }

    /** {@code v2/user/list} pages of 100 a complete extraction needs: one per department at least. */
    long userPages() {
        return Long.parseLong(ready.get("userPages"));
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the simulator process has used so far. */
    java.time.Duration cpu() {
        return process.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    synchronized void resetCallLog() throws IOException {
        in.println("RESET");
        String reply = out.readLine();
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("simulator answered " + reply);
        }
    }

    synchronized Map<String, EndpointStats> stats() throws IOException {
        in.println("STATS");
        String reply = out.readLine();
        if (reply == null || !reply.startsWith("STATS")) {
            throw new IllegalStateException("simulator answered " + reply);
        }
        Map<String, EndpointStats> stats = new HashMap<>();
        fields(reply.substring("STATS".length()).trim()).forEach((key, value) -> {
            String[] c = value.split("/");
            stats.put(key, new EndpointStats(Long.parseLong(c[0]), Long.parseLong(c[1]), Long.parseLong(c[2])));
        });
        return stats;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        in.println("QUIT");
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
