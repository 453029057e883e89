#!/usr/bin/env bash
# Installs the Debian packages cxtv needs, only those that are missing.
#   scripts/install-deps.sh build   C toolchain and X11 headers to build the display (Ebiten, cgo)
#   scripts/install-deps.sh run     build + Xvfb and Mesa, to run the display without a monitor
#   scripts/install-deps.sh test    run + OCR and screenshot tools for the end-to-end tests
#   scripts/install-deps.sh dist    build + the arm64 cross toolchain and X11 libraries
#                                   (Debian multiarch), qemu-user, file and dpkg-dev, for make dist
#   scripts/install-deps.sh release dist + lintian, reprepro, gnupg and debootstrap, for
#                                   make dist-test and make apt-repo
#   scripts/install-deps.sh fresh   debootstrap, for scripts/fresh-root.sh
set -euo pipefail

# libgl-dev brings GL/glx.h, which GLFW's glfw3native_unix.h includes.
build_pkgs=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev)
run_pkgs=(xvfb xauth libgl1 libglx-mesa0 libgl1-mesa-dri curl)
test_pkgs=(imagemagick x11-apps tesseract-ocr tesseract-ocr-deu tesseract-ocr-eng chromium fonts-dejavu-core shellcheck)
# The arm64 -dev packages are the build ones for the Raspberry Pi (Debian
# multiarch). No libgl1-mesa-dev:arm64: Ebiten loads libGL at run time, and
# that package's dependencies clash with the installed amd64 ones.
# libc6-dev-arm64-cross is only a Recommends of the cross gcc, so it is
# named here. dpkg-dev brings dpkg-shlibdeps, which make dist-test uses to
# check the display package's Depends; Xvfb lets it run the kiosk binaries'
# --version (Ebiten needs an X display before main).
cross_arch=arm64
dist_pkgs=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  libx11-dev:arm64 libxrandr-dev:arm64 libxcursor-dev:arm64 libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64
  qemu-user file dpkg-dev xvfb xauth help2man)
release_pkgs=(lintian reprepro gnupg debootstrap)

case "${1:-}" in
  build) want=("${build_pkgs[@]}") ;;
  run) want=("${build_pkgs[@]}" "${run_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  dist) want=("${build_pkgs[@]}" "${dist_pkgs[@]}") ;;
  release) want=("${build_pkgs[@]}" "${dist_pkgs[@]}" "${release_pkgs[@]}") ;;
  fresh) want=(debootstrap) ;;
  *) echo "usage: $0 build|run|test|dist|release|fresh" >&2; exit 2 ;;
esac

if ! command -v go >/dev/null 2>&1; then
  echo "install-deps: Go is not installed. Install Go 1.26 or newer (https://go.dev/dl/) and put it on PATH." >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: not a Debian/Ubuntu system; install the equivalents of: ${want[*]}" >&2
  exit 0
fi

# With a foreign architecture added, a bare name can match two installed
# packages (libx11-dev:amd64 and :arm64): ask for the native one first, then
# for the bare name (Architecture: all packages have no :amd64).
native=$(dpkg --print-architecture)
missing=()
for p in "${want[@]}"; do
  q=$p
  [[ $p == *:* ]] || q=$p:$native
  status=$(dpkg-query -W -f='${db:Status-Status}' "$q" 2>/dev/null ||
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
  sudo=(sudo)
else
  echo "install-deps: these packages are missing and installing them needs root:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if { [ "$1" = dist ] || [ "$1" = release ]; } && ! { [ "$(dpkg --print-architecture)" = "$cross_arch" ] || dpkg --print-foreign-architectures | grep -qx "$cross_arch"; }; then
  echo "install-deps: adding the $cross_arch architecture to dpkg (multiarch)"
  "${sudo[@]}" dpkg --add-architecture "$cross_arch"
fi
# Wait for another apt run on the same machine instead of failing at once.
apt=(apt-get -o DPkg::Lock::Timeout=600)
"${sudo[@]}" "${apt[@]}" update -qq
"${sudo[@]}" "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
