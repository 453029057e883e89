package e2e_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkWebPlayerStill opens /tv/canteen in headless Chromium at
// 1920x1080 against the real server and measures the CPU of Chromium's
// processes while a card holds still (5 s within its 10 s): the page only
// sequences pictures and redraws the clock each minute.
func BenchmarkWebPlayerStill(b *testing.B) {
	need(b, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := b.TempDir()
	addr := startPureFeed(b, dir, feedYAMLFor(b, filepath.Join(dir, "feed.db")))
	profile := filepath.Join(dir, "chromium")
	browser := openBrowser(b, ctx, profile, 1920, 1080)

	postFeedback(b, addr, `{"id":"still-1","score":10,"comment":"Der neue Zebrastreifen vor der Filiale ist super"}`)
	run(b, browser, chromedp.EmulateViewport(1920, 1080), chromedp.Navigate("http://"+addr+"/tv/canteen?token=e2e-canteen"))
	waitJS(b, browser, `document.body.dataset.card === "comments/survey/still-1" && document.body.dataset.settled === document.body.dataset.src && document.body.dataset.settled`)
	b.ResetTimer()
	for b.Loop() {
		share := cpuShare(b, profile)
		b.ReportMetric(share, "%-core")
		fmt.Printf("| web player in headless Chromium, 1920x1080, a card holding still | %.1f %% of a core, all of Chromium's processes | — |\n", share)
	}
	b.ReportMetric(0, "ns/op")
}

// cpuShare is the share of a core that the processes of profile use over
// the next 5 s.
func cpuShare(tb testing.TB, profile string) float64 {
	tb.Helper()
	before, t0 := cpuOf(tb, profile), time.Now()
	time.Sleep(5 * time.Second)
	return (cpuOf(tb, profile) - before).Seconds() / time.Since(t0).Seconds() * 100
}

// cpuOf is the CPU time used so far by the processes whose command line
// names profile (Chromium's, with its user-data-dir), from /proc.
func cpuOf(tb testing.TB, profile string) time.Duration {
	tb.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		tb.Fatal(err)
	}
	var ticks int64
	for _, p := range procs {
		cmdline, err := os.ReadFile(p + "/cmdline")
		if err != nil || !strings.Contains(string(cmdline), profile) {
			continue
		}
		stat, err := os.ReadFile(p + "/stat")
		if err != nil {
			continue
		}
		// The fields after the command's closing parenthesis: utime and
		// stime are the 12th and 13th of those.
		s := string(stat)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		k, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + k
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ is 100 on Linux
}
