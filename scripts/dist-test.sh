#!/usr/bin/env bash
# make dist-test: checks what make dist put into dist/, for each of $ARCHES:
#   - file(1): the ELF machine, static feed and display, dynamic kiosk
#   - each binary's --version prints $VERSION; arm64 ones run under
#     qemu-aarch64 (Debian qemu-user), the kiosks under Xvfb (Ebiten needs
#     an X display before main)
#   - dpkg-deb --info/--contents: name, architecture, version, files and
#     their modes, conffiles, maintainer scripts, Depends
#   - the display's Depends covers what the kiosk links (dpkg-shlibdeps)
#     and what it dlopen()s, and apt resolves it on this Debian release
#   - the packaged feed.yaml passes cxtv-feed check; the systemd units pass
#     systemd-analyze verify, the feed's hardening systemd-analyze security
#   - lintian reports nothing; the copyright file names every module
#   - versions sort by time (version-test.sh); install, upgrade, remove and
#     purge in a bare Debian root from a signed apt repository (install-test.sh)
# Ends with "dist-test: N passed, M failed"; exits 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

DIST=${DIST:-dist}
ARCHES=${ARCHES:-amd64 arm64}
VERSION=${VERSION:-$(scripts/version.sh)}
HOST_ARCH=$(dpkg --print-architecture)

pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
# check WHAT CMD...: runs CMD; its output is shown only when it fails.
check() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/     /'; fi
}
# same WHAT GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1"; printf '     got:  %s\n     want: %s\n' "$2" "$3"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# emu ARCH: the qemu-user command that runs ARCH's binaries here, or
# nothing for this host's own. No qemu -L: the cgo binaries find the
# multiarch libraries in /lib/aarch64-linux-gnu by themselves, and with -L
# an Ebiten binary hangs.
emu() {
	case $1 in
	"$HOST_ARCH") ;;
	arm64) echo qemu-aarch64 ;;
	amd64) echo qemu-x86_64 ;;
	*) echo "no way to run $1 binaries here" >&2; return 1 ;;
	esac
}
xvfb() { xvfb-run -a -s "-screen 0 1280x720x24 -nolisten tcp" "$@"; }

# The shared libraries the kiosk (Ebiten's GLFW and GL loader) dlopen()s,
# which readelf cannot see, and the bookworm package of each. Those marked
# optional are fallbacks the screen does not need: no Depends on them.
declare -A dlopened=(
	[libXrandr.so.2]=libxrandr2 [libXcursor.so.1]=libxcursor1 [libXinerama.so.1]=libxinerama1
	[libXi.so.6]=libxi6 [libXxf86vm.so.1]=libxxf86vm1 [libXext.so.6]=libxext6 [libXrender.so.1]=libxrender1
	[libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libGLESv2.so.2]=libgles2
	[libX11-xcb.so.1]=optional [libOpenGL.so.0]=optional [libOSMesa.so.8]=optional [libOSMesa.so.6]=optional
	[libGLES_CM.so.1]=optional [libGLESv1_CM.so.1]=optional
	[libX11.so.6]=linked [libc.so.6]=linked [libm.so.6]=linked
)

# depends_names turns a Depends value into one package name a line.
depends_names() { tr ',' '\n' <<<"$1" | sed -E 's/\(.*\)//; s/[[:space:]]//g' | { grep -v '^$' || true; } | sort -u; }

