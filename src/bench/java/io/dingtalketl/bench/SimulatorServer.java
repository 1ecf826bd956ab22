package io.dingtalketl.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.simulator.CallRecord;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.Fault;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;

/**
 * The DingTalk simulator in a process of its own, so that the benchmarked JVM's heap and RSS hold the
 * ETL only, not the simulated organization. Started by {@link SimulatorProcess}; speaks a line protocol
 * on stdin/stdout:
 *
 * <pre>
 *   (start)  READY url=http://127.0.0.1:PORT departments=D users=U memberships=M userPages=P
 *   RESET -> OK                       (clears the call log)
 *   STATS -> STATS key=total/distinctAnswered/failed ...   (per endpoint since the last RESET)
 *   FAIL endpoint-key N -> OK         (after N more successful calls to that API, every call answers busy)
 *   CLEAR -> OK                       (removes injected failures)
 *   QUIT or end of input: exits
 * </pre>
 *
 * <p>Arguments: {@code seed departments users qps latencyMillis}.
 */
public final class SimulatorServer {

    private SimulatorServer() {
    }

    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(args[0]);
        int departments = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        int qps = Integer.parseInt(args[3]);
        long latencyMillis = Long.parseLong(args[4]);

        SimulatedOrg org = SimulatedOrg.generate(OrgSpec.of(seed, departments, users));
        OrgTruth truth = org.truth();
        long userPages = 0;
        for (OrgTruth.TruthDepartment d : truth.departments()) {
            userPages += Math.max(1, (d.owningMemberCount() + 99) / 100); // v2/user/list pages of 100
        }
        String summary = "departments=" + truth.departmentCount() + " users=" + truth.userCount()
                + " memberships=" + truth.membershipCount() + " userPages=" + userPages;
        truth = null; // only the org itself stays in this process's heap

        try (DingTalkSimulator simulator = DingTalkSimulator.start(org, SimulatorSettings.defaults()
                .withQpsPerApi(qps).withLatency(Duration.ofMillis(latencyMillis)))) {
            System.out.println("READY url=" + simulator.baseUrl() + " " + summary);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
                switch (line) {
                    case "RESET" -> {
                        simulator.resetCallLog();
                        System.out.println("OK");
                    }
                    case "STATS" -> System.out.println(stats(simulator));
                    case "CLEAR" -> {
                        simulator.clearFaults();
                        System.out.println("OK");
                    }
                    default -> {
                        String[] words = line.split(" ");
                        if (words.length == 3 && words[0].equals("FAIL") && DingTalkEndpoint.byKey(words[1]).isPresent()) {
                            simulator.failAfter(DingTalkEndpoint.byKey(words[1]).orElseThrow(), Integer.parseInt(words[2]),
                                    Fault.SYSTEM_BUSY);
                            System.out.println("OK");
                        } else {
                            System.out.println("ERROR unknown command " + line);
                        }
                    }
                }
                System.out.flush();
            }
        }
    }

    /** Per endpoint: requests, distinct successfully answered requests (pages), failed requests. */
    private static String stats(DingTalkSimulator simulator) {
        Map<DingTalkEndpoint, long[]> counts = new EnumMap<>(DingTalkEndpoint.class);
        Map<DingTalkEndpoint, Set<String>> answered = new EnumMap<>(DingTalkEndpoint.class);
        for (CallRecord call : simulator.calls()) {
            long[] c = counts.computeIfAbsent(call.endpoint(), e -> new long[3]);
            c[0]++;
            if (call.succeeded()) {
                answered.computeIfAbsent(call.endpoint(), e -> new HashSet<>()).add(call.params());
            } else {
                c[2]++;
            }
        }
        StringJoiner out = new StringJoiner(" ", "STATS ", "");
        counts.forEach((endpoint, c) -> out.add(endpoint.key() + "=" + c[0] + "/"
                + answered.getOrDefault(endpoint, Set.of()).size() + "/" + c[2]));
        return out.toString();
    }
}
