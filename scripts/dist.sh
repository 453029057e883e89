#!/usr/bin/env bash
# make dist: release binaries and Debian packages into dist/.
#
#   dist/linux-<arch>/cxtv-feed             static (CGO_ENABLED=0)
#   dist/linux-<arch>/cxtv-display          static (CGO_ENABLED=0)
#   dist/linux-<arch>/cxtv-display-kiosk    cgo, links Ebiten; arm64 cross-built
#                                           with Debian's aarch64-linux-gnu-gcc
#   dist/cxtv-feed_<version>_<arch>.deb     nfpm, scripts/packaging/feed
#   dist/cxtv-display_<version>_<arch>.deb  nfpm, scripts/packaging/display
#
# for <arch> in $ARCHES (amd64 arm64). Needs Debian's cross toolchain and
# arm64 multiarch -dev packages: scripts/install-deps.sh dist (make dist
# runs it). The version is scripts/version.sh's, as in make build: what
# --version prints and the packages' Debian version.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
VERSION=${VERSION:-$(scripts/version.sh)}
DIST=${DIST:-dist}
ARCHES=${ARCHES:-amd64 arm64}
export CXTV_MAINTAINER=${CXTV_MAINTAINER:-cxtv maintainers <cxtv@example.org>}

# nfpm is a build tool, not a dependency: installed once, pinned, into
# bin/tools (git-ignored), so it stays out of go.mod and each later run
# starts at once. v2.45.2 is the newest that builds from the Go module
# proxy: v2.46 and later need go.digitalxero.dev modules, which it refuses.
NFPM_VERSION=v2.45.2
NFPM=bin/tools/nfpm-$NFPM_VERSION

log() { printf 'dist: %s\n' "$*" >&2; }

# cross_cc names the C compiler for GOARCH $1 on this host.
cross_cc() {
	local host
	host=$("$GO" env GOHOSTARCH)
	if [ "$1" = "$host" ]; then
		echo "${CC:-gcc}"
		return
	fi
	case $1 in
	amd64) echo x86_64-linux-gnu-gcc ;;
	arm64) echo aarch64-linux-gnu-gcc ;;
	*) log "no C cross compiler known for $1"; return 1 ;;
	esac
}

build() { # build ARCH CGO OUT PKG
	local arch=$1 cgo=$2 out=$3 pkg=$4 cc=
	[ "$cgo" = 1 ] && cc=$(cross_cc "$arch")
	log "$out ($pkg, linux/$arch, CGO_ENABLED=$cgo${cc:+, CC=$cc})"
	env CGO_ENABLED="$cgo" GOOS=linux GOARCH="$arch" ${cc:+CC="$cc"} \
		"$GO" build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$out" "$pkg"
}

# packaged_config writes the example config $1 to $2 with the key $3 set
# to $4, and a first line saying where it is installed, and fails if the
# example no longer has that key.
packaged_config() {
	local src=$1 dst=$2 key=$3 value=$4 note=$5
	grep -Eq "^$key:[[:space:]]*\"" "$src" || { log "$src has no top-level $key: \"…\" line to set"; return 1; }
	{
		printf '%s\n' "$note"
		sed -E "s#^($key:[[:space:]]*)\"[^\"]*\"#\\1\"$value\"#" "$src"
	} >"$dst"
}

# scripts/version.sh makes versions that are Debian versions already.
dpkg --validate-version "$VERSION" || { log "version $VERSION is not a Debian version"; exit 1; }
DEB_VERSION=$VERSION
export DEB_VERSION DIST
# Reproducible packages: file times from the last commit, not the clock.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

if [ ! -x "$NFPM" ]; then
	log "installing nfpm $NFPM_VERSION into bin/tools"
	mkdir -p bin/tools
	GOBIN=$PWD/bin/tools "$GO" install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
	mv bin/tools/nfpm "$NFPM"
fi

rm -rf "${DIST:?}"
mkdir -p "$DIST/config"
packaged_config config/feed.example.yaml "$DIST/config/feed.yaml" data /var/lib/cxtv/feed.db \
	"# /etc/cxtv/feed.yaml, read by cxtv-feed.service (user cxtv). Replace the change-me tokens, then: systemctl start cxtv-feed"
packaged_config config/display.example.yaml "$DIST/config/display.yaml" cache display.db \
	"# /etc/cxtv/display.yaml, read by the user service cxtv-display.service; cache is relative to its state directory"

log "version $VERSION, Debian version $DEB_VERSION"
for arch in $ARCHES; do
	out=$DIST/linux-$arch
	build "$arch" 0 "$out/cxtv-feed" ./cmd/cxtv-feed
	build "$arch" 0 "$out/cxtv-display" ./cmd/cxtv-display
	build "$arch" 1 "$out/cxtv-display-kiosk" ./cmd/cxtv-display/kiosk
	for pkg in feed display; do
		GOARCH=$arch "$NFPM" package --config "scripts/packaging/$pkg/nfpm.yaml" \
			--packager deb --target "$DIST/cxtv-${pkg}_${DEB_VERSION}_${arch}.deb" >&2
	done
done
rm -rf "$DIST/config"
ls -l "$DIST"/*.deb >&2
