#!/usr/bin/env bash
# Prints a Debian changelog for the packages of this checkout: an entry for
# the version being built (the commits since the last release tag), then one
# for every earlier release tag vX.Y.Z with its commits, newest first.
#   scripts/changelog.sh VERSION "MAINTAINER <e-mail>"
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?version} maintainer=${2:?maintainer}
max=40 # commits listed per entry; the rest are counted

# entry VERSION RANGE REF: one changelog entry for the commits in RANGE,
# dated with REF's commit time.
entry() {
	local v=$1 range=$2 ref=$3 n
	printf 'cxtv (%s) unstable; urgency=medium\n\n' "$v"
	n=$(git rev-list --count "$range")
	git log --no-merges --format=%s -n "$max" "$range" | while IFS= read -r subject; do
		fold -s -w 72 <<<"$subject" | sed -E 's/[[:space:]]+$//; 1s/^/  * /; 1!s/^/    /'
	done
	[ "$n" -le "$max" ] || printf '  * … and %d earlier commits.\n' $((n - max))
	[ "$n" -gt 0 ] || printf '  * No changes.\n'
	printf '\n -- %s  %s\n' "$maintainer" "$(TZ=UTC LC_ALL=C git log -1 --format=%cd --date=format-local:'%a, %d %b %Y %H:%M:%S +0000' "$ref")"
}

tags=$(git tag --list 'v[0-9]*.[0-9]*.[0-9]*' --merged HEAD --sort=-v:refname | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' || true)
last=$(head -n 1 <<<"$tags")
if [ "v$version" = "$last" ] || [ "v${version%+dirty}" = "$last" ]; then
	:
else
	entry "$version" "${last:+$last..}HEAD" HEAD
	[ -z "$last" ] || echo
fi
prev=
for tag in $tags; do
	[ -z "$prev" ] || echo
	older=$(grep -A1 -x "$tag" <<<"$tags" | sed -n 2p)
	entry "${tag#v}" "${older:+$older..}$tag" "$tag"
	prev=$tag
done
