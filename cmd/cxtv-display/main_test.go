package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const demoSnapshot = "../../display/paint/testdata/snapshot.json"

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, &out, &out); err != nil || out.String() != "cxtv-display dev\n" {
		t.Errorf("run(--version) = %v, %q; want nil, %q", err, out.String(), "cxtv-display dev\n")
	}
}

func TestRenderWritesPNGs(t *testing.T) {
	tests := []struct {
		args         []string
		wantW, wantH int
	}{
		{nil, 1920, 1080},
		{[]string{"--size", "1280x720"}, 1280, 720},
		{[]string{"--rotation", "90"}, 1080, 1920},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			args := append([]string{"render", "--snapshot", smallSnapshot(t), "--out", dir}, tt.args...)
			if err := run(context.Background(), args, &stdout, &stderr); err != nil {
				t.Fatalf("run(%q) = %v; stderr: %s", args, err, stderr.String())
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
			// Three comments, one without text: two cards.
			if len(files) != 2 {
				t.Fatalf("render wrote %d PNGs, want 2: %v", len(files), files)
			}
			f, err := os.Open(files[0])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cfg, err := png.DecodeConfig(f)
			if err != nil || cfg.Width != tt.wantW || cfg.Height != tt.wantH {
				t.Errorf("%s: %dx%d (%v), want %dx%d", files[0], cfg.Width, cfg.Height, err, tt.wantW, tt.wantH)
			}
		})
	}
}

