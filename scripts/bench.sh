#!/usr/bin/env bash
# make bench: the benchmarks the README records, printed as
# "name  figure unit …". Figures on a shared machine vary from run to run;
# compare them with care. Set BENCH to a regexp to run fewer.
set -euo pipefail
cd "$(dirname "$0")/.."

# bench narrows the patterns below; empty, each pattern matches its own.
bench=${BENCH:-}
run() { # package, benchmark regexp, benchtime
  go test -run '^$' -bench "$2" -benchtime "$3" -benchmem "$1" |
    awk '/^Benchmark/ { $1 = sprintf("%-44s", $1); print }'
}

echo "# feed server ($(nproc) cores, $(go version | cut -d' ' -f3))"
run ./feed/hub/ "Broadcast/.*${bench}" 30x
run ./feed/server/ "Ingest.*${bench}" 5s
run ./feed/server/ "Webhook.*${bench}" 5s
run ./feed/server/ "ImportQualtrics.*${bench}" 3x
run ./feed/server/ "FleetHeartbeat.*${bench}" 100000x
run ./feed/ingest/ "CSV.*${bench}" 3x
run ./feed/curate/ ".${bench}" 1s
run ./feed/aggregate/ ".${bench}" 1s

# The display's benchmarks open windows: without an X server, under Xvfb
# (which then shares the cores with what it measures).
xrun() {
  if [ -z "${DISPLAY:-}" ]; then
    xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" "$@"
  else
    "$@"
  fi
}
echo "# display"
xrun go test -run '^$' -bench ".${bench}" -benchmem ./display/... |
  awk '/^Benchmark/ { $1 = sprintf("%-44s", $1); print }'
# The kiosk binary itself, fullscreen at 1920x1080 against a prepared cache
# with no server: start to first frame (mean, best and worst of 5 starts), CPU
# and allocations while a card holds still and while the ticker runs (10 s
# each), resident memory after 100, 500 and 1,000 card changes (about
# three minutes, cards sped up with CXTV_DEBUG_SPEED).
xrun go test -run '^$' -bench "Kiosk.*${bench}" -benchtime 1x -timeout 30m ./cmd/cxtv-display/ |
  awk '/^Benchmark/ { $1 = sprintf("%-44s", $1); print }'
