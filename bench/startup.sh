#!/usr/bin/env bash
# Start-up timings of the etl command line, launchers measured side by side:
#
#   bench/startup.sh [RUNS] [name=launcher ...]
#
# A launcher is a jar (started as java -jar JAR) or an executable that takes the etl's arguments
# (jobs/etl.sh). Default: java-jar=target/dingtalk-etl.jar etl.sh=jobs/etl.sh. Before against after:
#
#   bench/startup.sh 5 before=/tmp/before/dingtalk-etl.jar after=jobs/etl.sh
#
# Every launch has DingTalk credentials (a stub's), as a production launch has. Each launcher gets a
# database of its own (H2 file under target/startup-bench/NAME) and a warm-up launch
# that is not counted (it migrates the database; jobs/etl.sh makes its class data archive). Then RUNS
# rounds, each launcher in turn, each launch a fresh process, timed from launch to exit:
#   first-call  run runDate=<new date> with DingTalk credentials against a stub DingTalk on 127.0.0.1 that
#               notes when its first request arrives and refuses the credentials (errcode 40089), so the
#               run fails at once: the time from launch to the first DingTalk call
#   list        the 10 latest executions
#   stop N      N = that failed execution (refused: not running)
#   abandon N   (abandons it)
#   help
# Prints the median and [min..max] of each, in seconds. Logs: target/startup-bench/.
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS=5
if [[ ${1:-} =~ ^[0-9]+$ ]]; then RUNS=$1; shift; fi
if [ $# -eq 0 ]; then set -- java-jar=target/dingtalk-etl.jar etl.sh=jobs/etl.sh; fi
if [ ! -f target/dingtalk-etl.jar ]; then mvn -B -q package -DskipTests || exit 2; fi

OUT=$PWD/target/startup-bench
rm -rf "$OUT"
mkdir -p "$OUT"

# the stub DingTalk: every request is noted (epoch ns) and answered "invalid app credentials"
python3 - "$OUT/stub.port" "$OUT/stub.requests" <<'EOF' &
import sys, time, json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port_file, log_file = sys.argv[1], sys.argv[2]
class Stub(BaseHTTPRequestHandler):
    def answer(self):
        with open(log_file, "a") as log:
            log.write("%d %s\n" % (time.time_ns(), self.path.split("?")[0]))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({"errcode": 40089, "errmsg": "invalid corpid or corpsecret (startup benchmark stub)"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = answer
    def log_message(self, *args):
        pass
server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
open(port_file, "w").write(str(server.server_address[1]))
server.serve_forever()
EOF
STUB=$!
trap 'kill $STUB 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$OUT/stub.port" ] && break; sleep 0.1; done
PORT=$(cat "$OUT/stub.port")
touch "$OUT/stub.requests"

names=()
declare -A launcher
for spec in "$@"; do
  name=${spec%%=*}
  launcher[$name]=${spec#*=}
  names+=("$name")
  mkdir -p "$OUT/$name"
done

# etl NAME ARGS...: runs the launcher NAME in its directory with its database; output to $OUT/NAME/last.out
etl() {
  local name=$1; shift
  local l=${launcher[$name]} dir=$OUT/$name
  local options=("--spring.datasource.url=jdbc:h2:file:$dir/data/etl;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=TRUE"
    "--logging.file.name=$dir/etl.log" --dingtalk.app-key=startup-bench --dingtalk.app-secret=startup-bench)
  if [[ $l == *.jar ]]; then
    l=$(realpath "$l")
    (cd "$dir" && java -jar "$l" "$@" "${options[@]}") >"$dir/last.out" 2>&1
  else
    l=$(realpath "$l")
    (cd "$dir" && "$l" "$@" "${options[@]}") >"$dir/last.out" 2>&1
  fi
}

now() { date +%s%N; }
day=0
failing_run() {   # NAME: a run that fails at its first DingTalk call; prints "<first call ns> <execution id>"
  local name=$1 t0 first execution
  day=$((day + 1))
  t0=$(now)
  etl "$name" run "runDate=$(date -d "2030-01-01 + $day days" +%F)" --etl.simulator.enabled=false \
    "--dingtalk.base-url=http://127.0.0.1:$PORT" \
    "--etl.report.dir=$OUT/$name/reports"
  first=$(awk -v t0="$t0" '$1 > t0 { print $1; exit }' "$OUT/stub.requests")
  execution=$(grep -o 'execution [0-9]*' "$OUT/$name/last.out" | head -1 | cut -d' ' -f2)
  echo "$(( ${first:-0} - t0 )) ${execution:-0}"
}

results=$OUT/results.txt
: >"$results"
record() { echo "$1 $2 $3" >>"$results"; }   # launcher measure nanoseconds

for name in "${names[@]}"; do
  echo "## warm-up: $name (${launcher[$name]})"
  failing_run "$name" >/dev/null
done

for round in $(seq 1 "$RUNS"); do
  for name in "${names[@]}"; do
    read -r first execution < <(failing_run "$name")
    if [ "$first" -le 0 ] || [ "$execution" = 0 ]; then
      echo "## $name: the run made no DingTalk call or printed no execution; see $OUT/$name/last.out"; cat "$OUT/$name/last.out"; exit 1
    fi
    record "$name" first-call "$first"
    for command in "list" "stop $execution" "abandon $execution" "help"; do
      t0=$(now)
      # shellcheck disable=SC2086
      etl "$name" $command
      rc=$?
      record "$name" "${command%% *}" "$(( $(now) - t0 ))"
      cp "$OUT/$name/last.out" "$OUT/$name/${command%% *}-$round.out"
      echo "   $name $command: exit $rc"
    done
    echo "## round $round $name: first call after $(( first / 1000000 )) ms"
  done
done

python3 - "$results" "${names[@]}" <<'EOF' | tee "$OUT/summary.txt"
import sys, statistics
rows = [line.split() for line in open(sys.argv[1])]
names = sys.argv[2:]
measures = ["help", "list", "stop", "abandon", "first-call"]
print("medians in seconds [min..max], %d runs each" % (len([r for r in rows if r[0] == names[0] and r[1] == "help"])))
print("%-12s" % "launcher" + "".join("%-22s" % m for m in measures))
for name in names:
    cells = []
    for m in measures:
        values = [int(r[2]) / 1e9 for r in rows if r[0] == name and r[1] == m]
        cells.append("%.2f [%.2f..%.2f]" % (statistics.median(values), min(values), max(values)) if values else "-")
    print("%-12s" % name + "".join("%-22s" % c for c in cells))
EOF
