#!/usr/bin/env bash
# Installs the Debian packages cxtv needs, only those that are missing.
#   scripts/install-deps.sh build   C toolchain and X11 headers to build the display (Ebiten, cgo)
#   scripts/install-deps.sh run     build + Xvfb and Mesa, to run the display without a monitor
#   scripts/install-deps.sh test    run + OCR and screenshot tools for the end-to-end tests
set -euo pipefail

build_pkgs=(gcc libc6-dev pkg-config libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev)
run_pkgs=(xvfb xauth libgl1 libglx-mesa0 libgl1-mesa-dri curl)
test_pkgs=(imagemagick x11-apps tesseract-ocr tesseract-ocr-deu tesseract-ocr-eng)

case "${1:-}" in
  build) want=("${build_pkgs[@]}") ;;
  run) want=("${build_pkgs[@]}" "${run_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 build|run|test" >&2; exit 2 ;;
esac

if ! command -v go >/dev/null 2>&1; then
  echo "install-deps: Go is not installed. Install Go 1.26 or newer (https://go.dev/dl/) and put it on PATH." >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: not a Debian/Ubuntu system; install the equivalents of: ${want[*]}" >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
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
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
