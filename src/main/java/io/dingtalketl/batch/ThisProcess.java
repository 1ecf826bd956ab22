package io.dingtalketl.batch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where this process runs, as heartbeats record it. */
final class ThisProcess {

    static final long PID = ProcessHandle.current().pid();
    static final String HOST = hostName();

    private ThisProcess() {
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
