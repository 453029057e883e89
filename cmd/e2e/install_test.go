package e2e_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/config"
)

// The tests below run scripts/install-display.sh against a scratch root
// (--root, and DESTDIR as a second guard): it writes only below that root
// and logs the commands that would touch the machine to commands.log.

// installRepo is the repository's root; go test runs in cmd/e2e.
func installRepo(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

// installFiles writes files (path → content) below root; a content starting
// with "-> " makes a symlink.
func installFiles(tb testing.TB, root string, files map[string]string) {
	tb.Helper()
	for path, content := range files {
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "-> "); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// installRoot makes a scratch root that looks like a Raspberry Pi OS
// bookworm desktop with cxtv-display installed: the users kiosk (uid 1000)
// and admin, labwc, wayfire and Xorg, the package's unit and autostart
// entry, wayfire's template, desktop autologin for kiosk, and a labwc
// autostart with the swayidle line "screen blanking on" adds.
func installRoot(tb testing.TB) string {
	tb.Helper()
	root := tb.TempDir()
	installFiles(tb, root, map[string]string{
		"etc/passwd": "root:x:0:0:root:/root:/bin/bash\n" +
			"kiosk:x:1000:1000:Kiosk,,,:/home/kiosk:/bin/bash\n" +
			"admin:x:1001:1001::/home/admin:/bin/bash\n",
		"home/kiosk/.config/labwc/autostart": "/usr/bin/kanshi &\n\n" +
			"swayidle -w timeout 600 'wlopm --off \\*' resume 'wlopm --on \\*' &\n\n",
		"home/admin/.profile":                       "",
		"usr/bin/labwc":                             "",
		"usr/bin/wayfire":                           "",
		"usr/lib/xorg/Xorg":                         "",
		"usr/bin/raspi-config":                      "",
		"usr/lib/systemd/user/cxtv-display.service": "[Unit]\n",
		"etc/xdg/autostart/cxtv-display.desktop":    "[Desktop Entry]\n",
		"etc/lightdm/lightdm.conf":                  "[Seat:*]\n#autologin-user=\nautologin-user=kiosk\n",
		"etc/systemd/system/default.target":         "-> /lib/systemd/system/graphical.target",
		"etc/wayfire/template.ini": "[core]\nplugins = autostart idle\n\n[idle]\ndpms_timeout = 600\n\n" +
			"[output:HDMI-A-1]\nmode = 1920x1080\n",
	})
	return root
}

// runInstall runs install-display.sh in test mode against root with stdin
// not a terminal, and returns its combined output. The commands that would
// change the machine come first on PATH as stand-ins that fail the test.
func runInstall(tb testing.TB, root string, env []string, args ...string) (string, error) {
	tb.Helper()
	bin := tb.TempDir()
	touched := filepath.Join(bin, "touched")
	for _, name := range []string{"apt-get", "apt", "dpkg-reconfigure", "systemctl", "loginctl", "raspi-config", "chown", "sudo"} {
		script := fmt.Sprintf("#!/bin/sh\necho \"%s $*\" >>'%s'\nexit 1\n", name, touched)
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	cmd := exec.Command("bash", append([]string{"scripts/install-display.sh", "--root", root}, args...)...)
	cmd.Dir = installRepo(tb)
	for _, kv := range os.Environ() {
		switch {
		case strings.HasPrefix(kv, "SUDO_USER="), strings.HasPrefix(kv, "DESTDIR="):
		case strings.HasPrefix(kv, "PATH="):
			cmd.Env = append(cmd.Env, "PATH="+bin+string(os.PathListSeparator)+strings.TrimPrefix(kv, "PATH="))
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "DESTDIR="+root)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if b, _ := os.ReadFile(touched); len(b) > 0 {
		tb.Errorf("install-display.sh --root %s ran on the machine:\n%s", root, b)
	}
	return string(out), err
}

// installTree describes every entry below root: its mode and content, or
// its link target.
func installTree(tb testing.TB, root string) map[string]string {
	tb.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			tree[rel] = "-> " + target
		case d.IsDir():
			tree[rel] = fmt.Sprintf("dir %v", info.Mode().Perm())
		default:
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tree[rel] = fmt.Sprintf("%v %s", info.Mode().Perm(), b)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return tree
}

// diffTrees lists the entries that differ between two installTree results.
func diffTrees(before, after map[string]string) []string {
	var diff []string
	for p, b := range before {
		if a, ok := after[p]; !ok {
			diff = append(diff, "removed "+p)
		} else if a != b {
			diff = append(diff, fmt.Sprintf("changed %s:\n%s\n---\n%s", p, b, a))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diff = append(diff, "added "+p)
		}
	}
	slices.Sort(diff)
	return diff
}

func readInstalled(tb testing.TB, root, path string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// iniValues reads an INI file into "section.key" → value.
func iniValues(text string) map[string]string {
	values := map[string]string{}
	section := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			k, v, _ := strings.Cut(line, "=")
			values[section+"."+strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return values
}

// A token with every character that needs care in YAML or a shell.
const installToken = `a"b\c #d: 'e' $f ü{g}`

var installArgs = []string{
	"--server", "https://cxtv.example.com/", "--channel", "canteen", "--token", installToken,
	"--name", "kantine-1", "--user", "kiosk", "--rotation", "90", "--skip-package", "--yes",
}

func TestShellScriptsPassShellcheck(t *testing.T) {
	t.Parallel()
	need(t, "shellcheck")
	repo := installRepo(t)
	var files []string
	for _, pattern := range []string{
		"scripts/*.sh",
		"scripts/packaging/*/postinst", "scripts/packaging/*/prerm", "scripts/packaging/*/postrm",
		"scripts/packaging/*/display-session",
	} {
		m, err := filepath.Glob(filepath.Join(repo, pattern))
		if err != nil || len(m) == 0 {
			t.Fatalf("no files match %s (%v)", pattern, err)
		}
		files = append(files, m...)
	}
	cmd := exec.Command("shellcheck", files...)
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("shellcheck %s: %v\n%s", strings.Join(files, " "), err, out)
	}
	for _, f := range files {
		shell := "sh" // the maintainer scripts run under /bin/sh
		if strings.HasSuffix(f, ".sh") {
			shell = "bash"
		}
		if out, err := exec.Command(shell, "-n", f).CombinedOutput(); err != nil {
			t.Errorf("%s -n %s: %v\n%s", shell, f, err, out)
		}
	}
}

func TestInstallDisplayTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	root := installRoot(t)
	out, err := runInstall(t, root, nil, installArgs...)
	if err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	for _, want := range []string{"wrote /etc/cxtv/display.yaml", "enabled cxtv-display.service for kiosk", "labwc:", "wayfire:", "X11:"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, installToken) {
		t.Errorf("the output shows the token:\n%s", out)
	}

	// display.yaml: what cxtv-display reads, the token intact.
	yaml := readInstalled(t, root, "etc/cxtv/display.yaml")
	c, err := config.ParseDisplay(strings.NewReader(yaml), "display.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("ParseDisplay(display.yaml) = %v\n%s", err, yaml)
	}
	// What the script writes, and the defaults for the rest.
	want := *c
	want.Server, want.Channel, want.Token = "https://cxtv.example.com", "canteen", installToken
	want.Cache, want.Fullscreen, want.Rotation, want.Name = "display.db", true, 90, "kantine-1"
	if *c != want {
		t.Errorf("display.yaml = %+v, want %+v\n%s", *c, want, yaml)
	}
	if info, err := os.Stat(filepath.Join(root, "etc/cxtv/display.yaml")); err != nil {
		t.Error(err)
	} else if info.Mode().Perm() != 0o644 {
		t.Errorf("display.yaml has mode %v, want 0644", info.Mode().Perm())
	}

	// The user unit, enabled the way systemctl --user enable does it.
	link := "home/kiosk/.config/systemd/user/graphical-session.target.wants/cxtv-display.service"
	if target, err := os.Readlink(filepath.Join(root, link)); err != nil || target != "/usr/lib/systemd/user/cxtv-display.service" {
		t.Errorf("%s -> %q (%v), want the package's unit", link, target, err)
	}

	// labwc: starts the screen, the user's own lines kept, swayidle off.
	labwc := readInstalled(t, root, "home/kiosk/.config/labwc/autostart")
	for _, want := range []string{
		"/usr/bin/kanshi &\n",
		"[ -x /usr/libexec/cxtv/display-session ] && /usr/libexec/cxtv/display-session &\n",
		"# cxtv-display: no screen blanking: swayidle -w timeout 600",
	} {
		if !strings.Contains(labwc, want) {
			t.Errorf("labwc autostart lacks %q:\n%s", want, labwc)
		}
	}
	for _, line := range strings.Split(labwc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") && strings.Contains(line, "swayidle") {
			t.Errorf("labwc autostart still runs swayidle: %q", line)
		}
	}

	// wayfire: seeded from the template, autostart and idle set.
	wayfire := iniValues(readInstalled(t, root, "home/kiosk/.config/wayfire.ini"))
	for key, want := range map[string]string{
		"autostart.cxtv_display":   "/usr/libexec/cxtv/display-session",
		"idle.dpms_timeout":        "-1",
		"idle.screensaver_timeout": "-1",
		"core.plugins":             "autostart idle",
		"output:HDMI-A-1.mode":     "1920x1080",
	} {
		if got := wayfire[key]; got != want {
			t.Errorf("wayfire.ini %s = %q, want %q", key, got, want)
		}
	}

	// X11: no blanking, no DPMS.
	xorg := readInstalled(t, root, "etc/X11/xorg.conf.d/60-cxtv-display.conf")
	for _, opt := range []string{"BlankTime", "StandbyTime", "SuspendTime", "OffTime"} {
		if !strings.Contains(xorg, fmt.Sprintf("Option %q \"0\"", opt)) {
			t.Errorf("xorg.conf.d lacks %s 0:\n%s", opt, xorg)
		}
	}

	// Only chown touched the machine (autologin was on already), and only
	// in the user's home.
	for _, line := range strings.Split(strings.TrimSpace(readInstalled(t, root, "commands.log")), "\n") {
		if !strings.HasPrefix(line, "chown ") || !strings.Contains(line, "1000:1000 "+filepath.Join(root, "home/kiosk")) {
			t.Errorf("commands.log: %q, want only chown 1000:1000 of files in kiosk's home", line)
		}
	}

	// The second run: byte for byte the same tree.
	before := installTree(t, root)
	out, err = runInstall(t, root, nil, installArgs...)
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "nothing to change") {
		t.Errorf("second run does not say \"nothing to change\":\n%s", out)
	}
	if diff := diffTrees(before, installTree(t, root)); len(diff) > 0 {
		t.Errorf("second run changed the tree:\n%s", strings.Join(diff, "\n"))
	}

	// Another channel: display.yaml rewritten, the previous one kept.
	args := withArgs(installArgs, "--channel", "lobby")
	if out, err = runInstall(t, root, nil, args...); err != nil {
		t.Fatalf("run with --channel lobby: %v\n%s", err, out)
	}
	if got := readInstalled(t, root, "etc/cxtv/display.yaml"); !strings.Contains(got, `channel: "lobby"`) {
		t.Errorf("display.yaml after --channel lobby:\n%s", got)
	}
	if got := readInstalled(t, root, "etc/cxtv/display.yaml.bak"); got != yaml {
		t.Errorf("display.yaml.bak = %q, want the previous display.yaml %q", got, yaml)
	}
}

func TestInstallDisplayRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		flag string // the message names it
	}{
		{"ftp URL", []string{"--server", "ftp://cxtv.example.com"}, "--server"},
		{"URL without host", []string{"--server", "https://"}, "--server"},
		{"URL with a space", []string{"--server", "https://cxtv example.com"}, "--server"},
		{"URL with a quote", []string{"--server", `https://cxtv.example.com/"x`}, "--server"},
		{"upper-case channel", []string{"--channel", "Canteen"}, "--channel"},
		{"channel starting with -", []string{"--channel", "-canteen"}, "--channel"},
		{"channel of 64 characters", []string{"--channel", strings.Repeat("c", 64)}, "--channel"},
		{"channel with a newline", []string{"--channel", "canteen\nlobby"}, "--channel"},
		{"token with a newline", []string{"--token", "abc\ndef"}, "--token"},
		{"token with a trailing space", []string{"--token", "abc "}, "--token"},
		{"empty token", []string{"--token", ""}, "--token"},
		{"rotation 45", []string{"--rotation", "45"}, "--rotation"},
		{"unknown user", []string{"--user", "nobody-here"}, "--user"},
		{"root as user", []string{"--user", "root"}, "--user"},
		{"--deb with --skip-package", []string{"--deb", "/nonexistent/cxtv-display_1_arm64.deb"}, "--deb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := installRoot(t)
			before := installTree(t, root)
			// The flag given last wins, so tt.args overrides installArgs.
			out, err := runInstall(t, root, nil, withArgs(installArgs, tt.args...)...)
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("install-display.sh %q: err = %v, want exit status 1\n%s", tt.args, err, out)
			}
			if !strings.Contains(out, tt.flag) {
				t.Errorf("install-display.sh %q says %q, want it to name %s", tt.args, out, tt.flag)
			}
			if diff := diffTrees(before, installTree(t, root)); len(diff) > 0 {
				t.Errorf("install-display.sh %q wrote:\n%s", tt.args, strings.Join(diff, "\n"))
			}
		})
	}

	// Required flags missing, stdin not a terminal: no questions, an error.
	for _, flag := range []string{"--server", "--channel", "--token"} {
		t.Run("without "+flag, func(t *testing.T) {
			t.Parallel()
			root := installRoot(t)
			before := installTree(t, root)
			var args []string
			for i := 0; i < len(installArgs); i++ {
				if installArgs[i] == flag {
					i++
					continue
				}
				args = append(args, installArgs[i])
			}
			args = slicesWithout(args, "--yes")
			out, err := runInstall(t, root, nil, args...)
			if err == nil || !strings.Contains(out, flag+" is missing") || !strings.Contains(out, "not a terminal") {
				t.Errorf("install-display.sh without %s: err = %v, output %q; want an error naming it", flag, err, out)
			}
			if diff := diffTrees(before, installTree(t, root)); len(diff) > 0 {
				t.Errorf("install-display.sh without %s wrote:\n%s", flag, strings.Join(diff, "\n"))
			}
		})
	}
}