# check_depends ARCH DEB KIOSK: the display package's Depends against its kiosk.
check_depends() {
	local arch=$1 deb=$2 kiosk=$3 depends names shlibs missing='' so pkg
	depends=$(dpkg-deb -f "$deb" Depends)
	names=$(depends_names "$depends")

	# What the kiosk links (ELF NEEDED), as dpkg-shlibdeps maps it to packages.
	mkdir -p "$tmp/shl/debian"
	printf 'Source: cxtv\n\nPackage: cxtv-display\nArchitecture: any\n' >"$tmp/shl/debian/control"
	if shlibs=$(k=$(realpath "$kiosk") && cd "$tmp/shl" && DEB_HOST_ARCH=$arch dpkg-shlibdeps -O "$k" 2>/dev/null); then
		shlibs=${shlibs#shlibs:Depends=}
		for pkg in $(depends_names "$shlibs"); do
			grep -qx "$pkg" <<<"$names" || missing+=" $pkg"
		done
		same "$deb: Depends covers dpkg-shlibdeps' [$shlibs]" "${missing:-none}" none
	else
		bad "$deb: dpkg-shlibdeps $kiosk"
	fi

	# What it dlopen()s: every soname in the binary is known, and each one
	# the screen needs has its package in Depends.
	missing=''
	for so in $(strings -n 6 "$kiosk" | grep -Ex 'lib[A-Za-z0-9_+-]+\.so(\.[0-9]+)+' | sort -u || true); do
		pkg=${dlopened[$so]:-}
		case $pkg in
		'') missing+=" $so(unknown:add-it-to-dist-test.sh)" ;;
		optional | linked) ;;
		*) grep -qx "$pkg" <<<"$names" || missing+=" $so($pkg)" ;;
		esac
	done
	same "$deb: Depends covers the dlopen()ed libraries" "${missing:-none}" none

	# apt resolves every dependency on this release (foreign arch: multiarch).
	if command -v apt-get >/dev/null; then
		check "$deb: apt-get --simulate install resolves Depends" \
			apt-get -s -q -o Debug::NoLocking=1 install "./$deb"
	fi
}

# check_deb ARCH PKG: a package's control fields and files.
check_deb() {
	local arch=$1 pkg=$2 deb want_files want_conf want_depends root
	deb=$(compgen -G "$DIST/${pkg}_*_$arch.deb" | head -1 || true)
	if [ -z "$deb" ]; then
		bad "$DIST/${pkg}_*_$arch.deb exists"
		return
	fi
	same "$deb: Package" "$(dpkg-deb -f "$deb" Package)" "$pkg"
	same "$deb: Architecture" "$(dpkg-deb -f "$deb" Architecture)" "$arch"
	check "$deb: Version is a valid Debian version" dpkg --validate-version "$(dpkg-deb -f "$deb" Version)"
	same "$deb: file name" "$(basename "$deb")" "${pkg}_$(dpkg-deb -f "$deb" Version)_$arch.deb"

	case $pkg in
	cxtv-feed)
		want_files="-rw-r----- ./etc/cxtv/feed.yaml
-rw-r--r-- ./usr/lib/systemd/system/cxtv-feed.service
-rw-r--r-- ./usr/share/doc/cxtv-feed/examples/feed.example.yaml
-rw-r--r-- ./usr/share/doc/cxtv-feed/copyright
-rw-r--r-- ./usr/share/doc/cxtv-feed/changelog.gz
-rw-r--r-- ./usr/share/man/man1/cxtv-feed.1.gz
-rw-r--r-- ./usr/share/lintian/overrides/cxtv-feed
-rwxr-xr-x ./usr/bin/cxtv-feed"
		want_conf=/etc/cxtv/feed.yaml
		want_depends="init-system-helpers (>= 1.58)"
		;;
	cxtv-display)
		want_files="-rw-r--r-- ./etc/cxtv/display.yaml
-rw-r--r-- ./etc/xdg/autostart/cxtv-display.desktop
-rw-r--r-- ./usr/lib/systemd/journald.conf.d/60-cxtv-display.conf
-rw-r--r-- ./usr/lib/systemd/user/cxtv-display.service
-rw-r--r-- ./usr/share/doc/cxtv-display/examples/display.example.yaml
-rw-r--r-- ./usr/share/doc/cxtv-display/copyright
-rw-r--r-- ./usr/share/doc/cxtv-display/changelog.gz
-rw-r--r-- ./usr/share/man/man1/cxtv-display.1.gz
-rw-r--r-- ./usr/share/man/man1/cxtv-display-kiosk.1.gz
-rw-r--r-- ./usr/share/lintian/overrides/cxtv-display
-rwxr-xr-x ./usr/bin/cxtv-display
-rwxr-xr-x ./usr/bin/cxtv-display-kiosk
-rwxr-xr-x ./usr/libexec/cxtv/display-session"
		want_conf="/etc/cxtv/display.yaml