// smallSnapshot writes a snapshot of three comments; painting is slow
// under the race detector, the demo's eleven would take a minute.
func smallSnapshot(tb testing.TB) string {
	tb.Helper()
	const js = `{"channel":"canteen","title":"Voice of the customer","language":"en","generated_at":"2025-11-24T14:05:00Z","revision":"r1",
"slides":[{"kind":"comments","seconds":10}],
"comments":[{"id":"a","text":"Friendly and fast.","scale":"nps","score":9,"touchpoint":"Hotline","created_at":"2025-11-24T13:05:00Z"},
{"id":"b","scale":"nps","score":3,"created_at":"2025-11-24T12:05:00Z"},
{"id":"c","text":"Parcel arrived damaged.","scale":"stars","score":2,"touchpoint":"Delivery","created_at":"2025-11-20T12:05:00Z"}]}`
	path := filepath.Join(tb.TempDir(), "snapshot.json")
	if err := os.WriteFile(path, []byte(js), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// The demo snapshot has every kind of slide: one PNG each, named by kind,
// in playlist order.
func TestRenderEveryKind(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	// Small, to stay quick under the race detector.
	args := []string{"render", "--snapshot", demoSnapshot, "--out", dir, "--size", "640x360", "--rotation", "270"}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run(%q) = %v; stderr: %s", args, err, stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"01-comment-s-101.png", "10-comment-s-094.png", "11-nps.png", "12-stars.png", "13-trend.png",
		"14-kpis.png", "15-touchpoints.png", "16-themes.png", "17-ideas.png", "18-announcement-1.png", "19-announcement-2.png", "20-you-said-s-059.png"}
	for _, w := range want {
		if !strings.Contains(strings.Join(names, " "), w) {
			t.Errorf("render wrote %q, lacking %s", names, w)
		}
	}
	if len(names) != 20 {
		t.Errorf("render wrote %d PNGs, want 20", len(names))
	}
	f, err := os.Open(filepath.Join(dir, "11-nps.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != 360 || cfg.Height != 640 {
		t.Errorf("11-nps.png: %dx%d (%v), want the turned 360x640", cfg.Width, cfg.Height, err)
	}
}

func TestRenderFromEmptyCache(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"render", "--config", cfg, "--out", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("render from an empty cache = %v; stderr: %s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "01-waiting.png")); err != nil {
		t.Errorf("no waiting card: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"bogus"}, {"render"}, {"run"}, {"render", "--out", "x", "--snapshot", demoSnapshot, "--size", "big"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, &out, &out); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}

// The binaries must answer without an X display: over SSH, in CI, and
// when systemd starts the screen before X is up.
func TestWithoutDisplay(t *testing.T) {
	bin := buildBinaries(t)
	cfg := writeConfig(t, t.TempDir())
	tests := []struct {
		bin      string
		args     []string
		display  string // "": unset
		wantCode int
		wantOut  string
	}{
		{"cxtv-display", []string{"--version"}, "", 0, "cxtv-display dev"},
		{"cxtv-display", []string{"--help"}, "", 0, "usage: cxtv-display"},
		{"cxtv-display", []string{"run", "--config", cfg}, "", 1, "no X display: set DISPLAY"},
		{"cxtv-display", []string{"run", "--config", cfg}, ":4711", 1, "no X server at DISPLAY=:4711"},
		{"cxtv-display", []string{"render", "--snapshot", demoSnapshot, "--out", t.TempDir()}, "", 0, "01-comment-s-101.png"},
		{kioskName, []string{"run", "--config", cfg}, "", 1, "no X display: set DISPLAY"},
		{kioskName, []string{"run", "--config", cfg}, ":4711", 1, "no X server at DISPLAY=:4711"},
	}
	for _, tt := range tests {
		t.Run(tt.bin+" "+tt.args[0]+" "+tt.display, func(t *testing.T) {
			cmd := exec.Command(filepath.Join(bin, tt.bin), tt.args...)
			cmd.Env = withoutDisplay(os.Environ())
			if tt.display != "" {
				cmd.Env = append(cmd.Env, "DISPLAY="+tt.display)
			}
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || !strings.Contains(string(out), tt.wantOut) || strings.Contains(string(out), "panic") {
				t.Errorf("%s %q with DISPLAY=%q: exit %d, output %q; want exit %d and %q", tt.bin, tt.args, tt.display, code, out, tt.wantCode, tt.wantOut)
			}
		})
	}
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// buildBinaries builds cxtv-display and cxtv-display-kiosk once per test
// run, side by side as an install has them.
func buildBinaries(tb testing.TB) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("go tool not on PATH")
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "cxtv-display-test-"); buildErr != nil {
			return
		}
		for pkg, name := range map[string]string{".": "cxtv-display", "./kiosk": kioskName} {
			out, err := exec.Command(goTool, "build", "-o", filepath.Join(buildDir, name), pkg).CombinedOutput()
			if err != nil {
				buildErr = err
				tb.Logf("go build %s: %s", pkg, out)
				return
			}
		}
	})
	if buildErr != nil {
		tb.Fatalf("build: %v", buildErr)
	}
	return buildDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

func withoutDisplay(env []string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") {
			out = append(out, e)
		}
	}
	return out
}

func writeConfig(tb testing.TB, dir string) string {
	tb.Helper()
	path := filepath.Join(dir, "display.yaml")
	yaml := "server: \"http://127.0.0.1:1\"\nchannel: canteen\ntoken: t\ncache: \"" + filepath.Join(dir, "display.db") + "\"\nfullscreen: false\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Under systemd the watchdog's WATCHDOG_PID names cxtv-display, but the
// pings come from the kiosk: it must not see its parent's PID there.
func TestKioskEnv(t *testing.T) {
	env := []string{"DISPLAY=:0", "NOTIFY_SOCKET=/run/user/1000/systemd/notify", "WATCHDOG_USEC=30000000", "WATCHDOG_PID=4242"}
	got := strings.Join(kioskEnv(env, 4242), " ")
	if want := "DISPLAY=:0 NOTIFY_SOCKET=/run/user/1000/systemd/notify WATCHDOG_USEC=30000000"; got != want {
		t.Errorf("kioskEnv(%q, 4242) = %q, want %q", env, got, want)
	}
	// Not ours: the kiosk ignores the watchdog as it should.
	if got := kioskEnv(env, 7); len(got) != len(env) {
		t.Errorf("kioskEnv(%q, 7) = %q, want it unchanged", env, got)
	}
}
