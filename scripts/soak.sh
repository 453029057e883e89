#!/usr/bin/env bash
# make soak: the real server and one real kiosk (under its own Xvfb) for
# $SOAK (default 10m) with a steady ingest stream, config reloads and 1,000
# screens that come and go (cmd/e2e/soak_test.go). Prints RSS, heap,
# goroutines, open files and bbolt file size of both processes every
# minute, and fails when one grew by more than 10 % over the last half.
# The processes' own logs go to $SOAK_LOG (default /tmp/cxtv-soak.log).
set -euo pipefail
cd "$(dirname "$0")/.."

soak=${SOAK:-10m}
CXTV_SOAK=$soak go test -count=1 -v -timeout 0 -run '^TestSoak$' ./cmd/e2e/ |
  tee "${SOAK_LOG:-${TMPDIR:-/tmp}/cxtv-soak.log}" | grep -v -e 'cxtv-feed: ' -e 'cxtv-display: ' -e 'cxtv-display-kiosk: '
