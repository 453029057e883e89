package e2e_test

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebPlayer opens /tv/canteen in headless Chromium at 1920×1080
// against the real cxtv-feed, posts a comment and compares the screenshot
// with the display's own render of the same snapshot; then stops the
// server and checks the page says so, and plays on after a reload.
func TestWebPlayer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	for out, pkg := range map[string]string{"cxtv-feed": "../cxtv-feed", "cxtv-display": "../cxtv-display"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, out), pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	feedYAML := filepath.Join(dir, "feed.yaml")
	os.WriteFile(feedYAML, []byte(feedYAMLFor(t, filepath.Join(dir, "feed.db"))), 0o600)
	lines := make(chan string, 64)
	feedCmd := start(t, nil, lines, filepath.Join(dir, "cxtv-feed"), "serve", "--config", feedYAML)
	addr := waitAddr(t, lines)
	base := "http://" + addr

	browser := openBrowser(t, ctx, filepath.Join(dir, "chromium"), 1920, 1080)

	// Nothing stored yet: the waiting card plays.
	run(t, browser, chromedp.EmulateViewport(1920, 1080), chromedp.Navigate(base+"/tv/canteen?token=e2e-canteen"))
	waitJS(t, browser, `document.body.dataset.card === "waiting" && document.body.dataset.settled === document.body.dataset.src`)
	href, err := chromedp.Run(browser, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(href, "token") {
		t.Errorf("the address bar still holds the token: %s", href)
	}

	postFeedback(t, addr, `{"id":"web-1","score":10,"touchpoint":"Filiale","comment":"Der neue Zebrastreifen vor der Filiale ist super"}`)
	src := waitJS(t, browser, `document.body.dataset.card === "comments/survey/web-1" && document.body.dataset.settled === document.body.dataset.src && document.body.dataset.settled`)
	shot := screenshot(t, browser, dir, "1-comment.png")

	// The browser is in the fleet view, by the name it keeps.
	deadline := time.Now().Add(10 * time.Second)
	for {
		req, _ := http.NewRequest("GET", base+"/api/v1/displays", nil)
		req.Header.Set("Authorization", "Bearer e2e-admin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), `"device":"browser-`) && strings.Contains(string(b), `"version":"web"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fleet view never listed the browser: %s", b)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// The display's own render of the same snapshot.
	snap := filepath.Join(dir, "snapshot.json")
	fetchTo(t, base+"/api/v1/channels/canteen/snapshot", "e2e-canteen", snap)
	logo, _ := filepath.Abs("../../display/paint/testdata/logo.png")
	out := filepath.Join(dir, "render")
	cmd := exec.Command(filepath.Join(dir, "cxtv-display"), "render", "--snapshot", snap, "--logo", logo, "--out", out, "--size", "1920x1080")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cxtv-display render: %v\n%s", err, b)
	}
	want := readPNG(t, filepath.Join(out, "01-comment-survey_web-1.png"))
	// The clock and date are the page's own text, drawn in another
	// rasterizer and maybe another minute: compared apart, loosely.
	clock := image.Rect(1100, 0, 1920, 96)
	bad, worst := differ(shot, want, clock, true)
	t.Logf("outside the clock, %.3f %% of the pixels differ by more than 16 (worst %d)", bad*100, worst)
	if bad > 0.001 {
		t.Errorf("the page differs from the display's render in %.2f %% of the pixels outside the clock (worst %d of 255); page %s, slide %s",
			bad*100, worst, filepath.Join(dir, "1-comment.png"), src)
	}
	bad, worst = differ(shot, want, clock, false)
	t.Logf("in the clock, %.2f %% of the pixels differ by more than 16 (worst %d)", bad*100, worst)
	if bad > 0.05 {
		t.Errorf("the header's clock and date differ from the display's in %.1f %% of their pixels", bad*100)
	}

	// Turned for a portrait-mounted screen, as the display's rotation 90.
	run(t, browser, chromedp.Navigate(base+"/tv/canteen?rotation=90"))
	waitJS(t, browser, `document.body.dataset.card === "comments/survey/web-1" && document.body.dataset.settled === document.body.dataset.src`)
	turned := screenshot(t, browser, dir, "1-comment-rotation-90.png")
	cmd = exec.Command(filepath.Join(dir, "cxtv-display"), "render", "--snapshot", snap, "--logo", logo, "--out", out, "--size", "1920x1080", "--rotation", "90")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cxtv-display render --rotation 90: %v\n%s", err, b)
	}
	portrait := readPNG(t, filepath.Join(out, "01-comment-survey_web-1.png"))
	if b := portrait.Bounds(); b.Dx() != 1080 || b.Dy() != 1920 {
		t.Fatalf("render --rotation 90 is %dx%d, want 1080x1920", b.Dx(), b.Dy())
	}
	// The portrait header, with its clock, runs down the right edge.
	bad, worst = differ(turned, clockwise(portrait), image.Rect(1920-96, 300, 1920, 1080), true)
	t.Logf("turned, outside the clock, %.3f %% of the pixels differ by more than 16 (worst %d)", bad*100, worst)
	if bad > 0.001 {
		t.Errorf("the turned page differs from the display's turned render in %.2f %% of the pixels (worst %d)", bad*100, worst)
	}

	// Without its server the page says so, in the display's words, and
	// keeps playing; a reload then comes from the service worker's cache.
	run(t, browser, chromedp.Navigate(base+"/tv/canteen"))
	waitJS(t, browser, `document.body.dataset.card === "comments/survey/web-1" && document.body.dataset.settled === document.body.dataset.src`)
	stopProcess(t, feedCmd, os.Interrupt)
	note := waitJS(t, browser, `(document.body.dataset.note || "").startsWith("offline seit ") && document.body.dataset.note`)
	t.Logf("offline note: %s", note)
	screenshot(t, browser, dir, "2-offline.png")
	run(t, browser, chromedp.Reload())
	waitJS(t, browser, `document.body.dataset.card === "comments/survey/web-1" && document.body.dataset.settled === document.body.dataset.src && (document.body.dataset.note || "").startsWith("offline") && document.body.dataset.settled`)
	after := screenshot(t, browser, dir, "3-reloaded-offline.png")
	if bad, worst := differ(after, want, image.Rect(600, 0, 1920, 96), true); bad > 0.001 {
		t.Errorf("after a reload without the server the page differs from the render in %.2f %% of the pixels (worst %d)", bad*100, worst)
	}
}

