#!/usr/bin/env bash
# Runs the W3C Trace Context test suite against conformance/service.mjs.
#
# Usage: conformance/run.sh <path to the test/ folder of github.com/w3c/trace-context>
#        (or set TRACECONTEXT_SUITE to that path)
#
# Get the suite (kept out of this repository):
#   git clone --depth 1 https://github.com/w3c/trace-context /tmp/trace-context
#   conformance/run.sh /tmp/trace-context/test
# It needs Python 3 with aiohttp (Debian/Ubuntu: apt-get install -y python3-aiohttp;
# elsewhere: python3 -m venv conformance/.venv && conformance/.venv/bin/pip install aiohttp,
# then PYTHON=conformance/.venv/bin/python). Build Spool first: npm run build.
#
# Every test runs, Level 2 included: STRICT_LEVEL=2 and SPEC_LEVEL=2 unless set.
# Extra arguments after the suite path select tests, e.g. TraceContext2Test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
suite="${1:-${TRACECONTEXT_SUITE:-}}"
if [ -z "$suite" ] || [ ! -f "$suite/test.py" ]; then
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  echo "error: no test.py in '${suite}'" >&2
  exit 2
fi
suite="$(cd "$suite" && pwd)"
shift || true

python=""
for candidate in "${PYTHON:-}" python3 /usr/bin/python3 python; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import aiohttp' >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "error: no Python with aiohttp found (apt-get install -y python3-aiohttp, or set PYTHON)" >&2
  exit 2
fi

for pkg in api propagators sdk-trace; do
  if [ ! -f "$root/packages/$pkg/dist/src/index.js" ]; then
    echo "error: @spool/$pkg is not built; run: npm run build" >&2
    exit 2
  fi
done

log="$(mktemp)"
node "$root/conformance/service.mjs" 0 >"$log" 2>&1 &
service=$!
cleanup() { kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT

endpoint=""
for _ in $(seq 1 100); do
  endpoint="$(sed -n 's/^listening on //p' "$log")"
  [ -n "$endpoint" ] && break
  if ! kill -0 "$service" 2>/dev/null; then cat "$log" >&2; echo "error: the service exited" >&2; exit 1; fi
  sleep 0.1
done
if [ -z "$endpoint" ]; then cat "$log" >&2; echo "error: the service did not start" >&2; exit 1; fi
echo "service under test: $endpoint"

cd "$suite"
STRICT_LEVEL="${STRICT_LEVEL:-2}" SPEC_LEVEL="${SPEC_LEVEL:-2}" "$python" test.py "$endpoint" "$@"
