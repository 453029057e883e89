package e2e_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A screen outlives its server: it keeps what it shows when the server
// goes away and says since when, comes back from a restart with its cached
// content and no network, survives a damaged cache with a calm waiting
// screen, and reconnects when the server is back. Set
// CXTV_E2E_SCREENSHOTS to a folder to keep a screenshot of each step.
func TestScreenOutlivesServer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "Xvfb", "import", "tesseract")
	dir := t.TempDir()
	build(t, dir)
	display := startXvfb(t)

	// A fixed address, so that the restarted server is found again.
	addr := freeAddr(t)
	feedYAML := filepath.Join(dir, "feed.yaml")
	cfg := strings.Replace(feedYAMLFor(t, filepath.Join(dir, "feed.db")), `"127.0.0.1:0"`, fmt.Sprintf("%q", addr), 1)
	if err := os.WriteFile(feedYAML, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	startFeed := func() *exec.Cmd {
		lines := make(chan string, 64)
		cmd := start(t, nil, lines, filepath.Join(dir, "cxtv-feed"), "serve", "--config", feedYAML)
		waitAddr(t, lines)
		return cmd
	}
	cachePath := filepath.Join(dir, "display.db")
	displayYAML := filepath.Join(dir, "display.yaml")
	if err := os.WriteFile(displayYAML, []byte(fmt.Sprintf(displayConfig, "http://"+addr, cachePath)), 0o600); err != nil {
		t.Fatal(err)
	}
	startDisplay := func() *exec.Cmd {
		return start(t, []string{"DISPLAY=" + display}, nil, filepath.Join(dir, "cxtv-display"), "run", "--config", displayYAML)
	}
	png := filepath.Join(dir, "screen.png")

	// 1. Online: a comment posted reaches the screen.
	server := startFeed()
	screen := startDisplay()
	postFeedback(t, addr, `{"id":"off-1","score":9,"touchpoint":"Kantine","comment":"Die Salatbar ist jeden Tag frisch"}`)
	waitScreen(t, display, png, 60*time.Second, "salatbar", "frisch")
	keepShot(t, png, "1-online.png")

	// 2. The server dies: the comment stays, with the offline note.
	stopProcess(t, server, syscall.SIGKILL)
	waitScreen(t, display, png, 20*time.Second, "salatbar", "offline seit")
	keepShot(t, png, "2-server-gone.png")

	// 3. The screen restarts with the server still down: its cached
	// content is back within seconds, dated ("offline · Stand 14:05").
	stopProcess(t, screen, syscall.SIGINT)
	restarted := time.Now()
	screen = startDisplay()
	waitScreen(t, display, png, 15*time.Second, "salatbar", "offline", "stand")
	t.Logf("cached content on screen (read back by OCR) %v after the restart", time.Since(restarted).Round(100*time.Millisecond))
	keepShot(t, png, "3-restart-offline.png")

	// 4. A damaged cache: set aside, the calm waiting screen, no crash.
	stopProcess(t, screen, syscall.SIGINT)
	if err := os.WriteFile(cachePath, bytes.Repeat([]byte("kein bbolt "), 3000), 0o600); err != nil {
		t.Fatal(err)
	}
	screen = startDisplay()
	waitScreen(t, display, png, 20*time.Second, "warte auf inhalte")
	keepShot(t, png, "4-damaged-cache.png")
	time.Sleep(2 * time.Second) // long enough for a crash to show
	if err := screen.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("cxtv-display is gone after starting with a damaged cache: %v", err)
	}
	if aside, _ := filepath.Glob(cachePath + ".corrupt-*"); len(aside) != 1 {
		t.Errorf("damaged cache set aside as %v, want one %s.corrupt-*", aside, cachePath)
	}

	// 5. The server is back: the screen reconnects (its backoff is at
	// most 30 s) and shows the content again, no longer offline.
	startFeed()
	waitScreen(t, display, png, 60*time.Second, "salatbar")
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(screenText(t, display, png), "offline") {
		if time.Now().After(deadline) {
			t.Fatal("the offline note stayed after reconnecting")
		}
		time.Sleep(300 * time.Millisecond)
	}
	keepShot(t, png, "5-reconnected.png")
}

// freeAddr returns a loopback address no one listens on right now.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// postFeedback posts one feedback object as the survey source.
func postFeedback(tb testing.TB, addr, body string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer e2e-survey")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		tb.Fatalf("POST feedback = %d %s, want 202", resp.StatusCode, b)
	}
}

// stopProcess sends sig to a process started with start and waits until
// it has exited (and so released its files), at most 15 s.
func stopProcess(tb testing.TB, cmd *exec.Cmd, sig os.Signal) {
	tb.Helper()
	exited := make(chan struct{})
	go func() {
		_, _ = cmd.Process.Wait()
		close(exited)
	}()
	if err := cmd.Process.Signal(sig); err != nil {
		tb.Fatalf("signal %s: %v", filepath.Base(cmd.Path), err)
	}
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		tb.Fatalf("%s did not exit within 15 s of %v", filepath.Base(cmd.Path), sig)
	}
}

// keepShot copies the last screenshot into $CXTV_E2E_SCREENSHOTS.
func keepShot(tb testing.TB, png, name string) {
	tb.Helper()
	dst := os.Getenv("CXTV_E2E_SCREENSHOTS")
	if dst == "" {
		return
	}
	data, err := os.ReadFile(png)
	if err == nil {
		err = os.WriteFile(filepath.Join(dst, name), data, 0o644)
	}
	if err != nil {
		tb.Logf("keep screenshot %s: %v", name, err)
	}
}
