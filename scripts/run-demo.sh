#!/usr/bin/env bash
# make run: the feed server with the demo data on loopback, and the display
# in a window — or, with no X display, fullscreen under Xvfb with screenshots
# saved to a folder. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${BIN:-bin}
data=${DATA:-data/demo}
shots=${SCREENSHOTS:-screenshots}
listen=${CXTV_LISTEN:-127.0.0.1:8080}
mkdir -p "$data"

pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup INT TERM EXIT

CXTV_LISTEN=$listen CXTV_DATA="$data/feed.db" \
  "$bin/cxtv-feed" serve --config config/feed.example.yaml --demo &
pids+=($!)

for _ in $(seq 50); do
  curl -fsS "http://$listen/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

export CXTV_SERVER="http://$listen" CXTV_CACHE="$data/display.db"
if [ -z "${DISPLAY:-}" ]; then
  mkdir -p "$shots"
  echo "run-demo: no \$DISPLAY — running the display fullscreen under Xvfb (1920x1080);"
  echo "run-demo: a screenshot is saved every 5 s to $(pwd)/$shots/screen.png"
  CXTV_FULLSCREEN=true CXTV_SCREENSHOTS="$shots" CXTV_SCREENSHOT_EVERY=5s \
    xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
    "$bin/cxtv-display" run --config config/display.example.yaml &
else
  CXTV_FULLSCREEN=${CXTV_FULLSCREEN:-false} \
    "$bin/cxtv-display" run --config config/display.example.yaml &
fi
pids+=($!)

cat <<MSG
run-demo: feed server on http://$listen, display connected to channel "canteen".
run-demo: post a comment and watch it appear:
  curl -H 'Authorization: Bearer change-me-survey' -H 'Content-Type: application/json' \\
    -d '{"id":"try-1","score":10,"comment":"Das Team an der Hotline war großartig!","touchpoint":"Hotline"}' \\
    http://$listen/api/v1/feedback
run-demo: Ctrl-C stops both.
MSG
wait -n "${pids[@]}" || true
