#!/usr/bin/env bash
# Benchmark of the contact-event path (see src/bench/java/io/dingtalketl/bench/EventSyncBenchmark.java):
#
#   bench/events.sh [key=value ...]     e.g. bench/events.sh, bench/events.sh backlog=2000 changes=20
#
# Keys: departments= users= qps= latency= (ms) changes= pace= (ms between changes) backlog= apply-interval=
# Prints RESULT lines: the full sync's calls, the event path's calls and change-to-warehouse latency for a day
# of changes pushed over the HTTP callback, and how fast a backlog drains. Logs go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -Pbenchmark package -DskipTests 2>/dev/null || mvn -B -q -Pbenchmark package -DskipTests
CP="target/bench-classes:target/classes:$(cat target/bench-classpath.txt)"
mkdir -p target/bench
out="target/bench/events-$(date +%Y%m%d-%H%M%S).log"
java -Xmx"${BENCH_HEAP:-512m}" -cp "$CP" io.dingtalketl.bench.EventSyncBenchmark "$@" 2>"${out%.log}.err" | tee "$out"
