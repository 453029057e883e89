#!/usr/bin/env bash
# install-display.sh: turns a Raspberry Pi OS bookworm desktop (or any Debian
# with a desktop) into a cxtv screen, in one command:
#
#   sudo ./install-display.sh --server https://cxtv.example.com \
#     --channel canteen --token XYZ [--name kantine-1] [--user pi] \
#     [--deb cxtv-display_1.2.0_arm64.deb | --version 1.2.0] [--rotation 90] [--yes]
#
# It
#   1. installs the cxtv-display package with apt-get (which resolves its
#      Depends): --deb FILE, else the newest (or --version V)
#      cxtv-display_*_<arch>.deb in --dist DIR, the repository's dist/ or the
#      script's own folder; skipped when that version is installed already
#   2. writes /etc/cxtv/display.yaml (0644; the previous one is kept as
#      display.yaml.bak) with the cache in the user service's state directory
#   3. enables the systemd user unit cxtv-display.service for the desktop user
#      (--user, else SUDO_USER, else the user with uid 1000): the symlink
#      `systemctl --user enable` makes, in
#      ~/.config/systemd/user/graphical-session.target.wants/
#   4. starts it at every login of that user's desktop session. The package's
#      /etc/xdg/autostart/cxtv-display.desktop already covers Raspberry Pi
#      OS's three sessions: X11/LXDE (lxsession runs XDG autostart), wayfire
#      (/etc/wayfire/defaults.ini) and labwc (/etc/xdg/labwc/autostart) both
#      run lxsession-xdg-autostart. For a compositor config that does not, the
#      script also adds the screen to ~/.config/labwc/autostart (Pi OS starts
#      labwc -m: the user's autostart runs besides the system one) and to
#      ~/.config/wayfire.ini [autostart]; a second start is a no-op
#   5. turns screen blanking off: labwc: comments out swayidle in the user's
#      labwc autostart (what "Screen Blanking" in raspi-config and the Control
#      Centre adds); wayfire: [idle] screensaver_timeout = -1, dpms_timeout = -1;
#      X11: /etc/X11/xorg.conf.d/60-cxtv-display.conf (BlankTime, StandbyTime,
#      SuspendTime, OffTime 0). The mouse cursor needs nothing: the screen
#      hides it itself over its fullscreen window (ebiten.CursorModeHidden)
#   6. logs the user into the desktop automatically at boot
#      (raspi-config nonint do_boot_behaviour B4), when raspi-config exists
#   7. starts the screen now if the user's desktop session is running and has
#      handed its display to systemd, or else says to reboot
#
# Idempotent: every step compares before it changes anything, prints what it
# changed, and a second run with the same flags prints "nothing to change".
# Each session (labwc, wayfire, X11) is set up only when installed: after
# installing another one, run the script again.
#
# Test mode: --root DIR (or DESTDIR=DIR) writes every file under DIR and
# appends the commands that would touch the machine (apt-get, systemctl,
# raspi-config, chown) to DIR/commands.log instead of running them; it reads
# the user from DIR/etc/passwd and needs no root. --skip-package leaves the
# package alone. cmd/e2e/install_test.go runs it that way.
#
# Exits 0 when all is set up (also when nothing had to change), 1 on bad
# input or when a step failed.
#
# Undo: as the user, systemctl --user disable cxtv-display; delete the lines
# between the cxtv-display markers in ~/.config/labwc/autostart and the
# "# cxtv-display: no screen blanking: " prefix of swayidle lines there; the
# cxtv_display key and the [idle] timeouts in ~/.config/wayfire.ini; as root,
# /etc/X11/xorg.conf.d/60-cxtv-display.conf; apt-get purge cxtv-display
# (display.yaml goes with it; display.yaml.bak stays); no autologin:
# raspi-config nonint do_boot_behaviour B3.
set -euo pipefail
umask 022
export LC_ALL=C

prog=install-display
unit=cxtv-display.service
unit_path=/usr/lib/systemd/user/$unit
session_helper=/usr/libexec/cxtv/display-session
config_path=/etc/cxtv/display.yaml
xorg_conf=/etc/X11/xorg.conf.d/60-cxtv-display.conf
labwc_begin='# >>> cxtv-display: start the customer TV (install-display.sh) >>>'
labwc_end='# <<< cxtv-display <<<'
swayidle_tag='# cxtv-display: no screen blanking: '

