#!/usr/bin/env bash
# A bare Debian machine in a folder, for checks that a machine of ours cannot
# fake (it ships -dev packages a new user's machine lacks).
#
#   scripts/fresh-root.sh new ROOT        a bare bookworm root (debootstrap
#                                         minbase + git, make, ca-certificates)
#                                         with only the Go toolchain copied in,
#                                         as the README asks a user to install it
#   scripts/fresh-root.sh clone ROOT      clone this repository's HEAD into
#                                         ROOT/root/cxtv
#   scripts/fresh-root.sh run ROOT 'CMD'  run CMD as root in ROOT/root/cxtv with
#                                         /proc, /sys, /dev mounted and nothing of
#                                         this machine but Go, its certificate
#                                         authorities and its Go proxy setting
#   scripts/fresh-root.sh rm ROOT         unmount and delete ROOT
#
# debootstrap runs once per machine: the pristine root is kept as a tarball
# ($FRESH_CACHE, /var/tmp/cxtv-fresh-bookworm.tar) and each `new` unpacks it,
# so every check starts from a root no earlier check dirtied. Needs root.
set -euo pipefail

SUITE=${FRESH_SUITE:-bookworm}
CACHE=${FRESH_CACHE:-/var/tmp/cxtv-fresh-$SUITE.tar}
MOUNTS=(proc sys dev dev/pts dev/shm)

log() { printf 'fresh-root: %s\n' "$*" >&2; }

# mirror: the Debian mirror this machine's apt uses (deb822 or one-line
# sources), so that the root fetches from the same place.
mirror() {
	local m
	m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	[ -n "$m" ] || m=$(awk '$1 == "deb" && $0 !~ /security/ {print ($2 ~ /^\[/ ? $3 : $2); exit}' /etc/apt/sources.list 2>/dev/null || true)
	echo "${m:-http://deb.debian.org/debian}"
}

unmount() {
	local root=$1 i
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		! mountpoint -q "$root/${MOUNTS[i]}" || umount -l "$root/${MOUNTS[i]}"
	done
}

new() {
	local root=$1 goroot
	[ "$(id -u)" -eq 0 ] || { log "needs root (debootstrap, chroot)"; return 1; }
	command -v go >/dev/null || { log "Go is not on PATH"; return 1; }
	if [ ! -s "$CACHE" ]; then
		command -v debootstrap >/dev/null || scripts/install-deps.sh fresh
		log "debootstrap $SUITE minbase from $(mirror) (once; kept in $CACHE)"
		rm -rf "$CACHE.d"
		debootstrap --variant=minbase --include=git,ca-certificates,make "$SUITE" "$CACHE.d" "$(mirror)" >&2
		tar -C "$CACHE.d" -cf "$CACHE.tmp" . && mv "$CACHE.tmp" "$CACHE"
		rm -rf "$CACHE.d"
	fi
	rm_root "$root"
	mkdir -p "$root"
	tar -C "$root" -xf "$CACHE"

	# Go as the README asks a user to install it: the toolchain in /usr/local/go.
	goroot=$(go env GOROOT)
	mkdir -p "$root/usr/local"
	cp -a "$goroot" "$root/usr/local/go"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# This machine's extra certificate authorities (a proxy on the way may
	# present its own): without them neither apt nor Go verify a registry.
	if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
		mkdir -p "$root/usr/local/share/ca-certificates"
		cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
		chroot "$root" update-ca-certificates >/dev/null 2>&1 ||
			cat /usr/local/share/ca-certificates/*.crt >>"$root/etc/ssl/certs/ca-certificates.crt"
	fi
	{
		echo "GOPROXY=$(go env GOPROXY)"
		echo "GOFLAGS=$(go env GOFLAGS)"
	} >"$root/etc/cxtv-fresh.env"
	log "bare $SUITE root ready at $root"
}

clone() {
	local root=$1
	rm -rf "$root/root/cxtv"
	git clone -q "$(git rev-parse --show-toplevel)" "$root/root/cxtv"
	git -C "$root/root/cxtv" checkout -q "$(git rev-parse HEAD)"
}

run() {
	local root=$1 cmd=$2 m rc=0
	for m in "${MOUNTS[@]}"; do
		mountpoint -q "/$m" || continue
		mkdir -p "$root/$m"
		mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"
	done
	# shellcheck disable=SC2046 # one word per line of the env file
	chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-true}" \
		PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		$(cat "$root/etc/cxtv-fresh.env") \
		bash -c "cd /root/cxtv 2>/dev/null || cd /root; $cmd" || rc=$?
	unmount "$root"
	return "$rc"
}

rm_root() {
	local root=$1
	[ -e "$root" ] || return 0
	unmount "$root"
	rm -rf --one-file-system "$root"
}

cd "$(dirname "$0")/.."
case "${1:-}" in
new) new "${2:?ROOT}" ;;
clone) clone "${2:?ROOT}" ;;
run) run "${2:?ROOT}" "${3:?command}" ;;
rm) rm_root "${2:?ROOT}" ;;
*)
	sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
