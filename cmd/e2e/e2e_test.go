// Package e2e runs the real cxtv-feed and cxtv-display on loopback, the
// display fullscreen under its own Xvfb, and reads the screen back with OCR.
package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// need returns the path of each tool, skipping the test when one is missing
// outside CI (make test installs them; in CI their absence is a failure).
func need(tb testing.TB, tools ...string) {
	tb.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				tb.Fatalf("%s is not installed (scripts/install-deps.sh test installs it)", tool)
			}
			tb.Skipf("%s is not installed; run make test", tool)
		}
	}
}

// build compiles the binaries once into dir.
func build(tb testing.TB, dir string) {
	tb.Helper()
	for out, pkg := range map[string]string{
		"cxtv-feed":          "github.com/cxtv/cxtv/cmd/cxtv-feed",
		"cxtv-display":       "github.com/cxtv/cxtv/cmd/cxtv-display",
		"cxtv-display-kiosk": "github.com/cxtv/cxtv/cmd/cxtv-display/kiosk",
	} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, out), pkg)
		if b, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
}

// startXvfb starts a 1920×1080 X server on a free display number.
func startXvfb(tb testing.TB) string {
	tb.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	w.Close()
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		tb.Fatalf("Xvfb did not say its display number: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// start runs a binary until the test ends, sending its stderr to the log
// and to lines.
func start(tb testing.TB, env []string, lines chan<- string, name string, args ...string) *exec.Cmd {
	tb.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			tb.Logf("%s: %s", filepath.Base(name), s.Text())
			if lines != nil {
				select {
				case lines <- s.Text():
				default:
				}
			}
		}
	}()
	tb.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		cmd.Wait()
	})
	return cmd
}

// screenText takes a screenshot of display and returns what OCR reads in
// it, lower-cased with white space folded.
func screenText(tb testing.TB, display, png string) string {
	tb.Helper()
	shot := exec.Command("import", "-display", display, "-window", "root", png)
	if b, err := shot.CombinedOutput(); err != nil {
		tb.Fatalf("screenshot: %v\n%s", err, b)
	}
	ocr := exec.Command("tesseract", png, "-", "-l", "deu+eng")
	out, err := ocr.Output()
	if err != nil {
		tb.Fatalf("tesseract: %v", err)
	}
	return strings.Join(strings.Fields(strings.ToLower(string(out))), " ")
}

// waitScreen polls the screen until OCR reads every word of want.
func waitScreen(tb testing.TB, display, png string, timeout time.Duration, want ...string) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		text := screenText(tb, display, png)
		missing := ""
		for _, w := range want {
			if !strings.Contains(text, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("screen never showed %q (missing %q); last read: %q (screenshot %s)", want, missing, text, png)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

const feedConfig = `listen: "127.0.0.1:0"
data: %q
admin_token: "e2e-admin"
sources:
  - {name: survey, token: "e2e-survey", scale: nps}
channels:
  - name: canteen
    title: "Stimme unserer Kunden"
    language: de
    display_token: "e2e-canteen"
    sources: [survey]
    slides: [comments]
    theme: {logo: %q}
`

// feedYAMLFor is feedConfig with its store at db, and the logo the
// display tests use ("Nordwerk").
func feedYAMLFor(tb testing.TB, db string) string {
	tb.Helper()
	logo, err := filepath.Abs("../../display/paint/testdata/logo.png")
	if err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf(feedConfig, db, logo)
}

const displayConfig = `server: %q
channel: canteen
token: "e2e-canteen"
cache: %q
fullscreen: true
name: e2e-screen
`

func TestFeedbackAppearsOnScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "Xvfb", "import", "tesseract")
	dir := t.TempDir()
	build(t, dir)
	display := startXvfb(t)

	feedYAML := filepath.Join(dir, "feed.yaml")
	os.WriteFile(feedYAML, []byte(feedYAMLFor(t, filepath.Join(dir, "feed.db"))), 0o600)
	lines := make(chan string, 64)
	start(t, nil, lines, filepath.Join(dir, "cxtv-feed"), "serve", "--config", feedYAML)
	addr := waitAddr(t, lines)

	displayYAML := filepath.Join(dir, "display.yaml")
	os.WriteFile(displayYAML, []byte(fmt.Sprintf(displayConfig, "http://"+addr, filepath.Join(dir, "display.db"))), 0o600)
	start(t, []string{"DISPLAY=" + display}, nil, filepath.Join(dir, "cxtv-display"), "run", "--config", displayYAML)

	png := filepath.Join(dir, "screen.png")
	// With nothing stored the screen waits calmly — and OCR works.
	waitScreen(t, display, png, 60*time.Second, "warte auf inhalte")
	if text := screenText(t, display, png); strings.Contains(text, "zebrastreifen") {
		t.Fatalf("the comment is on screen before it was posted: %q", text)
	}

	body := `{"id":"e2e-1","score":10,"touchpoint":"Filiale","comment":"Der neue Zebrastreifen vor der Filiale ist super"}`
	postFeedback(t, addr, body)
	// The fleet entry follows within seconds: the comment card shows (the
	// deck jumps to a new comment at once), and its content is known.
	waitFleetShows(t, addr, "e2e-screen", "comments", time.Now().Add(10*time.Second))
	// The logo came by its hash, fetched once, and sits in the header.
	waitScreen(t, display, png, 30*time.Second, "zebrastreifen", "filiale", "gerade eben", "nordwerk")
	if dst := os.Getenv("CXTV_E2E_SCREENSHOT"); dst != "" {
		data, _ := os.ReadFile(png)
		os.WriteFile(dst, data, 0o644)
	}
}

var listening = regexp.MustCompile(`msg=listening addr=(\S+)`)

// waitAddr waits for the feed server to log the address it listens on.
func waitAddr(tb testing.TB, lines <-chan string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		select {
		case l := <-lines:
			if m := listening.FindStringSubmatch(l); m != nil {
				return m[1]
			}
		case <-ctx.Done():
			tb.Fatal("cxtv-feed did not start listening")
		}
	}
}