// withArgs returns a new slice: args, then more.
func withArgs(args []string, more ...string) []string {
	return append(slices.Clone(args), more...)
}

// slicesWithout returns a new slice: s without the elements equal to drop.
func slicesWithout(s []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(s), func(v string) bool { return v == drop })
}

func TestInstallDisplayFindsTheDesktopUser(t *testing.T) {
	t.Parallel()
	args := slicesWithout(installArgs, "kiosk")
	args = slicesWithout(args, "--user")
	for _, tt := range []struct {
		name string
		env  []string
		user string
	}{
		{"uid 1000", nil, "kiosk"},
		{"SUDO_USER", []string{"SUDO_USER=admin"}, "admin"},
		{"SUDO_USER root", []string{"SUDO_USER=root"}, "kiosk"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := installRoot(t)
			out, err := runInstall(t, root, tt.env, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			link := filepath.Join(root, "home", tt.user, ".config/systemd/user/graphical-session.target.wants/cxtv-display.service")
			if _, err := os.Lstat(link); err != nil {
				t.Errorf("with %q: %v, want the unit enabled for %s\n%s", tt.env, err, tt.user, out)
			}
		})
	}
}

func TestInstallDisplayTurnsOnAutologin(t *testing.T) {
	t.Parallel()
	root := installRoot(t)
	if err := os.Remove(filepath.Join(root, "etc/lightdm/lightdm.conf")); err != nil {
		t.Fatal(err)
	}
	out, err := runInstall(t, root, nil, installArgs...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "env SUDO_USER=kiosk raspi-config nonint do_boot_behaviour B4\n"
	if log := readInstalled(t, root, "commands.log"); !strings.Contains(log, want) {
		t.Errorf("commands.log lacks %q:\n%s", want, log)
	}

	// Without raspi-config it says so and changes nothing.
	root = installRoot(t)
	for _, f := range []string{"etc/lightdm/lightdm.conf", "usr/bin/raspi-config"} {
		if err := os.Remove(filepath.Join(root, f)); err != nil {
			t.Fatal(err)
		}
	}
	out, err = runInstall(t, root, nil, installArgs...)
	if err != nil || !strings.Contains(out, "no raspi-config") {
		t.Errorf("without raspi-config: err = %v, output:\n%s", err, out)
	}
	if log := readInstalled(t, root, "commands.log"); strings.Contains(log, "raspi-config") {
		t.Errorf("without raspi-config, commands.log has:\n%s", log)
	}
}

// installDeb builds an empty Debian package with dpkg-deb.
func installDeb(tb testing.TB, dir, pkg, version, arch string) string {
	tb.Helper()
	src := filepath.Join(tb.TempDir(), "pkg")
	control := fmt.Sprintf("Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: test <test@example.org>\nDescription: test\n", pkg, version, arch)
	installFiles(tb, src, map[string]string{"DEBIAN/control": control})
	deb := filepath.Join(dir, fmt.Sprintf("%s_%s_%s.deb", pkg, version, arch))
	if out, err := exec.Command("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", src, deb).CombinedOutput(); err != nil {
		tb.Fatalf("dpkg-deb --build: %v\n%s", err, out)
	}
	return deb
}

func TestInstallDisplayInstallsThePackage(t *testing.T) {
	t.Parallel()
	need(t, "dpkg", "dpkg-deb", "dpkg-query")
	out, err := exec.Command("dpkg", "--print-architecture").Output()
	if err != nil {
		t.Fatal(err)
	}
	arch := strings.TrimSpace(string(out))
	dist := t.TempDir()
	old := installDeb(t, dist, "cxtv-display", "1.0.0", arch)
	newest := installDeb(t, dist, "cxtv-display", "1.2.0+3.gabc1234", arch)
	other := installDeb(t, t.TempDir(), "cxtv-feed", "1.2.0", arch)
	args := slicesWithout(installArgs, "--skip-package")
	apt := func(deb string) string {
		return "env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 " +
			"-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --allow-downgrades install " + deb
	}

	for _, tt := range []struct {
		name string
		args []string
		want string // in commands.log
	}{
		{"newest in --dist", []string{"--dist", dist}, apt(newest)},
		{"--version", []string{"--dist", dist, "--version", "1.0.0"}, apt(old)},
		{"--deb", []string{"--deb", old}, apt(old)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := installRoot(t)
			out, err := runInstall(t, root, nil, withArgs(args, tt.args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if log := readInstalled(t, root, "commands.log"); !strings.Contains(log, tt.want+"\n") {
				t.Errorf("commands.log lacks %q:\n%s", tt.want, log)
			}
		})
	}

	t.Run("same version installed", func(t *testing.T) {
		t.Parallel()
		root := installRoot(t)
		installFiles(t, root, map[string]string{"var/lib/dpkg/status": "Package: cxtv-display\nStatus: install ok installed\n" +
			"Version: 1.2.0+3.gabc1234\nArchitecture: " + arch + "\nMaintainer: test <test@example.org>\nDescription: test\n\n"})
		out, err := runInstall(t, root, nil, withArgs(args, "--dist", dist)...)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if log := readInstalled(t, root, "commands.log"); strings.Contains(log, "apt-get") {
			t.Errorf("installed the installed version again:\n%s", log)
		}
	})

	t.Run("newer version installed", func(t *testing.T) {
		t.Parallel()
		root := installRoot(t)
		installFiles(t, root, map[string]string{"var/lib/dpkg/status": "Package: cxtv-display\nStatus: install ok installed\n" +
			"Version: 2.0.0\nArchitecture: " + arch + "\nMaintainer: test <test@example.org>\nDescription: test\n\n"})
		out, err := runInstall(t, root, nil, withArgs(args, "--dist", dist)...)
		if err != nil || !strings.Contains(out, "keeping the installed cxtv-display 2.0.0") {
			t.Errorf("found an older .deb: err = %v, output:\n%s", err, out)
		}
		if _, err := os.Stat(filepath.Join(root, "commands.log")); err == nil && strings.Contains(readInstalled(t, root, "commands.log"), "apt-get") {
			t.Errorf("downgraded without --deb or --version:\n%s", readInstalled(t, root, "commands.log"))
		}
		// Asked for by version, the older one is installed.
		if out, err = runInstall(t, root, nil, withArgs(args, "--dist", dist, "--version", "1.0.0")...); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if log := readInstalled(t, root, "commands.log"); !strings.Contains(log, apt(old)+"\n") {
			t.Errorf("--version 1.0.0 over 2.0.0: commands.log lacks %q:\n%s", apt(old), log)
		}
	})

	t.Run("bad packages", func(t *testing.T) {
		t.Parallel()
		for _, bad := range []struct {
			args []string
			flag string
		}{
			{[]string{"--deb", other}, "--deb"},
			{[]string{"--deb", old, "--version", "1.0.0"}, "--version"},
			{[]string{"--dist", t.TempDir()}, "--deb is missing"},
			{[]string{"--dist", dist, "--version", "9.9"}, "--deb is missing"},
			{[]string{"--dist", dist, "--version", "1.*"}, "--version"},
		} {
			root := installRoot(t)
			before := installTree(t, root)
			out, err := runInstall(t, root, nil, withArgs(args, bad.args...)...)
			if err == nil || !strings.Contains(out, bad.flag) {
				t.Errorf("install-display.sh %q: err = %v, output %q; want an error naming %s", bad.args, err, out, bad.flag)
			}
			if diff := diffTrees(before, installTree(t, root)); len(diff) > 0 {
				t.Errorf("install-display.sh %q wrote:\n%s", bad.args, strings.Join(diff, "\n"))
			}
		}
	})
}
