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
	local arch=$1 cgo=$2 out=$3 pkg=$4 cc='' mode=()
	# The cgo binary as a position-independent executable, as Debian builds
	# its own (lintian: hardening-no-pie); the pure-Go ones are static.
	# Its C parts get Debian's hardening flags (dpkg-buildflags).
	local ldflags="-s -w -X main.version=$VERSION" cflags=${CGO_CFLAGS:-}
	if [ "$cgo" = 1 ]; then
		cc=$(cross_cc "$arch") mode=(-buildmode=pie)
		cflags=${CGO_CFLAGS:-"-g -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong"}
		ldflags+=" -extldflags '-Wl,-z,relro -Wl,-z,now'"
	fi
	log "$out ($pkg, linux/$arch, CGO_ENABLED=$cgo${cc:+, CC=$cc})"
	env CGO_ENABLED="$cgo" GOOS=linux GOARCH="$arch" ${cc:+CC="$cc"} ${cflags:+CGO_CFLAGS="$cflags"} \
		"$GO" build -trimpath "${mode[@]}" -ldflags "$ldflags" -o "$out" "$pkg"
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

log "version $VERSION"
for arch in $ARCHES; do
	out=$DIST/linux-$arch
	build "$arch" 0 "$out/cxtv-feed" ./cmd/cxtv-feed
	build "$arch" 0 "$out/cxtv-display" ./cmd/cxtv-display
	build "$arch" 1 "$out/cxtv-display-kiosk" ./cmd/cxtv-display/kiosk
done

# The documents every package carries (Debian policy 12): the changelog,
# man pages made by help2man from the commands' own --help (run on this
# host's build: the kiosk under Xvfb, as Ebiten needs an X display), and
# per architecture a DEP-5 copyright file made from the binaries' build
# information (scripts/copyright), so it lists what they really contain.
host=$("$GO" env GOHOSTARCH)
hostbin=$DIST/linux-$host
if [ ! -x "$hostbin/cxtv-display-kiosk" ]; then
	hostbin=$DIST/host
	build "$host" 0 "$hostbin/cxtv-feed" ./cmd/cxtv-feed
	build "$host" 0 "$hostbin/cxtv-display" ./cmd/cxtv-display
	build "$host" 1 "$hostbin/cxtv-display-kiosk" ./cmd/cxtv-display/kiosk
fi
mkdir -p "$DIST/doc/man"
scripts/changelog.sh "$VERSION" "$CXTV_MAINTAINER" | gzip -9n >"$DIST/doc/changelog.gz"
man() { # man BINARY NAME [WRAPPER...]
	local bin=$1 name=$2
	shift 2
	"$@" help2man --no-info --no-discard-stderr --source=cxtv --version-string="$VERSION" \
		--name="$name" "$hostbin/$bin" | gzip -9n >"$DIST/doc/man/$bin.1.gz"
}
man cxtv-feed "customer TV feed server"
man cxtv-display "customer TV screen"
man cxtv-display-kiosk "the fullscreen window of cxtv-display" \
	xvfb-run -a -s "-screen 0 1280x720x24 -nolisten tcp"
for arch in $ARCHES; do
	out=$DIST/linux-$arch
	for pkg in feed display; do
		bins=("$out/cxtv-$pkg")
		[ "$pkg" = feed ] || bins+=("$out/cxtv-display-kiosk")
		mkdir -p "$DIST/doc/$arch/$pkg"
		files=(--files '*=scripts/packaging/LICENSE')
		if [ "$pkg" = feed ]; then
			files+=(--paragraphs scripts/packaging/feed/copyright.data)
		else
			files+=(--files 'assets/fonts/*=assets/fonts/OFL.txt' --files 'assets/fonts/noto/*=assets/fonts/noto/OFL.txt')
		fi
		"$GO" run ./scripts/copyright --head scripts/packaging/copyright.head "${files[@]}" "${bins[@]}" \
			>"$DIST/doc/$arch/$pkg/copyright"
		GOARCH=$arch "$NFPM" package --config "scripts/packaging/$pkg/nfpm.yaml" \
			--packager deb --target "$DIST/cxtv-${pkg}_${DEB_VERSION}_${arch}.deb" >&2
	done
done
rm -rf "$DIST/config" "$DIST/host"
ls -l "$DIST"/*.deb >&2
