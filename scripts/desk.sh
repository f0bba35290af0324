#!/usr/bin/env bash
# One command: install what is missing, build, and start the desk on the simulated market.
# Extra arguments go to mag7desk (e.g. --speed 10, --seed 7, --data DIR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh" "$here/build"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No display found: starting the desk inside a virtual X server (xvfb-run)."
    exec xvfb-run -a -s "-screen 0 1920x1080x24" "$here/build/app/desk/mag7desk" "$@"
fi
exec "$here/build/app/desk/mag7desk" "$@"
