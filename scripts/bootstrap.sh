#!/bin/sh
# Make this checkout runnable on a fresh Debian/Ubuntu machine that has only Python 3:
# the system libraries Qt needs (apt-get, when root and missing), a virtual environment in .venv,
# and the Python packages of pyproject.toml. Re-running is cheap: each step is skipped when done.
#   scripts/bootstrap.sh          kiosk and server
#   scripts/bootstrap.sh test     plus test tools (Xvfb and xdotool for the real-window keyboard tests,
#                                 Chromium for the dashboard tests, faketime for
#                                 the day-boundary runs of scripts/dayboundary.sh)
set -eu
cd "$(dirname "$0")/.."
mode="${1:-run}"
PY="${PYTHON:-python3}"

RUN_PKGS="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libxrender1 libsm6 libice6
 fonts-dejavu-core tzdata libusb-1.0-0"
TEST_PKGS="xvfb xauth xdotool chromium faketime poppler-utils postgresql-client"

missing=""
pkgs="$RUN_PKGS"
[ "$mode" = test ] && pkgs="$RUN_PKGS $TEST_PKGS"
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
fi
# python3-venv: Debian's python3 cannot make a venv without it
if ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
  ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  missing="$missing python3-venv python${ver}-venv"
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null || apt-get install -y -qq $missing
  else
    echo "bootstrap: these system packages are missing:$missing" >&2
    echo "bootstrap: run as root (or: sudo apt-get install$missing)" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
extra=""
[ "$mode" = test ] && extra="[test]"
stamp=".venv/.installed-$mode"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "bootstrap: installing Python packages$extra"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extra"
  touch "$stamp"
  [ "$mode" = test ] && touch .venv/.installed-run
fi
exit 0
