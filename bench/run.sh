#!/usr/bin/env bash
# Benchmark of the org sync against the DingTalk simulator. Usage:
#
#   bench/run.sh PROFILE [RUNS] [key=value ...]
#
# PROFILE: a (quota 20/s, 100 ms latency, 500 departments / 5,000 users),
#          b-h2 / b-mysql (quota off, 0 ms, 10,000 / 100,000, into H2 / MariaDB at 127.0.0.1:3306, user etl/etl),
#          c (quota off, 0 ms, 1,000 / 10,000), custom (set departments= users= qps= latency= ...).
# Keys (after RUNS): departments= users= qps= latency= db=h2|h2-mem|mysql variants=launch,job,sequential,overlap,naive
#          details=true|false seed= sim-heap= mysql-db= h2-options=;KEY=VALUE launcher=jobs/etl.sh|JAR
# Variant launch: the org sync as a user runs it (launcher run runDate=...), its own process, launch to exit.
# RUNS (default 3): each run is a fresh JVM; the summary gives medians. Logs go to target/bench/.
# Environment: BENCH_HEAP (default 512m, the benchmarked JVM's -Xmx), BENCH_JFR=1 (a JFR recording per
# run), BENCH_JAVA_OPTS (more JVM options). b-mysql needs its database: ETL_TEST_DB=dingtalk_etl_bench bash .ci/ensure-mariadb.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${1:?usage: bench/run.sh a|b-h2|b-mysql|c|custom [RUNS] [key=value ...]}
shift
RUNS=3
if [[ ${1:-} =~ ^[0-9]+$ ]]; then RUNS=$1; shift; fi

# package: the launch variant starts the application jar (through jobs/etl.sh), as a user does
mvn -B -q -o -Pbenchmark package -DskipTests 2>/dev/null || mvn -B -q -Pbenchmark package -DskipTests
CP="target/bench-classes:target/classes:$(cat target/bench-classpath.txt)"
OUT="target/bench/${PROFILE}-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

logs=()
for i in $(seq 1 "$RUNS"); do
  jfr=()
  if [[ ${BENCH_JFR:-0} == 1 ]]; then jfr=("-XX:StartFlightRecording:filename=$OUT/run-$i.jfr,settings=${BENCH_JFC:-profile}"); fi
  echo "## $PROFILE run $i of $RUNS -> $OUT/run-$i.log"
  # shellcheck disable=SC2086
  java -Xmx"${BENCH_HEAP:-512m}" ${BENCH_JAVA_OPTS:-} "${jfr[@]}" -cp "$CP" io.dingtalketl.bench.OrgSyncBenchmark "$PROFILE" "$@" \
    2>"$OUT/run-$i.err" | tee "$OUT/run-$i.log" || echo "## run $i exited with $? (see $OUT/run-$i.err)"
  logs+=("$OUT/run-$i.log")
done
java -cp "$CP" io.dingtalketl.bench.BenchmarkSummary "${logs[@]}" | tee "$OUT/summary.txt"
