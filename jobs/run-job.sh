#!/usr/bin/env bash
# The launcher cron and Jenkins call: jobs/run-job.sh org-sync [runDate=YYYY-MM-DD] [dryRun=true] [--force] [--recover]
# The contact-event service (jobs/dingtalk-etl-events.service) calls: jobs/run-job.sh serve
# Applying the inbox once (e.g. what the deletion guard held): jobs/run-job.sh event-sync [allowMassDelete=true]
# Attendance (jobs/attendance.yml): jobs/run-job.sh attendance [from=YYYY-MM-DD] [to=YYYY-MM-DD] [--force]
# The night's work: jobs/run-job.sh nightly [org-sync arguments]: the org sync, then, only if it succeeded (exit 0,
#   or 3: already done today), the attendance load without dates (the nightly policy); it reads dim_user. The exit
#   code is the org sync's when that did not succeed (attendance is then not run), else the attendance's.
# Also, with the same production settings: jobs/run-job.sh extract name=<extract> [runDate=...] | match |
#   accounts load system=<name> file=<csv> | provision [apply=true] [plan=<id>] [allowMassDelete=true] |
#   provision load departments=<csv> employees=<csv>
#
# Runs the job with the arguments given, through jobs/etl.sh (which builds the jar if it is missing). The job's exit
# code is this script's exit code (see jobs/org-sync.yml). Configuration comes from the environment
# (DINGTALK_APP_KEY, DINGTALK_APP_SECRET, SPRING_PROFILES_ACTIVE, ETL_DB_URL, ...) or, for secrets kept in
# files, from ETL_SECRETS_DIR: a directory with one file per setting (e.g. a file named dingtalk.app-secret).
# A scheduled run is a production run: it never uses the embedded simulator, so forgotten credentials are
# an error (exit 2, nothing written), and so is an ETL_SECRETS_DIR that is not a readable directory.
#
# crontab example (02:10 every night, restarting a failed run of the same date automatically):
#   10 2 * * *  cd /opt/dingtalk-etl && jobs/run-job.sh org-sync >> logs/org-sync.log 2>&1
# or, with the attendance after it:
#   10 2 * * *  cd /opt/dingtalk-etl && jobs/run-job.sh nightly >> logs/nightly.log 2>&1
set -uo pipefail
cd "$(dirname "$0")/.."

job=${1:-}
shift || true
case "$job" in
  org-sync) command=run ;;
  serve) command=serve ;;
  event-sync) command=eventSync ;;
  attendance) command=attendance ;;
  extract|match|accounts|provision) command=$job ;;
  nightly)
    bash jobs/run-job.sh org-sync "$@"
    code=$?
    if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then
      echo "The org sync did not succeed (exit $code): the attendance load, which reads dim_user, was not run." >&2
      exit "$code"
    fi
    exec bash jobs/run-job.sh attendance ;;
  *) echo "usage: jobs/run-job.sh org-sync [runDate=YYYY-MM-DD] [dryRun=true] [allowMassDelete=true] [--force] [--recover]" >&2
     echo "       jobs/run-job.sh attendance [from=YYYY-MM-DD] [to=YYYY-MM-DD] [--force]" >&2
     echo "       jobs/run-job.sh nightly [org-sync arguments]   (org sync, then attendance if it succeeded)" >&2
     echo "       jobs/run-job.sh serve | event-sync [allowMassDelete=true]" >&2
     echo "       jobs/run-job.sh extract name=<extract> | match | accounts load ... | provision [apply=true] ..." >&2
     exit 2 ;;
esac

extra=(--etl.simulator.enabled=false)
if [ -n "${ETL_SECRETS_DIR:-}" ]; then
  if [ ! -d "$ETL_SECRETS_DIR" ] || [ ! -r "$ETL_SECRETS_DIR" ]; then
    echo "ETL_SECRETS_DIR is '$ETL_SECRETS_DIR', which is not a readable directory: bind the secrets there (one file per setting, e.g. dingtalk.app-secret) or unset ETL_SECRETS_DIR." >&2
    exit 2
  fi
  extra+=("--spring.config.import=configtree:${ETL_SECRETS_DIR%/}/")
fi

# jobs/etl.sh builds the jar if it is missing and starts it with its class data archive (ETL_JAR, JAVA_OPTS, ETL_CDS)
exec jobs/etl.sh "$command" "$@" "${extra[@]}"
