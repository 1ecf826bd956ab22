package io.dingtalketl.ops;

/** Exit codes of the etl command line, for schedulers. */
public final class ExitCodes {

    /** The run completed (published, or nothing to do). */
    public static final int OK = 0;
    /** The run failed; run the same command again to resume it from its last committed chunk. */
    public static final int RUN_FAILED = 1;
    /** Bad configuration or arguments: nothing was run. */
    public static final int CONFIGURATION = 2;
    /** The run for this date already completed; nothing was run (use --force to run it again). */
    public static final int ALREADY_COMPLETED = 3;
    /** The run for this date is marked running but its process is gone (killed): {@code --recover} resumes it. */
    public static final int STILL_RUNNING = 4;
    /** The run for this date is in progress in a live process (its heartbeat is fresh); nothing was started. */
    public static final int IN_PROGRESS = 5;

    private ExitCodes() {
    }
}