say() { printf '%s: %s\n' "$prog" "$*"; }
warn() { printf '%s: warning: %s\n' "$prog" "$*" >&2; }
die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}
usage() {
	cat <<'USAGE'
usage: sudo install-display.sh --server URL --channel NAME --token TOKEN [options]

  --server URL      the cxtv-feed server, http(s)://host[:port][/path]
  --channel NAME    the channel this screen shows (a channel name from feed.yaml)
  --token TOKEN     that channel's display_token
  --name NAME       the screen's name in the fleet view (default: the host name)
  --rotation DEG    0, 90, 180 or 270 for a portrait-mounted screen (default 0)
  --user USER       the desktop user the screen runs as (default: SUDO_USER,
                    else the user with uid 1000)
  --deb FILE        the cxtv-display .deb to install
  --version V       install cxtv-display_V_<arch>.deb from the dist folder
  --dist DIR        where to look for the .deb (default: the repository's dist/
                    and this script's folder)
  --skip-package    leave the package alone
  --yes             never ask: fail when a required flag is missing
  --root DIR        test mode: write under DIR, log commands to DIR/commands.log
  -h, --help        this text

Missing --server, --channel or --token are asked for when stdin is a terminal.
Running it again with the same flags changes nothing.
USAGE
}

server='' channel='' token='' name='' rotation=0 user='' deb='' version='' dist=''
skip_package=0 yes=0
ROOT=${DESTDIR:-}
while [ $# -gt 0 ]; do
	opt=$1 val='' inline=0
	case $opt in
	--*=*)
		val=${opt#*=} opt=${opt%%=*} inline=1
		;;
	esac
	case $opt in
	-h | --help)
		usage
		exit 0
		;;
	-y | --yes | --skip-package)
		[ "$inline" = 0 ] || die "$opt takes no value"
		case $opt in
		--skip-package) skip_package=1 ;;
		*) yes=1 ;;
		esac
		;;
	--server | --channel | --token | --name | --rotation | --user | --deb | --version | --dist | --root)
		if [ "$inline" = 0 ]; then
			[ $# -ge 2 ] || die "$opt needs a value (see --help)"
			val=$2
			shift
		fi
		case $opt in
		--server) server=$val ;;
		--channel) channel=$val ;;
		--token) token=$val ;;
		--name) name=$val ;;
		--rotation) rotation=$val ;;
		--user) user=$val ;;
		--deb) deb=$val ;;
		--version) version=$val ;;
		--dist) dist=$val ;;
		--root) ROOT=$val ;;
		esac
		;;
	*) die "unknown argument $opt (see --help)" ;;
	esac
	shift
done

# --- Inputs: all checked before anything is written. -----------------------

if [ -n "$ROOT" ]; then
	[ -d "$ROOT" ] || die "--root: $ROOT is not a directory"
	ROOT=$(cd "$ROOT" && pwd)
	[ "$ROOT" != / ] || ROOT=''
fi
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
	die "needs root: run it with sudo (or test it with --root DIR)"
fi

interactive=0
if [ "$yes" = 0 ] && [ -t 0 ]; then
	interactive=1
fi
# ask VAR FLAG METAVAR WHAT [secret]: fills a missing required value from
# the terminal, or fails naming the flag.
ask() {
	local var=$1 flag=$2 metavar=$3 what=$4 secret=${5:-} answer='' why
	[ -z "${!var}" ] || return 0
	if [ "$interactive" = 1 ]; then
		if [ -n "$secret" ]; then
			read -r -s -p "$what ($flag): " answer || true
			echo >&2
		else
			read -r -p "$what ($flag): " answer || true
		fi
	fi
	if [ -z "$answer" ]; then
		why=''
		if [ "$yes" = 1 ]; then
			why=' (--yes: nothing was asked)'
		elif [ "$interactive" = 0 ]; then
			why=' (stdin is not a terminal: nothing was asked)'
		fi
		die "$flag is missing: pass $flag $metavar, $what$why"
	fi
	printf -v "$var" '%s' "$answer"
}
ask server --server URL "the cxtv-feed server's URL, e.g. https://cxtv.example.com"
ask channel --channel NAME "the channel to show, as named in feed.yaml"
ask token --token TOKEN "that channel's display_token" secret

has_cntrl() { [[ $1 == *[[:cntrl:]]* ]]; }

url_re='^https?://([A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[^[:space:][:cntrl:]"\\?#]*)?$'
if has_cntrl "$server" || ! [[ $server =~ $url_re ]]; then
	die "--server: \"$server\" is not an http(s) URL like https://cxtv.example.com or http://10.0.0.5:8080"
