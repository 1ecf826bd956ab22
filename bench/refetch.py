#!/usr/bin/env python3
"""How many user pages a restart fetches again, measured with separate processes.

    bench/refetch.py [--jar target/dingtalk-etl.jar] [--scenarios failure,kill] [-- extra ETL arguments]

The ETL runs as `java -jar` against the DingTalk simulator in a process of its own (SimulatorServer,
DingTalk's 20 calls/s per API), which counts the distinct pages it answered in each phase:

  failure  user/list answers "system busy" after 40% of the organization's user pages (every retry too),
           so the run fails; then the same command runs again and completes.
  kill     the ETL is killed with SIGKILL once 40% of the user pages are answered; then `--recover`.

Re-fetched pages = pages answered before the failure (or kill) + pages answered by the restart - all pages:
the pages DingTalk answered twice because they had been fetched but not committed.
Needs the benchmark classes: mvn -B -q -Pbenchmark process-classes (bench/run.sh builds them too).
"""
import argparse, os, re, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPARTMENTS, USERS, SEED, SHARE = 300, 3000, 42, 0.4


class Simulator:
    def __init__(self):
        cp = ":".join([os.path.join(ROOT, "target", "bench-classes"), os.path.join(ROOT, "target", "classes"),
                       open(os.path.join(ROOT, "target", "bench-classpath.txt")).read().strip()])
        self.process = subprocess.Popen(["java", "-Xmx512m", "-cp", cp, "io.dingtalketl.bench.SimulatorServer",
                                         str(SEED), str(DEPARTMENTS), str(USERS), "20", "0"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = self.process.stdout.readline()
        self.url = re.search(r"url=(\S+)", ready).group(1)
        self.pages = int(re.search(r"userPages=(\d+)", ready).group(1))

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline()

    def answered_pages(self):
        m = re.search(r"user-list=\d+/(\d+)/\d+", self.ask("STATS"))
        return int(m.group(1)) if m else 0

    def close(self):
        self.ask("QUIT")
        self.process.wait()


def etl(jar, workdir, simulator, args, extra):
    command = ["java", "-Xmx512m", "-jar", jar, "runDate=2026-11-22", "--etl.simulator.enabled=false",
               f"--dingtalk.base-url={simulator.url}", "--dingtalk.app-key=sim-app-key",
               "--dingtalk.app-secret=sim-app-secret"] + args + extra
    log = open(os.path.join(workdir, f"etl-{time.monotonic_ns()}.log"), "w")
    return subprocess.Popen(command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT), log.name


def failure(jar, extra):
    simulator = Simulator()
    try:
        with tempfile.TemporaryDirectory() as workdir:
            trip = int(simulator.pages * SHARE)
            simulator.ask(f"FAIL user-list {trip}")
            process, log = etl(jar, workdir, simulator, [], extra)
            assert process.wait() != 0, open(log).read()[-3000:]
            before = simulator.answered_pages()
            simulator.ask("CLEAR")
            simulator.ask("RESET")
            process, log = etl(jar, workdir, simulator, [], extra)
            assert process.wait() == 0, open(log).read()[-3000:]
            after = simulator.answered_pages()
        report("failure", simulator.pages, before, after)
    finally:
        simulator.close()


def kill(jar, extra):
    simulator = Simulator()
    try:
        with tempfile.TemporaryDirectory() as workdir:
            process, log = etl(jar, workdir, simulator, [], extra)
            while simulator.answered_pages() < simulator.pages * SHARE and process.poll() is None:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait()
            time.sleep(0.5)  # calls in flight when the process died
            before = simulator.answered_pages()
            simulator.ask("RESET")
            process, log = etl(jar, workdir, simulator, ["--recover"], extra)
            assert process.wait() == 0, open(log).read()[-3000:]
            after = simulator.answered_pages()
        report("kill -9", simulator.pages, before, after)
    finally:
        simulator.close()


def report(scenario, pages, before, after):
    print(f"{scenario:8} {pages} user pages; {before} answered before, {after} by the restart; "
          f"re-fetched {before + after - pages}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default=os.path.join(ROOT, "target", "dingtalk-etl.jar"))
    parser.add_argument("--scenarios", default="failure,kill")
    parser.add_argument("extra", nargs="*", help="more ETL arguments, after --")
    options = parser.parse_args()
    for scenario in options.scenarios.split(","):
        {"failure": failure, "kill": kill}[scenario](os.path.abspath(options.jar), options.extra)
