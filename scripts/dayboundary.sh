#!/bin/sh
# The day-boundary tests (pytest -m dayboundary) again, with the MACHINE's clock faked by
# libfaketime (Debian package faketime, installed by `scripts/bootstrap.sh test`):
#   23:30 UTC, machine on UTC               already tomorrow in Vietnam: a screen that takes "today"
#                                           from the OS shows yesterday (the bug of issue 10)
#   16:59 UTC, machine on UTC               one minute before midnight in Vietnam: the run crosses it
#   23:30 UTC, machine on Vietnam time      the machine's date is right, UTC's is not
# Each run starts at that instant and the clock runs on from there. The tests see the faked
# instant in OCOP_FAKED_UTC and check that Python and Qt really read it
# (tests/ui/test_day_boundary.py::test_the_machine_clock_is_faked_as_the_run_says).
# Monotonic clocks are left alone (FAKETIME_DONT_FAKE_MONOTONIC): faked, Python's timed waits
# hang, and with them Qt's event loop and the DB thread.
# No faketime, or a run that fails or runs no test: this script fails, loudly.
set -eu
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
if ! command -v faketime >/dev/null 2>&1; then
  echo "dayboundary: faketime is missing (Debian package 'faketime'): run 'sh scripts/bootstrap.sh test' as root," >&2
  echo "dayboundary: or: sudo apt-get install faketime" >&2
  exit 1
fi
day="${DAYBOUNDARY_DATE:-$(date -u +%F)}"
# only the files that hold such tests: collecting the whole suite three times costs more than running them
files=$(grep -rlE 'mark\.dayboundary' tests --include='test_*.py' | sort)
if [ -z "$files" ]; then
  echo "dayboundary: no test file is marked dayboundary" >&2
  exit 1
fi

run() {  # machine time zone, faked UTC time, more pytest arguments...
  zone="$1" at="$2"
  shift 2
  echo "dayboundary: machine clock at $day $at UTC, TZ=$zone: $(TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$day $at UTC" date '+%F %T %Z')"
  TZ="$zone" OCOP_FAKED_UTC="${day}T${at}Z" FAKETIME_DONT_FAKE_MONOTONIC=1 QT_QPA_PLATFORM=offscreen \
    faketime -m "$day $at UTC" "$PY" -m pytest -q -m dayboundary -p no:cacheprovider $files "$@"
}

run UTC 23:30:00 "$@"
run UTC 16:59:00 "$@"
run Asia/Ho_Chi_Minh 23:30:00 "$@"
