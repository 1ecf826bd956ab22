package io.dingtalketl.ops;

/** The command line's usage text, printed by {@code help} without starting the application. */
public final class CommandLineUsage {

    public static final String TEXT = """
            Usage: java -jar dingtalk-etl.jar [command] [arguments] [--options]
              demo [runDate=YYYY-MM-DD] [--etl.simulator.day=N]
                                  run the org sync against the embedded simulator (an invented organization)
              demo serve          serve with the embedded simulator changing its organization every few seconds:
                                  watch each change reach the warehouse
              run [runDate=YYYY-MM-DD] [allowMassDelete=true] [dryRun=true] [--force] [--recover] [--no-restart]
                                  sync the organization (the default command); the same command again
                                  restarts a failed run from its last committed chunk
              serve               receive contact events (etl.events.stream.enabled / etl.events.callback.enabled)
                                  and apply them to the warehouse within seconds, until stopped
              eventSync [allowMassDelete=true]
                                  apply the pending contact events once (what the deletion guard held, too)
              extract name=<extract> [runDate=YYYY-MM-DD] [maxCalls=N] [allowOverQuota=true]
                                  land one configured extract (etl.extracts.<extract>) for the date in
                                  raw_<extract>; the same command again resumes a failed run at its next page
              attendance [from=YYYY-MM-DD] [to=YYYY-MM-DD] [maxCalls=N] [allowOverQuota=true] [--force]
                                  load punch results and leaves of the window, printing the estimated metered
                                  calls first; without dates the nightly policy (etl.attendance.nightly.policy):
                                  changes (default) reads the new days once and every scan-every-days (7) nights
                                  scans punches and leaves of the correction window, reading again only the
                                  user-days that changed; exhaustive re-reads yesterday and the lookback-days
                                  before it; the same command again resumes a failed run (e.g. quota used up, 90020)
                                  Metered runs (attendance, metered extracts): refused (exit 2) before the first
                                  call when the estimate exceeds what is left of dingtalk.monthly-quota this month,
                                  unless allowOverQuota=true; maxCalls=N stops after the chunk that reaches N
                                  calls, and the same command goes on from there
              accounts load system=<name> file=<path.csv>
                                  replace the accounts of another system (a wiki, HR, mail ...) in src_account
                                  with the file's (header row: account_id, username, email, employee_number,
                                  mobile, display_name, active); a bad row loads nothing and is named by line
              match               link those accounts to current DingTalk users by etl.match.rules (also run
                                  after each published org sync) and print the report: links per rule, new,
                                  re-linked and closed links, ambiguous and unmatched accounts and users
              provision [apply=true] [plan=<id>] [allowMassDelete=true]
                                  plan the HR master (hr_department, hr_employee) minus the warehouse's DingTalk
                                  and print it (a dry run, stored in prov_plan); apply=true writes it to DingTalk,
                                  then applies the changes to the warehouse; the same command resumes a failed apply
              provision load departments=<csv> employees=<csv>
                                  replace the HR master tables with two CSV files (all or nothing)
              list [N] [job=J]    the N most recent executions (default 10; of job J when given) with
                                  status, steps and counts
              restart             restart the most recent failed or stopped execution
              stop <executionId>  ask a running execution to stop at its next chunk boundary
              abandon <executionId>  mark a failed or stopped execution as never to be restarted
            Exit codes: 0 done, 1 run failed, 2 bad configuration or arguments, 3 already completed,
              4 marked running but its process is gone (--recover), 5 in progress in another process.""";

    private CommandLineUsage() {
    }

    /**
     * The arguments the application starts with: {@code demo} is {@code run} against the embedded simulator;
     * every other command passes unchanged.
     */
    public static String[] expand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                continue;
            }
            if (args[i].equals("serve")) {
                String[] expanded = java.util.Arrays.copyOf(args, args.length + 1);
                expanded[args.length] = "--etl.events.serving=true";
                return expanded;
            }
            if (args[i].equals("demo") && i + 1 < args.length && args[i + 1].equals("serve")) {
                return demoServe(args, i);
            }
            if (args[i].equals("demo")) {
                String[] expanded = java.util.Arrays.copyOf(args, args.length + 1);
                expanded[i] = "run";
                expanded[args.length] = "--etl.simulator.enabled=true";
                return expanded;
            }
            break;
        }
        return args;
    }

    /**
     * {@code demo serve}: {@code serve} with the embedded simulator pushing its changes over the HTTP callback to a
     * local endpoint (the token and key below are the demo's, not secrets of any app), a change every few seconds.
     */
    private static String[] demoServe(String[] args, int at) {
        java.util.List<String> expanded = new java.util.ArrayList<>(java.util.Arrays.asList(args));
        expanded.remove(at);   // "demo"
        expanded.addAll(java.util.List.of("--etl.simulator.enabled=true", "--etl.events.serving=true", "--etl.events.demo=true",
                "--etl.events.callback.enabled=true", "--etl.events.callback.bind-address=127.0.0.1",
                "--etl.events.callback.port=0", "--etl.events.callback.token=dingtalkEtlDemo",
                "--etl.events.callback.aes-key=" + DEMO_AES_KEY,
                "--etl.events.callback.owner-key=" + io.dingtalketl.simulator.SimulatorSettings.DEFAULT_APP_KEY,
                "--etl.events.apply-interval=1s"));
        return expanded.toArray(String[]::new);
    }

    /** The demo's EncodingAESKey: 43 letters and digits, known to everyone, used by the demo only. */
    static final String DEMO_AES_KEY = "dingtalkEtlDemoKey0123456789abcdefghijklmno";

    /** Whether the arguments ask for the usage only ({@code help}, {@code --help}, {@code -h}). */
    public static boolean helpOnly(String[] args) {
        return args.length > 0 && (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h"));
    }
}
