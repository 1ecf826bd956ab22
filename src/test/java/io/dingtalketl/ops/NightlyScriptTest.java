package io.dingtalketl.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs/run-job.sh nightly}: the org sync, then the attendance load only if the sync succeeded. The real script
 * runs against a stand-in {@code jobs/etl.sh} that records each command and exits with the code it is told.
 */
class NightlyScriptTest {

    @TempDir
    Path dir;

    @Test
    void theAttendanceRunsAfterASyncThatCompletedOrWasAlreadyDone() throws Exception {
        for (int syncExit : new int[] {0, 3}) {
            Result result = nightly(syncExit, 0);
            assertThat(result.exitCode()).isZero();
            assertThat(result.commands()).containsExactly("run runDate=2026-12-02 --etl.simulator.enabled=false",
                    "attendance --etl.simulator.enabled=false");
        }
        assertThat(nightly(0, 1).exitCode()).as("the attendance's own failure is the exit code").isEqualTo(1);
    }

    @Test
    void aSyncThatFailedOrIsRunningElsewhereSkipsTheAttendanceWithItsExitCode() throws Exception {
        for (int syncExit : new int[] {1, 2, 4, 5}) {
            Result result = nightly(syncExit, 0);
            assertThat(result.exitCode()).isEqualTo(syncExit);
            assertThat(result.commands()).containsExactly("run runDate=2026-12-02 --etl.simulator.enabled=false");
            assertThat(result.stderr()).contains("the attendance load, which reads dim_user, was not run");
        }
    }

    private record Result(int exitCode, List<String> commands, String stderr) {
    }

    private Result nightly(int syncExit, int attendanceExit) throws IOException, InterruptedException {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path log = dir.resolve("commands.log");
        Files.deleteIfExists(log);
        Files.copy(Path.of("jobs", "run-job.sh"), jobs.resolve("run-job.sh"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(jobs.resolve("etl.sh"), """
                #!/usr/bin/env bash
                echo "$*" >> commands.log
                case "$1" in run) exit %d ;; attendance) exit %d ;; *) exit 9 ;; esac
                """.formatted(syncExit, attendanceExit));
        for (Path script : List.of(jobs.resolve("run-job.sh"), jobs.resolve("etl.sh"))) {
            Files.setPosixFilePermissions(script, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
        }
        Process process = new ProcessBuilder("bash", "jobs/run-job.sh", "nightly", "runDate=2026-12-02").directory(dir.toFile()).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        return new Result(code, Files.exists(log) ? Files.readAllLines(log) : List.of(), stderr);
    }
}
