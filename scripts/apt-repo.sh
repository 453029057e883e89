#!/usr/bin/env bash
# make apt-repo: a signed apt repository of the packages in dist/, made by
# Debian's reprepro, for a fleet to install and upgrade with apt.
#
#   APT_SIGN_KEY=KEY scripts/apt-repo.sh [REPO [DEB...]]
#                                   (default dist/apt and dist/*.deb)
#
# KEY names the operator's OpenPGP key in gpg's keyring (GNUPGHOME): its
# fingerprint, key id or e-mail. Adds the packages to the suite
# $APT_SUITE (stable), component main; a newer version of a package replaces
# the older one, as apt upgrade expects. Writes the public key beside the
# indexes as cxtv-archive-keyring.gpg, for the screens' signed-by. The
# repository is plain files: serve REPO over HTTP(S), or copy it.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=${1:-dist/apt}
[ $# -eq 0 ] || shift
debs=("$@")
[ ${#debs[@]} -gt 0 ] || debs=(dist/*.deb)
key=${APT_SIGN_KEY:-}
suite=${APT_SUITE:-stable}
log() { printf 'apt-repo: %s\n' "$*" >&2; }

if [ -z "$key" ]; then
	log "set APT_SIGN_KEY to the OpenPGP key that signs the repository (gpg --list-secret-keys)"
	exit 2
fi
if ! gpg --batch --list-secret-keys "$key" >/dev/null 2>&1; then
	log "no secret key \"$key\" in gpg's keyring${GNUPGHOME:+ $GNUPGHOME}"
	exit 1
fi
[ -e "${debs[0]}" ] || { log "no packages (${debs[0]}): run make dist first"; exit 1; }

fpr=$(gpg --batch --with-colons --list-secret-keys "$key" | awk -F: '$1 == "fpr" {print $10; exit}')
mkdir -p "$repo/conf"
cat >"$repo/conf/distributions" <<CONF
Origin: cxtv
Label: cxtv
Suite: $suite
Codename: $suite
Architectures: amd64 arm64
Components: main
Description: cxtv, the customer TV: feed server and screens
SignWith: $fpr
CONF
cat >"$repo/conf/options" <<CONF
basedir $repo
CONF
for deb in "${debs[@]}"; do
	log "adding $(basename "$deb")"
	reprepro --basedir "$repo" --silent includedeb "$suite" "$deb"
done
gpg --batch --export "$fpr" >"$repo/cxtv-archive-keyring.gpg"
reprepro --basedir "$repo" list "$suite" >&2
log "signed with $fpr; public key: $repo/cxtv-archive-keyring.gpg"
