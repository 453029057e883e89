#!/usr/bin/env bash
# Checks that scripts/version.sh gives versions dpkg orders by time: in a
# scratch repository, commits before any tag, a release tag, commits after
# it, uncommitted changes and the next tag, each newer than the one before.
# Ends with "version-test: N passed, M failed"; exits 1 if any failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT

pass=0 fail=0
commit() { # commit UTC-TIME
	echo "$1" >>"$repo/file"
	git -C "$repo" add file
	GIT_COMMITTER_DATE="$1 +0000" GIT_AUTHOR_DATE="$1 +0000" git -C "$repo" commit -qm "at $1"
}
version() { "$here/version.sh" "$repo"; }

git -C "$repo" init -q
git -C "$repo" config user.email test@example.org
git -C "$repo" config user.name test
versions=()
commit "2026-11-30T09:00:00"; versions+=("$(version)")
commit "2026-12-01T08:59:59"; versions+=("$(version)")
commit "2026-12-01T09:00:00"; git -C "$repo" tag v0.3.0; versions+=("$(version)")
git -C "$repo" tag not-a-release; versions+=("$(version)")
commit "2026-12-02T10:00:00"; versions+=("$(version)")
echo dirty >>"$repo/file"; versions+=("$(version)")
git -C "$repo" checkout -q file
commit "2026-12-02T11:00:00"; versions+=("$(version)")
git -C "$repo" tag v0.3.1; versions+=("$(version)")
commit "2026-12-03T07:00:00"; git -C "$repo" tag v0.10.0; versions+=("$(version)")

want=(0.0.1~git20261130090000.H 0.0.1~git20261201085959.H 0.3.0 0.3.0
	0.3.1~git20261202100000.H 0.3.1~git20261202100000.H.dirty 0.3.1~git20261202110000.H 0.3.1 0.10.0)
for i in "${!versions[@]}"; do
	got=${versions[i]} re=${want[i]//./\\.}
	re="^${re/H/[0-9a-f]\{7\}}\$"
	if [[ $got =~ $re ]] && dpkg --validate-version "$got" 2>/dev/null; then
		pass=$((pass + 1)); echo "ok   version $i: $got"
	else
		fail=$((fail + 1)); echo "FAIL version $i: got $got, want ${want[i]} (H: the hash)"
	fi
	if [ "$i" -gt 0 ]; then
		prev=${versions[i - 1]} op=lt
		[ "$prev" != "$got" ] || op=eq
		if dpkg --compare-versions "$prev" "$op" "$got"; then
			pass=$((pass + 1)); echo "ok   dpkg: $prev $op $got"
		else
			fail=$((fail + 1)); echo "FAIL dpkg: want $prev $op $got"
		fi
	fi
done
echo "version-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
