package server_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/health"
)

var pageShots = flag.String("page-shots", "", "keep TestPageInChromium's screenshots of the fleet page in this folder")

// chromiumBin finds headless Chromium (Debian package chromium). Without it
// the test is skipped on a developer's machine and fails in CI.
func chromiumBin(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatal("chromium is not installed (Debian package chromium: scripts/install-deps.sh test)")
	}
	tb.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	return ""
}

func runChromium(tb testing.TB, bin string, args ...string) []byte {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	profile, err := os.MkdirTemp("", "cxtv-chromium-")
	if err != nil {
		tb.Fatal(err)
	}
	// Not t.TempDir: Chromium's helpers may still write there for a moment
	// after it exits, which would fail the test's cleanup.
	defer os.RemoveAll(profile)
	base := []string{"--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
		"--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// slidePNG is a stand-in for a display's screenshot: a dark slide with a
// title bar and a big score block.
func slidePNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 360))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{18, 32, 58, 255}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 640, 48), image.NewUniform(color.RGBA{240, 180, 40, 255}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(220, 110, 420, 250), image.NewUniform(color.RGBA{60, 190, 110, 255}), image.Point{}, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestPageInChromium loads the fleet page in headless Chromium, as IT's
// phone would, with one screen online (with a screenshot), one offline and
// one whose name tries to inject script.
func TestPageInChromium(t *testing.T) {
	bin := chromiumBin(t)
	e := newFleetEnv(t, 3*time.Minute)
	started := t0.Add(-26 * time.Hour)
	e.hub.connect("lobby", "empfang", 1)
	e.fleet.Heartbeat("lobby", "192.0.2.20:41000", feed.Heartbeat{Device: "empfang", Version: "0.9.1", Slide: "comments", Revision: "b7e1", StartedAt: started, CachedAt: t0.Add(-time.Minute)})
	e.clock.Advance(5 * time.Minute)
	e.hub.connect("lobby", "empfang", 0) // gone since

	const evil = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`
	for _, name := range []string{"kantine-1", evil} {
		e.hub.connect("canteen", name, 1)
		e.fleet.Heartbeat("canteen", "192.0.2.10:52000", feed.Heartbeat{Device: name, Version: "1.0.0", Slide: "nps", Revision: "3f9a0c2d7e11aa42", StartedAt: started, CachedAt: t0})
	}
	if resp, body := do(t, "POST", e.url+"/api/v1/displays/kantine-1/screenshot", "canteen-token", bytes.NewReader(slidePNG(t)), "Content-Type", "image/png"); resp.StatusCode != 204 {
		t.Fatalf("upload = %d %s", resp.StatusCode, body)
	}

	e.board.Record("survey", health.Result{Via: "post", New: 1234, Duplicates: 3})
	e.board.Record("ios", health.Result{Via: "pull", Err: errors.New(`appstore: page 1: HTTP 503 <b>"Service Unavailable"</b>`)})

	// The bookmark form of the URL: the token once, then the cookie.
	page := e.url + "/?token=admin-secret"
	// Virtual time runs the page's 10 s refresh twice before the dump.
	dom := string(runChromium(t, bin, "--virtual-time-budget=25000", "--dump-dom", page))

	cards := regexp.MustCompile(`<article class="display (online|offline)"`).FindAllStringSubmatch(dom, -1)
	if len(cards) != 3 || cards[0][1] != "offline" {
		t.Fatalf("rendered DOM has cards %v, want 3 with the offline one first:\n%s", cards, dom)
	}
	if !regexp.MustCompile(`<span class="badge offline">Offline</span>`).MatchString(dom) {
		t.Error("rendered DOM has no offline badge")
	}
	for _, want := range []string{">empfang</h2>", ">kantine-1</h2>", "&lt;script&gt;document.title=", "&lt;img src=x onerror=", "not connected"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if strings.Contains(dom, "pwned</title>") || strings.Count(dom, "<script") != 1 || strings.Count(dom, "<img") != 1 {
		t.Errorf("a device name got into the page as markup (title, %d scripts, %d images):\n%s", strings.Count(dom, "<script"), strings.Count(dom, "<img"), dom)
	}

	rows := regexp.MustCompile(`<tr class="(ok|failing)">\s*<td class="name">([^<]+)</td>`).FindAllStringSubmatch(dom, -1)
	if len(rows) != 2 || rows[0][1] != "ok" || rows[0][2] != "survey" || rows[1][1] != "failing" || rows[1][2] != "ios" {
		t.Errorf("source rows = %v, want survey ok and ios failing", rows)
	}
	for _, want := range []string{`<span class="badge offline">1 failing</span>`, "pull: appstore: page 1: HTTP 503 &lt;b&gt;", ">1234</td>"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if !regexp.MustCompile(`id="live"[^>]*data-updates="[1-9]`).MatchString(dom) {
		t.Errorf("the page did not refresh itself (no data-updates on #live): %s", regexp.MustCompile(`<span id="live"[^>]*>[^<]*`).FindString(dom))
	}

	dir := *pageShots
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		name, url string
		w, h      int
	}{{"phone", page, 390, 844}, {"desktop", page, 1280, 800}, {"phone-tall", page, 390, 1900}, {"signin", e.url + "/", 390, 844}} {
		path := filepath.Join(dir, "fleet-"+size.name+".png")
		runChromium(t, bin, "--virtual-time-budget=3000", "--window-size="+strconv.Itoa(size.w)+","+strconv.Itoa(size.h), "--screenshot="+path, size.url)
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("%s screenshot: %v", size.name, err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != size.w || cfg.Height != size.h {
			t.Errorf("%s screenshot is %d×%d (%v), want %d×%d", size.name, cfg.Width, cfg.Height, err, size.w, size.h)
		}
	}
}
