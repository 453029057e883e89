#!/usr/bin/env bash
# Prints the version of this checkout, one string for --version, the Debian
# packages and the fleet page. dpkg must order any two of them by time:
#
#   at a release tag vX.Y.Z             X.Y.Z
#   after it (or with no tag: 0.0.0)    X.Y.(Z+1)~git<UTC commit time>.<hash>
#                                       e.g. 0.3.1~git20261202184745.9f95d26
#   uncommitted changes                 the above + .dirty
#   no git                              0.0.0~unknown
#
# "~" sorts before the next release, so 0.3.1~git… > 0.3.0 and < 0.3.1; the
# commit time makes successive builds sort in order (a hash alone does not).
# Only tags of the form vMAJOR.MINOR.PATCH count: scripts/version-test.sh.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

if ! git rev-parse --verify -q HEAD >/dev/null 2>&1; then
	echo 0.0.0~unknown
	exit 0
fi
dirty=
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || dirty=.dirty
match='v[0-9]*.[0-9]*.[0-9]*'
if tag=$(git describe --tags --exact-match --match "$match" HEAD 2>/dev/null) &&
	[[ $tag =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
	echo "${tag#v}${dirty:++dirty}"
	exit 0
fi
major=0 minor=0 patch=0
if last=$(git describe --tags --abbrev=0 --match "$match" HEAD 2>/dev/null) &&
	[[ $last =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
	major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} patch=${BASH_REMATCH[3]}
fi
when=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S HEAD)
hash=$(git rev-parse --short=7 HEAD)
echo "$major.$minor.$((patch + 1))~git$when.$hash$dirty"