/etc/xdg/autostart/cxtv-display.desktop"
		want_depends="libc6 (>= 2.34), libx11-6 (>= 2:1.2.99.901), libxrandr2, libxcursor1, libxinerama1, libxi6, libxxf86vm1, libxext6, libxrender1, libgl1, libegl1, libgles2, init-system-helpers (>= 1.58)"
		;;
	esac
	# Regular files with their modes, all owned by root.
	same "$deb: files and modes" "$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $1, $6}' | sort -k2)" "$(sort -k2 <<<"$want_files")"
	same "$deb: owner of every entry" "$(dpkg-deb -c "$deb" | awk '{print $2}' | sort -u)" root/root
	same "$deb: conffiles" "$(dpkg-deb -I "$deb" conffiles 2>/dev/null | sort)" "$want_conf"
	same "$deb: Depends" "$(dpkg-deb -f "$deb" Depends)" "$want_depends"

	root=$tmp/root-$arch-$pkg
	dpkg-deb -x "$deb" "$root"
	dpkg-deb -e "$deb" "$root/DEBIAN"
	for s in postinst prerm postrm; do
		check "$deb: $s is there and parses (sh -n)" sh -n "$root/DEBIAN/$s"
	done
	# Every Go module compiled into the package's binaries has its paragraph
	# in the copyright file (scripts/copyright reads their build information).
	local mods missing=''
	mods=$(for f in "$root"/usr/bin/*; do go version -m "$f" | awk '$1 == "dep" {print $2}'; done | sort -u)
	for m in $mods; do
		grep -qx "Files: vendor/$m/\*" "$root/usr/share/doc/$pkg/copyright" || missing+=" $m"
	done
	same "$deb: copyright names every module in the binaries" "${missing:-none}" none
	if [ "$pkg" = cxtv-feed ]; then
		check "$deb: copyright names the sources of the first-name lists" \
			grep -q 'Datenquelle: LABO Berlin / BerlinOnline, daten.berlin.de' "$root/usr/share/doc/$pkg/copyright"
	fi
	if command -v lintian >/dev/null; then
		check "$deb: lintian reports nothing (overrides with reasons)" \
			lintian --fail-on error,warning,info --display-info "$deb"
	fi
	for f in "$root"/usr/bin/*; do
		check "$deb: ${f#"$root"} is the one built into $DIST/linux-$arch" cmp "$f" "$DIST/linux-$arch/$(basename "$f")"
	done
}

for arch in $ARCHES; do
	dir=$DIST/linux-$arch
	case $arch in
	amd64) machine=x86-64 interp=/lib64/ld-linux-x86-64.so.2 ;;
	arm64) machine='ARM aarch64' interp=/lib/ld-linux-aarch64.so.1 ;;
	*) machine=$arch interp= ;;
	esac
	echo "== linux/$arch"
	for bin in cxtv-feed cxtv-display cxtv-display-kiosk; do
		if [ ! -x "$dir/$bin" ]; then
			bad "$dir/$bin exists"
			continue
		fi
		desc=$(file -b "$dir/$bin")
		case $bin in
		cxtv-display-kiosk) link="dynamically linked, interpreter $interp" ;;
		*) link="statically linked" ;;
		esac
		check "file $dir/$bin: $machine, $link" grep -q "$machine.*$link" <<<"$desc"
	done
	read -r -a qemu <<<"$(emu "$arch")"
	under=${qemu[0]:+ under ${qemu[0]}}
	for bin in cxtv-feed cxtv-display; do
		same "$dir/$bin --version$under" \
			"$(unset DISPLAY; timeout 120 "${qemu[@]}" "$dir/$bin" --version 2>&1)" "$bin $VERSION"
	done
	# The kiosk links Ebiten, whose init needs an X display: without one it
	# must say so (display/nox), with one it answers --version.
	out=$(unset DISPLAY; timeout 120 "${qemu[@]}" "$dir/cxtv-display-kiosk" --version 2>&1 || true)
	check "$dir/cxtv-display-kiosk without DISPLAY$under says so" grep -q "no X display" <<<"$out"
	if command -v xvfb-run >/dev/null; then
		same "$dir/cxtv-display-kiosk --version under Xvfb${under:+ and ${qemu[0]}}" \
			"$(xvfb timeout 120 "${qemu[@]}" "$dir/cxtv-display-kiosk" --version 2>&1)" "cxtv-display-kiosk $VERSION"
	fi

	check_deb "$arch" cxtv-feed
	check_deb "$arch" cxtv-display
	deb=$(compgen -G "$DIST/cxtv-display_*_$arch.deb" | head -1 || true)
	[ -z "$deb" ] || [ ! -x "$dir/cxtv-display-kiosk" ] || check_depends "$arch" "$deb" "$dir/cxtv-display-kiosk"
done

# The configs and units as installed, checked with the host's binaries.
root=$tmp/root-$HOST_ARCH-cxtv-feed
if [ -d "$root" ]; then
	check "packaged feed.yaml keeps its data in /var/lib/cxtv" grep -q '^data: *"/var/lib/cxtv/feed.db"' "$root/etc/cxtv/feed.yaml"
	check "cxtv-feed check --config <packaged feed.yaml>" \
		env -u CXTV_DATA -u CXTV_ADMIN_TOKEN "$root/usr/bin/cxtv-feed" check --config "$root/etc/cxtv/feed.yaml"
	if command -v systemd-analyze >/dev/null; then
		# --root wants the targets the unit refers to inside that root.
		cp -n /lib/systemd/system/*.target "$root/usr/lib/systemd/system/" 2>/dev/null || true
		# shellcheck disable=SC2016 # expanded by the inner bash
		check "systemd-analyze verify cxtv-feed.service (no warning)" \
			bash -c '! systemd-analyze verify --root="$1" cxtv-feed.service 2>&1 | grep .' _ "$root"
		check "systemd-analyze security cxtv-feed.service: exposure at most 2.5" \
			systemd-analyze security --offline=true --threshold=25 --root="$root" cxtv-feed.service
	fi
fi
root=$tmp/root-$HOST_ARCH-cxtv-display
if [ -d "$root" ]; then
	check "packaged display.yaml keeps its cache in the user service's state directory" \
		grep -q '^cache: *"display.db"' "$root/etc/cxtv/display.yaml"
	if command -v systemd-analyze >/dev/null; then
		# A user unit cannot be verified with --root: point ExecStart at
		# the extracted binary instead.
		mkdir -p "$tmp/user" "$tmp/xdg" && chmod 700 "$tmp/xdg"
		sed "s#=/usr/bin/#=$root/usr/bin/#" "$root/usr/lib/systemd/user/cxtv-display.service" >"$tmp/user/cxtv-display.service"
		# shellcheck disable=SC2016 # expanded by the inner bash
		check "systemd-analyze --user verify cxtv-display.service (no warning)" \
			bash -c '! XDG_RUNTIME_DIR="$1" systemd-analyze --user verify "$2" 2>&1 | grep .' _ "$tmp/xdg" "$tmp/user/cxtv-display.service"
	fi
fi

check "scripts/version-test.sh: successive versions sort in dpkg's order" scripts/version-test.sh
# Install, upgrade, remove and purge with real dpkg and apt, in a bare root
# from a signed apt repository: needs root (debootstrap, chroot).
if [ "$(id -u)" -eq 0 ]; then
	check "scripts/install-test.sh: install, upgrade, remove, purge from a signed apt repository" scripts/install-test.sh
else
	echo "skip install-test.sh: needs root"
fi

echo "dist-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
