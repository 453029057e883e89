#!/usr/bin/env bash
# make bench: the benchmarks the README records, printed as
# "name  figure unit …". Figures on a shared machine vary from run to run;
# compare them with care. Set BENCH to a regexp to run fewer.
set -euo pipefail
cd "$(dirname "$0")/.."

# BENCH, when set, is the -bench regexp of every package below (split on
# "/" per level, as go test does: BENCH=Broadcast/screens=1000); unset, each
# package runs its own pattern. (Appending BENCH to those patterns, as this
# script once did, made "Ingest.*Ingest" of BENCH=Ingest: it needs the word
# twice and never matched BenchmarkIngest.)
bench=${BENCH:-}
status=0
# show passes the result lines through: the benchmarks' own, their failures
# (so that a failing benchmark is seen, not silently missing) and the table
# rows some of them print ("| what | figure | goal |", and notes after
# "# "). BenchmarkIngest's
# figure also becomes a row of issue 14's table. Each line is flushed:
# mawk would hold a quarter of an hour's rows until the end.
show() {
  awk '
    function thousands(n,  s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
    /^Benchmark/ {
      if ($1 ~ /^BenchmarkIngest-/) for (i = 3; i < NF; i++) if ($(i + 1) == "answers/s")
        ingest = sprintf("| durable ingest (BenchmarkIngest, batches of 1,000) | %s/s | ≥ 50,000/s |", thousands($i))
      $1 = sprintf("%-44s", $1); print; if (ingest != "") { print ingest; ingest = "" }; fflush(); next
    }
    /^\| / || /^# / || /^--- FAIL/ || /^FAIL/ || /^panic:/ || /^ +[a-z_0-9]+_test\.go:[0-9]+:/ { print; fflush() }
  '
}
run() { # package, benchmark regexp, benchtime, more go test flags
  local pkg=$1 pattern=${bench:-$2} benchtime=$3
  shift 3
  go test -run '^$' -bench "$pattern" -benchtime "$benchtime" -benchmem "$@" "$pkg" 2>&1 | show || status=1
}

echo "# feed server ($(nproc) cores, $(go version | cut -d' ' -f3))"
run ./feed/hub/ "Broadcast/" 30x
run ./feed/server/ "^BenchmarkIngest$" 5s
run ./feed/server/ "Webhook" 5s
run ./feed/server/ "ImportQualtrics" 3x
run ./feed/server/ "FleetHeartbeat" 100000x
run ./feed/ingest/ "CSV" 3x
run ./feed/curate/ "." 1s
run ./feed/aggregate/ "." 1s
run ./feed/store/ "DecodeFeedback" 1s

# Issue 14: the real cxtv-feed on a store of 1,000,000 answers over 60 days
# (generated and cached in $TMPDIR/cxtv-bench, keyed by version, size and
# day), with 1,000 and 10,000 WebSocket screens in the benchmark process;
# every latency runs from just before the POST to the last screen's receipt.
# The screens run again on a store of 20,000 answers, where the rebuild is
# short: the fan-out's own latency, and RSS per screen without the large
# store's garbage for the screens' buffers to reuse. Sizes:
# CXTV_BENCH_ANSWERS, CXTV_BENCH_SCREENS (1000,10000),
# CXTV_BENCH_SCREEN_ANSWERS (1000000,20000),
# CXTV_BENCH_POSTS (20 per figure); cmd/e2e/bench_store_test.go. With
# today's server this takes about a quarter of an hour: a sample not
# there after 30 s is reported as lost.
echo "# issue 14: ${CXTV_BENCH_ANSWERS:-1000000} stored answers, the real binaries"
echo "| what | figure | goal |"
echo "| --- | --- | --- |"
run ./cmd/e2e/ "Store1M" 1x -timeout 3h

# Issue 15: the web player. Painting a slide picture (1080p, 4K) and a
# cached one are display/web's benchmarks, run with the display's below;
# here the page itself in headless Chromium, a card holding still.
echo "# web player"
run ./cmd/e2e/ "WebPlayerStill" 1x

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
xrun go test -run '^$' -bench "${bench:-.}" -benchmem ./display/... 2>&1 | show || status=1
# The kiosk binary itself, fullscreen at 1920x1080 against a prepared cache
# with no server: start to first frame (mean, best and worst of 5 starts), CPU
# and allocations while a card holds still and while the ticker runs (10 s
# each), resident memory after 100, 500 and 1,000 card changes (about
# three minutes, cards sped up with CXTV_DEBUG_SPEED).
xrun go test -run '^$' -bench "${bench:-Kiosk}" -benchtime 1x -timeout 30m ./cmd/cxtv-display/ 2>&1 | show || status=1
exit $status