fi
server=${server%/}
channel_re='^[a-z0-9][a-z0-9_-]{0,62}$'
if ! [[ $channel =~ $channel_re ]]; then
	die "--channel: \"$channel\" is not a channel name (lower-case letters, digits, _ and -, up to 63, as in feed.yaml)"
fi
if has_cntrl "$token"; then
	die "--token: has a line break or another control character"
fi
if [[ $token == [[:space:]]* || $token == *[[:space:]] ]]; then
	die "--token: starts or ends with a space (copied too much?)"
fi
if has_cntrl "$name" || [ ${#name} -gt 64 ]; then
	die "--name: at most 64 characters on one line"
fi
case $rotation in
0 | 90 | 180 | 270) ;;
*) die "--rotation: \"$rotation\" is not one of 0, 90, 180, 270" ;;
esac

[ -z "$deb" ] || [ -z "$version" ] || die "--deb and --version: pass one of them"
version_re='^[0-9][0-9A-Za-z.+~:-]*$'
[ -z "$version" ] || [[ $version =~ $version_re ]] || die "--version: \"$version\" is not a Debian version like 1.2.0"
[ -z "$deb" ] || [ "$skip_package" = 0 ] || die "--deb and --skip-package: pass one of them"

# The desktop user and its home, from the (test) root's passwd.
if [ -z "$user" ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
	user=$SUDO_USER
fi
if [ -z "$user" ]; then
	user=$(awk -F: '$3 == 1000 { print $1; exit }' "$ROOT/etc/passwd" 2>/dev/null || true)
	[ -n "$user" ] || die "--user is missing: no SUDO_USER and no user with uid 1000; pass --user USER (the desktop user)"
fi
user_re='^[a-z_][a-z0-9_.-]*$'
[[ $user =~ $user_re ]] || die "--user: \"$user\" is not a user name"
uid='' gid='' home=''
IFS=: read -r _ _ uid gid _ home _ < <(awk -F: -v u="$user" '$1 == u { print; exit }' "$ROOT/etc/passwd" 2>/dev/null) || true
[ -n "${uid:-}" ] || die "--user: no user \"$user\" in $ROOT/etc/passwd"
[ "$uid" != 0 ] || die "--user: the screen runs as the desktop user, not as root"
[ -d "$ROOT$home" ] || die "--user: $user's home $home does not exist"
owner=$uid:$gid

# The package: a .deb to install, or none (skipped, or the installed one).
arch='' explicit=$deb$version
if [ "$skip_package" = 0 ]; then
	arch=$(dpkg --print-architecture 2>/dev/null) || die "no dpkg here: pass --skip-package and install cxtv-display yourself"
	if [ -n "$deb" ]; then
		[ -f "$deb" ] || die "--deb: no file $deb"
	else
		here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
		dirs=("$here/../dist" "$here")
		pat=${version:-*}
		[ -z "$dist" ] || dirs=("$dist")
		for d in "${dirs[@]}"; do
			# $pat unquoted: * globs; a version has no glob characters (checked).
			for f in "$d"/cxtv-display_$pat"_$arch.deb"; do
				[ -f "$f" ] || continue
				if [ -z "$deb" ] || dpkg --compare-versions "$(dpkg-deb -f "$f" Version)" gt "$(dpkg-deb -f "$deb" Version)"; then
					deb=$f
				fi
			done
			[ -z "$deb" ] || break
		done
	fi
	if [ -n "$deb" ]; then
		deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
		[ "$(dpkg-deb -f "$deb" Package 2>/dev/null)" = cxtv-display ] || die "--deb: $deb is not a cxtv-display package"
		deb_arch=$(dpkg-deb -f "$deb" Architecture)
		[ "$deb_arch" = "$arch" ] || [ "$deb_arch" = all ] || die "--deb: $deb is for $deb_arch, this machine is $arch"
	fi
fi

# --- Helpers that change things. ---------------------------------------------

changes=0
changed() {
	changes=$((changes + 1))
	say "$*"
}
# run CMD...: a command that changes the machine; under --root only logged.
run() {
	if [ -n "$ROOT" ]; then
		printf '%q ' "$@" | sed 's/ $//' >>"$ROOT/commands.log"
		echo >>"$ROOT/commands.log"
	else
		"$@"
	fi
}
# exists PATH: PATH is there on the target (--root: inside it).
exists() { [ -e "$ROOT$1" ]; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# put PATH MODE OWNER SRC: makes $ROOT$PATH hold SRC's content with MODE
# ("keep": an existing file's mode, else 644) and OWNER (uid:gid; empty:
# root). Returns 0 when it changed something, 1 when all was right.
put() {
	local path=$1 mode=$2 own=$3 src=$4 dst=$ROOT$1 cur='' tmp
	[ ! -L "$dst" ] || die "$path is a symlink: not writing through it"
	[ ! -e "$dst" ] || cur=$(stat -c %a "$dst")
	[ "$mode" != keep ] || mode=${cur:-644}
	mode=${mode#0}
	if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
		[ "$cur" != "$mode" ] || return 1
		chmod "$mode" "$dst"
		return 0
	fi
	tmp=$(mktemp "$dst.XXXXXX")
	cat "$src" >"$tmp"
	chmod "$mode" "$tmp"
	mv -f "$tmp" "$dst"
	[ -z "$own" ] || run chown "$own" "$dst"
	return 0
}
# mkdir_user DIR: creates DIR and its missing parents below the user's home,
# owned by the user.
mkdir_user() {
	local d=$1 missing=()
	while [ ! -d "$ROOT$d" ]; do
		missing=("$d" "${missing[@]}")
		d=$(dirname "$d")
	done
	for d in "${missing[@]}"; do
		mkdir -m 0755 "$ROOT$d"
		run chown "$owner" "$ROOT$d"
	done
}
# ini_set FILE SECTION KEY VALUE: sets key = value in [SECTION] of an INI
# file: replaces the key's line, or adds it after the section's header, or
# adds the section at the end.
ini_set() {
	local file=$1
	awk -v sec="[$2]" -v key="$3" -v val="$4" '
		function header(l) { gsub(/^[ \t]+|[ \t]+$/, "", l); return l }
		function iskey(l) { sub(/^[ \t]+/, "", l); return index(l, key) == 1 && substr(l, length(key) + 1) ~ /^[ \t]*=/ }
		NR == FNR {
			if ($0 ~ /^[ \t]*\[/) insec = header($0) == sec
			else if (insec && iskey($0)) found = 1
			next
		}
		FNR == 1 { insec = 0 }
		/^[ \t]*\[/ {
			insec = header($0) == sec
			print
			if (insec && !found && !done) { print key " = " val; done = 1 }
			next
		}
		insec && iskey($0) { if (!done) print key " = " val; done = 1; next }
		{ print }
		END {
			if (!done) {
				if (NR > 0) printf "\n"
				print sec
				print key " = " val
			}
		}' "$file" "$file" >"$file.new"
	mv "$file.new" "$file"
}

# --- 1. The package. --------------------------------------------------------

if [ "$skip_package" = 1 ]; then
	:
else
	installed=$(dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${db:Status-Status} ${Version}' cxtv-display 2>/dev/null || true)
	if [ -z "$deb" ]; then
		case $installed in
		"installed "*) say "no cxtv-display${version:+ $version} .deb found: keeping the installed ${installed#installed }" ;;
		*) die "--deb is missing: no cxtv-display_${version:-*}_$arch.deb in ${dist:-dist/ or beside this script}; pass --deb FILE.deb (make dist builds it)" ;;
		esac
	else
		want=$(dpkg-deb -f "$deb" Version)
		if [ "$installed" = "installed $want" ]; then
			:
		elif [ -z "$explicit" ] && [ "${installed%% *}" = installed ] && dpkg --compare-versions "${installed#installed }" gt "$want"; then
			say "keeping the installed cxtv-display ${installed#installed }, newer than $deb (--deb or --version installs an older one)"
		else
			run env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
				-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
				--allow-downgrades install "$deb"
			changed "installed cxtv-display $want from $deb"
		fi
	fi
fi
exists "$unit_path" || warn "$unit_path is missing: is cxtv-display installed?"

# --- 2. /etc/cxtv/display.yaml. ---------------------------------------------

# yq VALUE: VALUE as a double-quoted YAML scalar (no control characters in it:
# checked above).
yq() { printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"; }
{
	echo "# /etc/cxtv/display.yaml, written by install-display.sh, read by the user service"
	echo "# cxtv-display.service; cache is relative to its state directory. Running the script"
	echo "# again with other flags rewrites it (the previous one: display.yaml.bak)."
	echo "server: $(yq "$server")"
	echo "channel: $(yq "$channel")"
	echo "token: $(yq "$token")"
	echo 'cache: "display.db"'
	echo "fullscreen: true"
	echo "rotation: $rotation"
	echo "name: $(yq "$name")"
} >"$work/display.yaml"
config_changed=0
mkdir -p "$ROOT${config_path%/*}"
backup=''
if [ -f "$ROOT$config_path" ] && ! cmp -s "$work/display.yaml" "$ROOT$config_path"; then
	cp "$ROOT$config_path" "$ROOT$config_path.bak"
	chmod 600 "$ROOT$config_path.bak"
	backup=" (the previous one is $config_path.bak)"
fi
if put "$config_path" 0644 '' "$work/display.yaml"; then
	config_changed=1
	changed "wrote $config_path: $server, channel $channel$backup"
fi

# --- 3. Enable the user unit for the desktop user. --------------------------

# The symlink `systemctl --user enable` makes, made here because the user's
# manager need not run (first install, image build, --root). Per user, not
# --global: an admin logging into a desktop as someone else gets no screen.
# graphical-session.target (the unit's WantedBy), not default.target: an SSH
# login must not start a screen without a display.
wants=$home/.config/systemd/user/graphical-session.target.wants
if [ "$(readlink "$ROOT$wants/$unit" 2>/dev/null)" != "$unit_path" ]; then
	mkdir_user "$wants"
	ln -sfn "$unit_path" "$ROOT$wants/$unit"
	run chown -h "$owner" "$ROOT$wants/$unit"
	changed "enabled $unit for $user ($wants)"
fi

# --- 4 and 5. Autostart and no blanking, per session. -----------------------

exists /etc/xdg/autostart/cxtv-display.desktop ||
	warn "/etc/xdg/autostart/cxtv-display.desktop is missing: is cxtv-display installed?"

# labwc: Raspberry Pi OS's default on Pi 4/5 since late 2024.
if exists /usr/bin/labwc || [ -d "$ROOT$home/.config/labwc" ]; then
	f=$home/.config/labwc/autostart
	if [ -f "$ROOT$f" ]; then cp "$ROOT$f" "$work/labwc"; else : >"$work/labwc"; fi
	# Drop our block and trailing blank lines, comment out swayidle, then
	# add the block at the end.
	awk -v begin="$labwc_begin" -v end="$labwc_end" -v tag="$swayidle_tag" '
		$0 == begin { skip = 1; next }
		skip { if ($0 == end) skip = 0; next }
		/^[ \t]*$/ { blank = blank $0 "\n"; next }
		{ printf "%s", blank; blank = "" }
		/^[ \t]*[^# \t]/ && /(^|[\/ \t])swayidle([ \t]|$)/ { print tag $0; next }
		{ print }' "$work/labwc" >"$work/labwc.new"
	{
		cat "$work/labwc.new"
		[ ! -s "$work/labwc.new" ] || echo
		echo "$labwc_begin"
		echo "# Starts the screen's user service; /etc/xdg/autostart/cxtv-display.desktop"
		echo "# does too where lxsession-xdg-autostart runs (a second start is a no-op)."
		echo "[ -x $session_helper ] && $session_helper &"
		echo "$labwc_end"
	} >"$work/labwc"
	mkdir_user "${f%/*}"
	if put "$f" keep "$owner" "$work/labwc"; then
		changed "labwc: $f starts the screen, without screen blanking (swayidle)"
	fi
	if grep -Eqs '^[[:space:]]*[^#[:space:]].*swayidle' "$ROOT/etc/xdg/labwc/autostart"; then
		warn "labwc: /etc/xdg/labwc/autostart runs swayidle: the screen may blank; comment it out there"
	fi
else
	say "labwc is not installed: skipped its autostart"
fi

# wayfire: Raspberry Pi OS bookworm's first Wayland desktop.
if exists /usr/bin/wayfire || [ -f "$ROOT$home/.config/wayfire.ini" ]; then
	f=$home/.config/wayfire.ini
	if [ -f "$ROOT$f" ]; then
		cp "$ROOT$f" "$work/wayfire.ini"
	elif [ -f "$ROOT/etc/wayfire/template.ini" ]; then
		# What Raspberry Pi OS's own tools do before a user's first edit.
		cp "$ROOT/etc/wayfire/template.ini" "$work/wayfire.ini"
	else
		: >"$work/wayfire.ini"
	fi
	ini_set "$work/wayfire.ini" autostart cxtv_display "$session_helper"
	ini_set "$work/wayfire.ini" idle screensaver_timeout -1
	ini_set "$work/wayfire.ini" idle dpms_timeout -1
	mkdir_user "${f%/*}"
	if put "$f" keep "$owner" "$work/wayfire.ini"; then
		changed "wayfire: $f starts the screen, without screen saver and blanking"
	fi
else
	say "wayfire is not installed: skipped its autostart and idle settings"
fi

# X11 (LXDE-pi, Raspberry Pi OS before bookworm and on older models): the
# package's XDG autostart entry starts the screen; the X server must not
# blank.
if exists /usr/lib/xorg/Xorg || exists /usr/bin/Xorg; then
	cat >"$work/xorg.conf" <<'XORG'
# Written by install-display.sh (cxtv): the customer TV's screen never blanks
# and never powers down in an X11 session. Delete this file to undo.
Section "ServerFlags"
	Option "BlankTime" "0"
	Option "StandbyTime" "0"
	Option "SuspendTime" "0"
	Option "OffTime" "0"
EndSection
XORG
	mkdir -p "$ROOT${xorg_conf%/*}"
	if put "$xorg_conf" 0644 '' "$work/xorg.conf"; then
		changed "X11: $xorg_conf turns screen blanking and DPMS off (from the next X start)"
	fi
else
	say "X11 (Xorg) is not installed: skipped its blanking settings"
fi

# --- 6. Desktop autologin. --------------------------------------------------

reboot=0
# autologin_user: lightdm's autologin-user (lightdm.conf is read last).
autologin_user() {
	local f
	for f in "$ROOT"/etc/lightdm/lightdm.conf.d/*.conf "$ROOT/etc/lightdm/lightdm.conf"; do
		if [ -f "$f" ]; then
			sed -n 's/^[[:space:]]*autologin-user[[:space:]]*=[[:space:]]*//p' "$f"
		fi
	done | tail -n 1 | tr -d '[:space:]'
}
default_target() {
	local l
	for l in /etc/systemd/system/default.target /usr/lib/systemd/system/default.target /lib/systemd/system/default.target; do
		if [ -L "$ROOT$l" ]; then
			basename "$(readlink "$ROOT$l")"
			return
		fi
	done
}
if [ "$(autologin_user)" = "$user" ] && [ "$(default_target)" = graphical.target ]; then
	:
elif exists /usr/bin/raspi-config; then
	# raspi-config logs in SUDO_USER.
	if run env SUDO_USER="$user" raspi-config nonint do_boot_behaviour B4; then
		changed "boots into the desktop with $user logged in (raspi-config nonint do_boot_behaviour B4)"
		reboot=1
	else
		warn "raspi-config could not turn on desktop autologin for $user"
	fi
else
	say "no raspi-config: desktop autologin not changed; the screen starts when $user logs into the desktop (lightdm: autologin-user=$user under [Seat:*])"
fi

# --- 7. Start it now, when the session is running. --------------------------

status=0
running=0
if [ -z "$ROOT" ] && systemctl is-active --quiet "user@$uid.service" 2>/dev/null; then
	running=1
fi
if [ "$running" = 1 ]; then
	sysu=(systemctl --user -M "$user@")
	if "${sysu[@]}" is-active --quiet "$unit"; then
		if [ "$config_changed" = 1 ]; then
			if run "${sysu[@]}" restart "$unit"; then
				changed "restarted $unit for $user with the new $config_path"
			else
				warn "could not restart $unit: journalctl -t cxtv-display"
				status=1
			fi
		fi
	# The screen needs the session's X display (XWayland under labwc and
	# wayfire), which display-session hands to the user manager at login.
	elif grep -q '^DISPLAY=' <<<"$("${sysu[@]}" show-environment 2>/dev/null || true)"; then
		run "${sysu[@]}" daemon-reload
		if run "${sysu[@]}" start "$unit"; then
			changed "started $unit for $user (logs, as $user: journalctl --user -u cxtv-display)"
		else
			warn "could not start $unit: journalctl -t cxtv-display"
			status=1
		fi
	else
		reboot=1
	fi
else
	reboot=1
fi

if [ "$changes" = 0 ]; then
	say "nothing to change"
else
	say "done: $changes change(s)"
fi
if [ "$reboot" = 1 ]; then
	say "the screen starts at $user's next desktop login: reboot now (sudo reboot)"
fi
exit "$status"