// startPureFeed builds cxtv-feed as packaged (CGO_ENABLED=0) into dir,
// starts it on the config cfg, written to dir/feed.yaml, and returns the
// address it listens on.
func startPureFeed(tb testing.TB, dir, cfg string) string {
	tb.Helper()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "cxtv-feed"), "../cxtv-feed")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build cxtv-feed: %v\n%s", err, b)
	}
	feedYAML := filepath.Join(dir, "feed.yaml")
	if err := os.WriteFile(feedYAML, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	lines := make(chan string, 64)
	start(tb, nil, lines, filepath.Join(dir, "cxtv-feed"), "serve", "--config", feedYAML)
	return waitAddr(tb, lines)
}

// openBrowser starts headless Chromium with its profile in profile and a
// window of w×h, closed when the test ends.
func openBrowser(tb testing.TB, ctx context.Context, profile string, w, h int) context.Context {
	tb.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("chromium"), chromedp.WindowSize(w, h), chromedp.NoSandbox,
		chromedp.UserDataDir(profile), chromedp.Flag("hide-scrollbars", true))...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	tb.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	return browser
}

func run(tb testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.Fatalf("chromium: %v", err)
	}
}

// waitJS polls expr in the page until it is truthy and returns its value.
// A page that reloads itself meanwhile is asked again.
func waitJS(tb testing.TB, ctx context.Context, expr string) string {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](`(() => { try { return `+expr+` } catch (e) { return false } })()`))
		if err == nil && v != nil && v != false && v != "" {
			return fmt.Sprint(v)
		}
		if time.Now().After(deadline) {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(document.body.dataset)`))
			tb.Fatalf("waiting for %s: last %v, %v (page: %s)", expr, v, err, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func screenshot(tb testing.TB, ctx context.Context, dir, name string) image.Image {
	tb.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	keepShot(tb, path, "web-"+name)
	return readPNG(tb, path)
}

func readPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// differ returns the share of pixels, outside area (or only inside it,
// when outside is false), whose channels differ by more than 16 of 255,
// and the largest difference.
func differ(a, b image.Image, area image.Rectangle, outside bool) (float64, int) {
	if a.Bounds() != b.Bounds() {
		return 1, 255
	}
	bad, n, worst := 0, 0, 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if image.Pt(x, y).In(area) == outside {
				continue
			}
			n++
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) >> 8
			worst = max(worst, d)
			if d > 16 {
				bad++
			}
		}
	}
	return float64(bad) / float64(max(n, 1)), worst
}

// clockwise turns img a quarter turn clockwise, as a screen mounted so.
func clockwise(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			out.Set(b.Dy()-1-y, x, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

func absDiff(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func fetchTo(tb testing.TB, url, token, path string) {
	tb.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		tb.Fatalf("GET %s = %d %s", url, resp.StatusCode, b)
	}
	os.WriteFile(path, b, 0o644)
}

// TestWebPreview opens an admin's preview of every slide against the real
// cxtv-feed, then rewrites the config file: a refused config shows with
// its key path, and an accepted one shows its slides, each within seconds.
func TestWebPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	feedYAML := filepath.Join(dir, "feed.yaml")
	good := feedYAMLFor(t, filepath.Join(dir, "feed.db"))
	addr := startPureFeed(t, dir, good)
	postFeedback(t, addr, `{"id":"web-p1","score":3,"touchpoint":"Hotline","comment":"Niemand hat zurückgerufen"}`)

	browser := openBrowser(t, ctx, filepath.Join(dir, "chromium"), 1600, 1000)

	run(t, browser, chromedp.Navigate("http://"+addr+"/preview/canteen?token=e2e-admin&size=1280x720"))
	waitJS(t, browser, `document.querySelectorAll("main img").length === 1 && document.querySelector("main img").complete`)
	screenshot(t, browser, dir, "preview-1.png")

	// write replaces the config file at once, as an editor saving does.
	write := func(s string) time.Time {
		tmp := feedYAML + ".new"
		if err := os.WriteFile(tmp, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, feedYAML); err != nil {
			t.Fatal(err)
		}
		return time.Now()
	}
	at := write(strings.Replace(good, "slides: [comments]", "slides: [comments, trnd]", 1))
	msg := waitJS(t, browser, `(document.querySelector(".error pre") || {}).textContent`)
	t.Logf("refused config shown after %v: %s", time.Since(at).Round(10*time.Millisecond), msg)
	if !strings.Contains(msg, "channels[0].slides[1]") || !strings.Contains(msg, "trnd") {
		t.Errorf("preview shows %q, want the key path channels[0].slides[1] and the bad slide", msg)
	}
	screenshot(t, browser, dir, "preview-2-refused.png")

	at = write(strings.Replace(good, "slides: [comments]", "slides: [comments, announcement]\n    announcements: [{title: \"Danke, Hotline!\", text: \"NPS 45 bis Q4\"}]", 1))
	waitJS(t, browser, `!document.querySelector(".error") && document.querySelectorAll("main img").length === 2 && [...document.images].every(i => i.complete)`)
	t.Logf("accepted config shown after %v", time.Since(at).Round(10*time.Millisecond))
	if d := time.Since(at); d > 5*time.Second {
		t.Errorf("the preview took %v to show the new config, want a few seconds at most", d)
	}
	screenshot(t, browser, dir, "preview-3-accepted.png")
}
