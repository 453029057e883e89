package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
)

const serveTestConfig = `listen: "127.0.0.1:0"
data: DATA
admin_token: "admin"
sources:
  - {name: survey, token: "survey-token", scale: nps}
channels:
  - name: canteen
    title: "TITLE"
    display_token: "canteen-token"
    sources: [survey]
`

// serveForTest runs `cxtv-feed serve` until the test ends and returns its
// address.
func serveForTest(t *testing.T, cfgPath string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--config", cfgPath}, io.Discard, pw); pw.Close() }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v after cancel, want nil", err)
		}
	})
	addrs := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening addr=(\S+)`)
		s := bufio.NewScanner(pr)
		for s.Scan() {
			t.Log(s.Text())
			if m := re.FindStringSubmatch(s.Text()); m != nil {
				addrs <- m[1]
			}
		}
	}()
	select {
	case a := <-addrs:
		return a
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start listening")
	}
	return ""
}

func writeConfig(t *testing.T, path, title, extra string) {
	t.Helper()
	data := strings.NewReplacer("DATA", filepath.Join(filepath.Dir(path), "feed.db"), "TITLE", title).Replace(serveTestConfig) + extra
	// Write and rename, as editors do, so the watcher never sees half a file.
	if err := os.WriteFile(path+".tmp", []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

func TestServeHotReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.yaml")
	writeConfig(t, path, "Erster Titel", "")
	addr := serveForTest(t, path)

	conn, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/api/v1/channels/canteen/ws?token=canteen-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	title := func() string {
		t.Helper()
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		m, err := feed.DecodeMessage(data)
		if err != nil {
			t.Fatal(err)
		}
		return m.Snapshot.Title
	}
	if got := title(); got != "Erster Titel" {
		t.Fatalf("first title = %q", got)
	}

	start := time.Now()
	writeConfig(t, path, "Zweiter Titel", "")
	if got := title(); got != "Zweiter Titel" {
		t.Fatalf("after reload title = %q, want Zweiter Titel", got)
	}
	t.Logf("reload reached the screen in %v", time.Since(start))

	// An invalid file is reported and the old config stays.
	writeConfig(t, path, "Dritter Titel", "    slides: [trnd]\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), `unknown slide \"trnd\"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz = %s, want the config error", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Get("http://" + addr + "/api/v1/channels/canteen/snapshot?token=canteen-token")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Zweiter Titel") {
		t.Errorf("snapshot after a bad reload = %s, want the previous config's title", b)
	}
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.yaml")
	writeConfig(t, path, "T", "    slides: [trnd, {kind: nps, seconds: 1}]\n    language: fr\n")
	var out strings.Builder
	err := run(context.Background(), []string{"check", "--config", path}, &out, io.Discard)
	if err == nil {
		t.Fatal("check of a bad config = nil error")
	}
	for _, want := range []string{`channels[0].slides[0]: unknown slide "trnd"`, "channels[0].slides[1].seconds: must be ≥ 3", `channels[0].language: "fr"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("check error = %v, want it to name %q", err, want)
		}
	}
	if err := run(context.Background(), []string{"check", "--config", "../../config/feed.example.yaml"}, &out, io.Discard); err != nil {
		t.Errorf("check of the example = %v", err)
	}
}

// Rotating a channel's display token hangs up on its screens; the new
// token connects and gets the content, the old one no longer does.
func TestServeTokenRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.yaml")
	writeConfig(t, path, "Titel", "")
	addr := serveForTest(t, path)
	wsURL := "ws://" + addr + "/api/v1/channels/canteen/ws?token="

	old, _, err := websocket.DefaultDialer.Dial(wsURL+"canteen-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	old.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := old.ReadMessage(); err != nil {
		t.Fatalf("first snapshot: %v", err)
	}

	cfg, _ := os.ReadFile(path)
	rotated := strings.Replace(string(cfg), `display_token: "canteen-token"`, `display_token: "rotated-token"`, 1)
	os.WriteFile(path+".tmp", []byte(rotated), 0o600)
	os.Rename(path+".tmp", path)

	old.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := old.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("the old screen read %v, want to be hung up on", err)
	}
	if _, resp, err := websocket.DefaultDialer.Dial(wsURL+"canteen-token", nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("dial with the old token: %v, want 401", err)
	}
	fresh, _, err := websocket.DefaultDialer.Dial(wsURL+"rotated-token", nil)
	if err != nil {
		t.Fatalf("dial with the new token: %v", err)
	}
	defer fresh.Close()
	fresh.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := fresh.ReadMessage()
	if err != nil || !strings.Contains(string(data), `"Titel"`) {
		t.Errorf("new token got %s, %v; want the snapshot", data, err)
	}
}

// check passes exactly what serve accepts: every file serve reads besides
// the config is checked by both, with the same error.
func TestCheckAgreesWithServe(t *testing.T) {
	dir := t.TempDir()
	notPNG := filepath.Join(dir, "logo.jpg")
	if err := os.WriteFile(notPNG, []byte("\xff\xd8\xff\xe0 a JPEG"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.png")
	if err := os.WriteFile(big, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, feed.MaxLogo)...), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, extra, want string }{
		{"logo not a PNG", "    theme: {logo: " + notPNG + "}\n", "channels[0].theme.logo: " + notPNG + " is not a PNG file"},
		{"logo missing", "    theme: {logo: " + filepath.Join(dir, "gone.png") + "}\n", "channels[0].theme.logo: stat "},
		{"logo too large", "    theme: {logo: " + big + "}\n", "channels[0].theme.logo: " + big + " is 1024 KiB; a logo may have at most 1024 KiB"},
		{"tls key pair missing", "tls: {cert: " + filepath.Join(dir, "c.pem") + ", key: " + filepath.Join(dir, "k.pem") + "}\n", "tls: open "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "feed.yaml")
			writeConfig(t, path, "T", tc.extra)
			checkErr := run(context.Background(), []string{"check", "--config", path}, io.Discard, io.Discard)
			serveErr := run(context.Background(), []string{"serve", "--config", path}, io.Discard, io.Discard)
			for what, err := range map[string]error{"check": checkErr, "serve": serveErr} {
				if err == nil || !strings.Contains(err.Error(), path+": "+tc.want) {
					t.Errorf("%s = %v, want an error naming %q", what, err, tc.want)
				}
			}
		})
	}
}

// TestServeConfigFaults: an editor deletes the config file, or the server
// reads it half-written. The server keeps the last good config and says
// why on /healthz, and takes the next good one.
func TestServeConfigFaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.yaml")
	writeConfig(t, path, "Guter Titel", "")
	addr := serveForTest(t, path)
	get := func(p string) string {
		t.Helper()
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitHealth := func(want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			h := get("/healthz")
			if strings.Contains(h, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("/healthz = %s, want it to contain %q", h, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	snapshotHas := func(title string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			s := get("/api/v1/channels/canteen/snapshot?token=canteen-token")
			if strings.Contains(s, title) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("snapshot = %s, want title %q", s, title)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// Deleted: the server goes on with what it has.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	waitHealth("no such file")
	snapshotHas("Guter Titel")

	// Written in two halves, read in between: the first half is no config.
	full := strings.NewReplacer("DATA", filepath.Join(filepath.Dir(path), "feed.db"), "TITLE", "Halber Titel").Replace(serveTestConfig)
	cut := strings.Index(full, "channels:")
	if err := os.WriteFile(path, []byte(full[:cut]), 0o600); err != nil {
		t.Fatal(err)
	}
	waitHealth("channels: needs at least one channel")
	snapshotHas("Guter Titel")

	// The next good file, renamed over the broken one, is taken.
	writeConfig(t, path, "Neuer Titel", "")
	waitHealth(`"status":"ok"`)
	snapshotHas("Neuer Titel")
}
