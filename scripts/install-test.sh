#!/usr/bin/env bash
# Install, upgrade, remove and purge for real, as IT does on a screen: in a
# bare Debian root (scripts/fresh-root.sh) with real dpkg and apt, from a
# signed apt repository (scripts/apt-repo.sh, throwaway key, file://):
#   1. apt installs cxtv-feed and cxtv-display of dist/; nothing that needs
#      a screen starts (no systemd runs in the root)
#   2. the admin edits /etc/cxtv/*.yaml; the server's state gets a file
#   3. a newer build (this commit plus one, built here) enters the
#      repository: apt upgrade takes it, keeps the edits and the state
#   4. apt remove keeps config and state; purge removes them and the user
# Needs root. Ends with "install-test: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."

arch=$(dpkg --print-architecture)
root=${FRESH_INSTALL_ROOT:-/var/tmp/cxtv-install-root}
work=$(mktemp -d)
export GNUPGHOME=$work/gnupg
cleanup() { scripts/fresh-root.sh rm "$root"; rm -rf "$work"; }
trap cleanup EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
# inroot WHAT CMD: CMD (a shell line) must succeed in the root; its output is
# shown when it does not.
inroot() {
	local out
	if out=$(scripts/fresh-root.sh run "$root" "$2" 2>&1); then ok "$1"; else bad "$1"; printf '%s\n' "$out" | tail -20 | sed 's/^/     /'; fi
}

old=$(compgen -G "dist/cxtv-feed_*_$arch.deb" | head -1 || true)
[ -n "$old" ] || { echo "install-test: no dist/cxtv-feed_*_$arch.deb: run make dist first" >&2; exit 1; }
old_version=$(dpkg-deb -f "$old" Version)

# The newer build: this commit with one more on top, one minute later.
echo "install-test: building the next version for the upgrade" >&2
git clone -q . "$work/next"
when=$(($(git log -1 --format=%ct) + 60))
GIT_COMMITTER_DATE="@$when" GIT_AUTHOR_DATE="@$when" \
	git -C "$work/next" -c user.name=cxtv -c user.email=cxtv@example.org commit -q --allow-empty -m "install-test: the next build"
mkdir -p "$work/next/bin"
[ ! -d bin/tools ] || cp -a bin/tools "$work/next/bin/"
(cd "$work/next" && env -u VERSION -u DEB_VERSION ARCHES="$arch" DIST=dist scripts/dist.sh >"$work/next.log" 2>&1) ||
	{ tail -20 "$work/next.log"; echo "install-test: the next build failed" >&2; exit 1; }
new_version=$(dpkg-deb -f "$(compgen -G "$work/next/dist/cxtv-feed_*_$arch.deb" | head -1)" Version)
if dpkg --compare-versions "$old_version" lt "$new_version"; then ok "dpkg orders $old_version before $new_version"; else bad "dpkg orders $old_version before $new_version"; fi

# The repository, signed with a throwaway key, holding this build's packages.
mkdir -p "$GNUPGHOME" && chmod 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "cxtv install test <install-test@example.org>" ed25519 sign never 2>/dev/null
export APT_SIGN_KEY=install-test@example.org
scripts/apt-repo.sh "$work/apt" dist/cxtv-*_"$arch".deb 2>"$work/apt.log" ||
	{ cat "$work/apt.log"; echo "install-test: apt-repo failed" >&2; exit 1; }

scripts/fresh-root.sh new "$root" 2>/dev/null
mkdir -p "$root/srv"
cp -a "$work/apt" "$root/srv/apt"
cp "$root/srv/apt/cxtv-archive-keyring.gpg" "$root/usr/share/keyrings/cxtv-archive-keyring.gpg"
echo "deb [signed-by=/usr/share/keyrings/cxtv-archive-keyring.gpg] file:/srv/apt stable main" >"$root/etc/apt/sources.list.d/cxtv.list"
apt='DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold'

