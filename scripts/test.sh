#!/usr/bin/env bash
# make test: vet and every test with the race detector. Tests that open
# windows need an X server: without one, the whole run goes under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

go vet ./...
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" go test -race -count=1 "$@" ./...
fi
exec go test -race -count=1 "$@" ./...
