#!/usr/bin/env bash
# The README's commands on a bare Debian, as a new user runs them: a fresh
# bookworm root (scripts/fresh-root.sh) with only Go added, this repository
# cloned into it, then `make build`, `make test` and `make run`, which must
# show the demo channel: the display connects and its screenshot is saved.
# Our machines ship -dev packages a bare Debian lacks; this is the check that
# cannot be fooled by them. .ci/run runs it after make test.
#
#   scripts/fresh-check.sh [ROOT]     (default /var/tmp/cxtv-fresh; needs root)
#
# The screenshot of make run is copied to $FRESH_OUT (dist/fresh, default).
set -euo pipefail
cd "$(dirname "$0")/.."

root=${1:-/var/tmp/cxtv-fresh}
out=${FRESH_OUT:-dist/fresh}
log() { printf 'fresh-check: %s\n' "$*" >&2; }
step() { # step NAME CMD: runs CMD in the root and says how long it took
	local name=$1 start=$SECONDS
	log "$name"
	scripts/fresh-root.sh run "$root" "$2"
	log "$name: done in $((SECONDS - start)) s"
}

trap 'scripts/fresh-root.sh rm "$root"' EXIT
start=$SECONDS
scripts/fresh-root.sh new "$root"
scripts/fresh-root.sh clone "$root"
step "make build" 'make build'
step "make test" 'make test'

# make run until the display has connected and saved a screenshot; the feed
# listens on a port of its own so as not to meet a server of this machine.
# shellcheck disable=SC2016 # expanded in the root
step "make run shows the demo channel" '
	port=$((20000 + RANDOM % 20000))
	rm -rf screenshots data/demo
	CXTV_LISTEN=127.0.0.1:$port setsid make run >/tmp/run.log 2>&1 &
	pid=$!
	stop() { kill -TERM -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
	trap stop EXIT
	for _ in $(seq 180); do
		[ -s screenshots/screen.png ] && break
		kill -0 "$pid" 2>/dev/null || { cat /tmp/run.log; echo "make run ended early"; exit 1; }
		sleep 1
	done
	[ -s screenshots/screen.png ] || { cat /tmp/run.log; echo "no screenshot after 180 s"; exit 1; }
	fleet=$(curl -fsS -H "Authorization: Bearer change-me-admin" "http://127.0.0.1:$port/api/v1/displays")
	echo "$fleet" | grep -q "\"channel\":\"canteen\"" || { echo "fleet: $fleet"; exit 1; }
	echo "make run: display on channel canteen, screenshot saved"
'
mkdir -p "$out"
cp "$root/root/cxtv/screenshots/screen.png" "$out/make-run.png"
log "all done in $((SECONDS - start)) s; make run's screen: $out/make-run.png"
