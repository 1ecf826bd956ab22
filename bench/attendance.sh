#!/usr/bin/env bash
# Benchmark of the nightly attendance against DingTalk's monthly quota of metered calls
# (see src/bench/java/io/dingtalketl/bench/AttendanceBenchmark.java):
#
#   bench/attendance.sh [key=value ...]     e.g. bench/attendance.sh, bench/attendance.sh nights=14 policies=changes
#
# Keys: departments= users= (5000) nights= (30) warmup= (7) corrections= (approvals per day, 25) max-age= (days back a
# correction reaches, 7) qps= (200: counts do not depend on it) quota= (10000) policies= (changes,exhaustive)
# Prints a line per night and a RESULT line per policy: metered calls per API, per 30 nights against the quota,
# corrections found, wall time. Logs go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -Pbenchmark package -DskipTests 2>/dev/null || mvn -B -q -Pbenchmark package -DskipTests
CP="target/bench-classes:target/classes:$(cat target/bench-classpath.txt)"
mkdir -p target/bench
out="target/bench/attendance-$(date +%Y%m%d-%H%M%S).log"
java -Xmx"${BENCH_HEAP:-1g}" -cp "$CP" io.dingtalketl.bench.AttendanceBenchmark "$@" 2>"${out%.log}.err" | tee "$out"