inroot "apt installs cxtv-feed and cxtv-display from the signed repository" \
	"apt-get update -q && $apt install --no-install-recommends cxtv-feed cxtv-display"
inroot "installed: $old_version" "[ \"\$(dpkg-query -W -f='\${Version}' cxtv-feed cxtv-display)\" = '$old_version$old_version' ]"
inroot "cxtv-feed --version and cxtv-display --version say $old_version" \
	"[ \"\$(cxtv-feed --version)\" = 'cxtv-feed $old_version' ] && [ \"\$(cxtv-display --version)\" = 'cxtv-display $old_version' ]"
inroot "user cxtv, /var/lib/cxtv (cxtv, 0750), feed.yaml root:cxtv 0640" \
	"getent passwd cxtv && [ \"\$(stat -c '%U %a' /var/lib/cxtv)\" = 'cxtv 750' ] && [ \"\$(stat -c '%U:%G %a' /etc/cxtv/feed.yaml)\" = 'root:cxtv 640' ]"
inroot "cxtv-feed.service enabled, nothing started" \
	"[ -L /etc/systemd/system/multi-user.target.wants/cxtv-feed.service ] && ! pgrep -x cxtv-feed && ! pgrep -f cxtv-display-kiosk"
inroot "the packaged feed.yaml passes cxtv-feed check" "cxtv-feed check --config /etc/cxtv/feed.yaml"
inroot "man pages and copyright installed" \
	"[ -s /usr/share/man/man1/cxtv-feed.1.gz ] && [ -s /usr/share/man/man1/cxtv-display-kiosk.1.gz ] && grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' /usr/share/doc/cxtv-display/copyright"

# The admin's edits and the server's state, which every step must keep.
inroot "the admin edits both configs; the server has state" \
	"echo '# edited by the admin' >>/etc/cxtv/feed.yaml && echo '# edited by the admin' >>/etc/cxtv/display.yaml && echo state >/var/lib/cxtv/feed.db && chown cxtv:cxtv /var/lib/cxtv/feed.db"

scripts/apt-repo.sh "$work/apt" "$work/next/dist/"cxtv-*_"$arch".deb 2>"$work/apt.log" ||
	{ cat "$work/apt.log"; echo "install-test: apt-repo failed" >&2; exit 1; }
rm -rf "$root/srv/apt" && cp -a "$work/apt" "$root/srv/apt"
inroot "apt upgrade takes $new_version" \
	"apt-get update -q && $apt upgrade && [ \"\$(dpkg-query -W -f='\${Version}' cxtv-feed cxtv-display)\" = '$new_version$new_version' ] && [ \"\$(cxtv-feed --version)\" = 'cxtv-feed $new_version' ]"
inroot "the upgrade kept the edited configs, their modes and the state" \
	"tail -1 /etc/cxtv/feed.yaml | grep -qx '# edited by the admin' && tail -1 /etc/cxtv/display.yaml | grep -qx '# edited by the admin' && [ \"\$(stat -c '%U:%G %a' /etc/cxtv/feed.yaml)\" = 'root:cxtv 640' ] && grep -qx state /var/lib/cxtv/feed.db && [ ! -e /etc/cxtv/feed.yaml.dpkg-new ]"

inroot "apt remove: binaries gone, config and state kept" \
	"$apt remove cxtv-feed cxtv-display && [ ! -e /usr/bin/cxtv-feed ] && [ ! -e /usr/bin/cxtv-display-kiosk ] && [ -e /etc/cxtv/feed.yaml ] && grep -qx state /var/lib/cxtv/feed.db && getent passwd cxtv"
inroot "apt purge: config, state, enablement and user gone" \
	"$apt purge cxtv-feed cxtv-display && [ ! -e /etc/cxtv ] && [ ! -e /var/lib/cxtv ] && ! getent passwd cxtv && ! getent group cxtv && [ ! -e /etc/systemd/system/multi-user.target.wants/cxtv-feed.service ] && ! dpkg-statoverride --list /etc/cxtv/feed.yaml"

echo "install-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
