#!/usr/bin/env bash
# One command: install what is missing, build, and run every test (unit, widget, CLI,
# architecture, benchmark smoke runs). Widget tests use Qt's offscreen platform.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh" "$here/build"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$here/build" --output-on-failure --timeout 900 -j "$(nproc)" "$@"
