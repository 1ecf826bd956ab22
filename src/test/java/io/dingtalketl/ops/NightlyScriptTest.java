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

    @Test
    void theOtherCommandsRunWithTheProductionSettingsAndTheirOwnExitCode() throws Exception {
        Result provision = script(0, 0, "provision", "apply=true", "plan=7");
        assertThat(provision.exitCode()).isEqualTo(9);   // the stand-in's code for a command it was not told about
        assertThat(provision.commands()).containsExactly("provision apply=true plan=7 --etl.simulator.enabled=false");
        assertThat(script(0, 0, "match").commands()).containsExactly("match --etl.simulator.enabled=false");
        assertThat(script(0, 0, "accounts", "load", "system=wiki", "file=w.csv").commands())
                .containsExactly("accounts load system=wiki file=w.csv --etl.simulator.enabled=false");
        Result unknown = script(0, 0, "drop-everything");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.commands()).isEmpty();
    }

    private record Result(int exitCode, List<String> commands, String stderr) {
    }

    private Result nightly(int syncExit, int attendanceExit) throws IOException, InterruptedException {
        return script(syncExit, attendanceExit, "nightly", "runDate=2026-12-02");
    }

    private Result script(int syncExit, int attendanceExit, String... arguments) throws IOException, InterruptedException {
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
        List<String> command = new java.util.ArrayList<>(List.of("bash", "jobs/run-job.sh"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        return new Result(code, Files.exists(log) ? Files.readAllLines(log) : List.of(), stderr);
    }
}
