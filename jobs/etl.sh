#!/usr/bin/env bash
# The etl command line with a fast start: jobs/etl.sh [command] [arguments] [--options] does what
# java -jar target/dingtalk-etl.jar [command] ... does (see README, "Command line"); jobs/run-job.sh, which
# cron and Jenkins call, runs the org sync through it.
#
# What makes it start faster than java -jar:
#  - Class Data Sharing (CDS): the first launch of a new jar (help excepted) unpacks it under ETL_CDS_DIR
#    (default target/cds) and records the classes a run loads into an archive (Spring Boot's CDS support;
#    the training run syncs a tiny invented organization, the embedded simulator's, into a throwaway
#    in-memory database, in a clean environment: it calls nothing outside this machine and takes a few
#    seconds, once); later launches map those classes from the archive instead of loading and verifying
#    them one by one. The archive belongs to one jar and one JVM: when either changes, the next launch
#    makes a new one. It is optional: if it cannot be made (a read-only directory, a failed training
#    run, another launch making it at that moment), the command runs from the jar as java -jar would.
#  - The JIT's first tier only (-XX:TieredStopAtLevel=1): see below.
#
# Environment: ETL_JAR (default target/dingtalk-etl.jar; built with Maven if missing), JAVA_OPTS (more
# JVM options), ETL_CDS=0 (no archive), ETL_CDS_DIR (where the unpacked jar and its archive live),
# ETL_JIT=full (both JIT tiers).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${ETL_JAR:-$root/target/dingtalk-etl.jar}
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q package -DskipTests) || exit 2
fi
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

# shellcheck disable=SC2206
jvm=(${JAVA_OPTS:-})
command=run
for arg in "$@"; do
  case "$arg" in
    --help|-h) command=help; break ;;
    --*) ;;
    *) command=$arg; break ;;
  esac
done
# Only the JIT's first tier (C1), unless ETL_JIT=full: the org sync waits for DingTalk's quota (20 calls/s
# per API) far more than it computes, and the optimizing tier's compiler threads cost more CPU than they
# save: a 5,000-user sync (bench/run.sh a) used 11 s of CPU instead of 27 s and ended 2 s sooner. A sync
# with no quota to wait for (the simulator's, a benchmark) may want ETL_JIT=full.
if [ "${ETL_JIT:-c1}" != full ]; then
  jvm+=(-XX:TieredStopAtLevel=1)
fi

# Prints the unpacked jar to run (and, on its second line, the archive) for this jar and JVM, making
# them if they are missing and $1 is 'make'; prints nothing when CDS is off or not possible.
cds() {
  local base=${ETL_CDS_DIR:-$root/target/cds} java_bin key dir
  java_bin=$(command -v java) || return
  # one directory per jar and JVM: the archive is valid only with the exact classes and JVM it was made with
  key=$(stat -L -c '%n %s %Y' "$jar" "$java_bin" 2>/dev/null) && [ -n "$key" ] || return
  key=$(printf '%s %s' "$key" "$(readlink -f "$java_bin")" | cksum | cut -d' ' -f1)
  dir=$base/$key
  if [ -f "$dir/ready" ]; then
    touch "$dir/ready" 2>/dev/null   # in use: see the clean-up below
    printf '%s\n' "$dir/app/$(basename "$jar")"
    [ -s "$dir/app.jsa" ] && printf '%s\n' "$dir/app.jsa"
    return
  fi
  [ "$1" = make ] || return
  mkdir -p "$base" 2>/dev/null || return
  # a directory left without 'ready' for 10 minutes is from a launch that was killed while making it
  find "$base" -mindepth 1 -maxdepth 1 -type d -mmin +10 ! -exec test -e '{}/ready' ';' -exec rm -rf '{}' + 2>/dev/null
  mkdir "$dir" 2>/dev/null || return   # another launch is making it: run from the jar this time
  # the archives of other jars are of no more use once no process runs from them: a day after their last launch
  find "$base" -mindepth 2 -maxdepth 2 -name ready ! -path "$dir/ready" -mmin +1440 -printf '%h\0' 2>/dev/null \
    | xargs -0r rm -rf
  if java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >"$dir/extract.log" 2>&1; then
    # the training run: a whole org sync of a tiny invented organization (the embedded simulator) into a
    # throwaway in-memory database, in a clean environment, so that the classes of the start-up, the job,
    # the DingTalk client and the report are all recorded; it calls nothing outside this machine
    (cd "$dir" && env -i PATH="$PATH" HOME="${HOME:-/tmp}" java -XX:ArchiveClassesAtExit="$dir/app.jsa" \
        -jar "$dir/app/$(basename "$jar")" demo runDate=2000-01-01 \
        --etl.simulator.departments=4 --etl.simulator.users=20 --etl.simulator.qps=0 \
        "--spring.datasource.url=jdbc:h2:mem:cds-training;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE" \
        --spring.datasource.username=sa --spring.datasource.password= --etl.report.dir="$dir/training-reports" \
        --logging.file.name="$dir/training.log" >"$dir/training.out" 2>&1) || rm -f "$dir/app.jsa"
    touch "$dir/ready"
    printf '%s\n' "$dir/app/$(basename "$jar")"
    [ -s "$dir/app.jsa" ] && printf '%s\n' "$dir/app.jsa"
  else
    rm -rf "$dir"
  fi
}

if [ "${ETL_CDS:-1}" != 0 ]; then
  # help answers at once: it uses an archive that is there, but never waits for one to be made
  mapfile -t prepared < <(cds "$([ "$command" = help ] && echo use || echo make)")
  if [ "${#prepared[@]}" -ge 1 ] && [ -f "${prepared[0]}" ]; then
    jar=${prepared[0]}
    if [ "${#prepared[@]}" -ge 2 ]; then
      # -Xshare:auto: an archive the JVM cannot use is ignored (the classes load from the jar)
      jvm+=(-XX:SharedArchiveFile="${prepared[1]}" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
  fi
fi

exec java "${jvm[@]}" -jar "$jar" "$@"
