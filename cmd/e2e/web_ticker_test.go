package e2e_test

import (
	"context"
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A channel with the ticker: in the web player its band runs along the
// bottom as on the display while the card above it holds still.
func TestWebPlayerTicker(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	need(t, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	cfg := strings.Replace(feedYAMLFor(t, filepath.Join(dir, "feed.db")), "    slides: [comments]\n", "    slides: [comments]\n    ticker: true\n", 1)
	addr := startPureFeed(t, dir, cfg)
	postFeedback(t, addr, `{"id":"tick-1","score":10,"touchpoint":"Filiale","comment":"Der neue Zebrastreifen vor der Filiale ist super"}`)
	postFeedback(t, addr, `{"id":"tick-2","score":2,"touchpoint":"Hotline","comment":"Niemand hat zurückgerufen, dreimal angerufen"}`)

	browser := openBrowser(t, ctx, filepath.Join(dir, "chromium"), 1920, 1080)
	run(t, browser, chromedp.EmulateViewport(1920, 1080), chromedp.Navigate("http://"+addr+"/tv/canteen?token=e2e-canteen"))
	waitJS(t, browser, `document.body.dataset.settled && document.body.dataset.settled === document.body.dataset.src && document.querySelectorAll("#ticker img").length > 0 && [...document.querySelectorAll("#ticker img")].every(i => i.complete)`)
	first := screenshot(t, browser, dir, "ticker-1.png")
	time.Sleep(time.Second)
	second := screenshot(t, browser, dir, "ticker-2.png")

	// 72 px of band at 1080p; the header (96 px) holds the clock.
	bandTop := 1080 - 72
	card := image.Rect(0, 96, 1920, bandTop-1)
	band := image.Rect(0, bandTop+4, 1920, 1080)
	if bad, _ := differ(first, second, card, false); bad > 0 {
		t.Errorf("the card above the band changed in a second: %.2f %% of its pixels", bad*100)
	}
	if bad, _ := differ(first, second, band, false); bad < 0.01 {
		t.Errorf("the ticker band did not move in a second: %.3f %% of its pixels changed", bad*100)
	}
}
