#!/usr/bin/env bash
# make test: gofmt, vet and every test with the race detector. Tests that open
# windows need an X server: without one, the whole run goes under Xvfb.
# The end-to-end package takes about 2.5 minutes alone and four times that
# beside the others on two loaded cores: go test's default of 10 minutes a
# package is too tight for it (CI, 2026-12-04).
set -euo pipefail
cd "$(dirname "$0")/.."

unformatted=$("$(go env GOROOT)/bin/gofmt" -l cmd display feed scripts assets config)
if [ -n "$unformatted" ]; then
  printf "not gofmt-formatted (run gofmt -w):\n%s\n" "$unformatted" >&2
  exit 1
fi
go vet ./...
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" go test -race -count=1 -timeout 30m "$@" ./...
fi
exec go test -race -count=1 -timeout 30m "$@" ./...
