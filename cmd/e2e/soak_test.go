package e2e_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/client"
)

// The soak (make soak): CXTV_SOAK is its length, e.g. 10m or 1h; without
// it the test is skipped, so make test never runs it.
const (
	soakScreens     = 1000
	soakPerSecond   = 20               // answers posted per second, in batches of 5
	soakReloadEvery = 30 * time.Second // the config rewritten (write and rename)
	// A screen lives 30–120 s, then disconnects and a new one connects.
	soakMinLife, soakMaxLife = 30 * time.Second, 120 * time.Second
	// Answers are posted dated a day minus soakKeep ago with
	// retention_days: 1, so retention deletes each soakKeep after it came:
	// the store holds a steady window of answers, as it does in production
	// over months.
	// Retention runs every minute, so the store holds one to two minutes
	// of answers.
	soakKeep = time.Minute
)

// A metric fails the soak when its maximum over the last half of the run
// is more than 10 % above its maximum in the quarter before half time
// (soakGrowth), and more than its floor above it: goroutine counts and open files move by a few as
// screens come and go, and the kiosk reports its heap in whole MiB.
var soakFloors = map[string]float64{
	"rss_mb": 4, "heap_mb": 8, "goroutines": 50, "fds": 20, "db_mb": 1,
}

var soakMetrics = []string{"rss_mb", "heap_mb", "goroutines", "fds", "db_mb"}

func TestSoak(t *testing.T) {
	spec := os.Getenv("CXTV_SOAK")
	if spec == "" {
		t.Skip("soak: set CXTV_SOAK=10m (make soak)")
	}
	length, err := time.ParseDuration(spec)
	if err != nil || length < time.Minute {
		t.Fatalf("CXTV_SOAK=%q: want a duration of at least 1m", spec)
	}
	need(t, "Xvfb")
	dir := t.TempDir()
	build(t, dir)
	display := startXvfb(t)

	addr := freeAddr(t)
	feedYAML := filepath.Join(dir, "feed.yaml")
	feedDB := filepath.Join(dir, "feed.db")
	writeConfig := func(n int) {
		t.Helper()
		tmp := feedYAML + ".tmp"
		if err := os.WriteFile(tmp, []byte(soakFeedYAML(t, addr, feedDB, n)), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, feedYAML); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(0)
	lines := make(chan string, 64)
	server := start(t, nil, lines, filepath.Join(dir, "cxtv-feed"), "serve", "--config", feedYAML)
	waitAddr(t, lines)

	displayYAML := filepath.Join(dir, "display.yaml")
	displayDB := filepath.Join(dir, "display.db")
	os.WriteFile(displayYAML, []byte(fmt.Sprintf(displayConfig, "http://"+addr, displayDB)), 0o600)
	kioskLines := make(chan string, 256)
	kioskStats := &kioskStats{}
	go kioskStats.read(kioskLines)
	// Cards hold 1 s (slide_seconds 3, sped up three times); the kiosk logs
	// its frame statistics, heap and goroutines included, every 10 s.
	launcher := start(t, []string{"DISPLAY=" + display, "CXTV_DEBUG_SPEED=3", "CXTV_LOG_LEVEL=debug"}, kioskLines,
		filepath.Join(dir, "cxtv-display"), "run", "--config", displayYAML)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	var posted, failed atomic.Int64
	wg.Add(3)
	go func() { defer wg.Done(); soakIngest(ctx, addr, &posted, &failed) }()
	go func() {
		defer wg.Done()
		tick := time.NewTicker(soakReloadEvery)
		defer tick.Stop()
		for n := 1; ; n++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				writeConfig(n)
			}
		}
	}()
	var online atomic.Int64
	var sessions atomic.Int64
	go func() { defer wg.Done(); soakScreensRun(ctx, addr, &online, &sessions) }()

	every := min(time.Minute, length/10)
	begin := time.Now()
	var samples []soakSample
	kioskPID := 0
	sample := func() {
		if kioskPID == 0 {
			kioskPID = childPID(launcher.Process.Pid)
		}
		at := time.Since(begin).Round(time.Second)
		s := soakSample{at: at, feed: map[string]float64{}, kiosk: map[string]float64{}}
		procStats(server.Process.Pid, s.feed)
		feedMetrics(addr, s.feed)
		s.feed["db_mb"] = fileMB(feedDB)
		if kioskPID != 0 {
			procStats(kioskPID, s.kiosk)
		}
		kioskStats.into(s.kiosk)
		s.kiosk["db_mb"] = fileMB(displayDB)
		samples = append(samples, s)
		t.Logf("soak %8v  posted %6d (failed %d)  screens online %4d (sessions %5d)\n  feed:  %s\n  kiosk: %s\n  kiosk's last stats line: %s",
			at, posted.Load(), failed.Load(), online.Load(), sessions.Load(), s.feed.line(), s.kiosk.line(), kioskStats.line())
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	end := time.After(length)
	sample()
loop:
	for {
		select {
		case <-tick.C:
			sample()
		case <-end:
			sample()
			break loop
		}
	}
	cancel()
	wg.Wait()

	t.Log("soak figures:\n" + soakTable(samples))
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d posts failed", n, posted.Load()+n)
	}
	if kioskPID == 0 {
		t.Error("the kiosk process was never found")
	}
	for _, side := range []string{"feed", "kiosk"} {
		for _, m := range soakMetrics {
			mid, peak, ok := soakGrowth(samples, side, m)
			if ok && peak > mid*1.10 && peak-mid > soakFloors[m] {
				t.Errorf("%s %s grew from %.1f before half time to %.1f (+%.0f %%) in the last half", side, m, mid, peak, 100*(peak-mid)/mid)
			}
		}
	}
}

// soakFeedYAML is the soak's server config; n changes the title and an
// announcement with every reload.
func soakFeedYAML(tb testing.TB, addr, db string, n int) string {
	tb.Helper()
	logo, err := filepath.Abs("../../display/paint/testdata/logo.png")
	if err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf(`listen: %q
data: %q
admin_token: "e2e-admin"
retention_days: 1
sources:
  - {name: survey, token: "e2e-survey", scale: nps}
channels:
  - name: canteen
    title: "Stimme unserer Kunden %d"
    language: de
    display_token: "e2e-canteen"
    sources: [survey]
    slide_seconds: 3
    slides: [comments, nps, touchpoints, trend, announcement]
    announcements:
      - {title: "Neu in der Kantine", text: "Ausgabe %d: Suppe der Woche"}
    theme: {logo: %q}
`, addr, db, n, n, logo)
}

var (
	soakTouchpoints = []string{"Kantine", "Kasse", "Salatbar", "Café", "Ausgabe"}
	soakComments    = []string{
		"Die Salatbar ist jeden Tag frisch", "Zu lange Schlange an der Kasse",
		"Freundliches Personal, danke!", "Die Suppe war heute kalt",
		"Mehr vegetarische Gerichte bitte", "Sehr sauber und hell",
	}
)

// soakIngest posts soakPerSecond answers a second in batches of five until
// ctx ends; every tenth answer is a later version of an earlier one.
func soakIngest(ctx context.Context, addr string, posted, failed *atomic.Int64) {
	tick := time.NewTicker(time.Second / (soakPerSecond / 5))
	defer tick.Stop()
	var next int
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := time.Now().UTC()
		created := now.Add(-24*time.Hour + soakKeep)
		batch := make([]map[string]any, 0, 5)
		for range 5 {
			f := map[string]any{
				"id": "soak-" + strconv.Itoa(next), "score": rand.IntN(11), "created_at": created,
				"touchpoint": soakTouchpoints[rand.IntN(len(soakTouchpoints))],
				"comment":    soakComments[rand.IntN(len(soakComments))] + " (" + strconv.Itoa(next) + ")",
			}
			if next%10 == 9 && next > 100 {
				// A later version of a recent answer, keeping its date.
				f["id"] = "soak-" + strconv.Itoa(next-rand.IntN(50)-1)
				f["created_at"] = created.Add(-5 * time.Second)
				f["updated_at"] = now
				f["comment"] = "Nachtrag: " + f["comment"].(string)
			}
			next++
			batch = append(batch, f)
		}
		body, _ := json.Marshal(batch)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer e2e-survey")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				failed.Add(1)
			}
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			failed.Add(1)
			continue
		}
		posted.Add(int64(len(batch)))
	}
}

// soakScreensRun keeps soakScreens display clients connected, each for a
// random 30–120 s, after which it is cancelled and a new one takes its
// place.
func soakScreensRun(ctx context.Context, addr string, online, sessions *atomic.Int64) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for i := range soakScreens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Spread the first connections over the first seconds.
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(rand.IntN(10_000)) * time.Millisecond):
			}
			for ctx.Err() == nil {
				soakSession(ctx, addr, i, online)
				sessions.Add(1)
			}
		}()
	}
}

// soakSession runs one display client for its lifetime.
func soakSession(ctx context.Context, addr string, i int, online *atomic.Int64) {
	life := soakMinLife + rand.N(soakMaxLife-soakMinLife)
	ctx, cancel := context.WithTimeout(ctx, life)
	defer cancel()
	c, err := client.New(client.Options{
		Server: "http://" + addr, Channel: "canteen", Token: "e2e-canteen",
		Device: fmt.Sprintf("soak-%04d", i), Version: "soak", Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return
	}
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	up := false
	for {
		select {
		case <-done:
			if up {
				online.Add(-1)
			}
			return
		case <-c.Snapshots():
		case st := <-c.States():
			if st.Online != up {
				up = st.Online
				if up {
					online.Add(1)
				} else {
					online.Add(-1)
				}
			}
		}
	}
}

// soakValues are one process's figures at one sample.
type soakValues map[string]float64

func (v soakValues) line() string {
	var b strings.Builder
	for _, m := range soakMetrics {
		if x, ok := v[m]; ok {
			fmt.Fprintf(&b, "%s=%.1f ", m, x)
		} else {
			fmt.Fprintf(&b, "%s=? ", m)
		}
	}
	return b.String()
}

type soakSample struct {
	at          time.Duration
	feed, kiosk soakValues
}

// soakGrowth returns the largest value of side's metric m in the second
// quarter of the run (before half time) and the largest in the last half.
// Maxima on both sides, because a heap sampled between collections
// saws up and down by more than 10 %.
func soakGrowth(samples []soakSample, side, m string) (mid, peak float64, ok bool) {
	if len(samples) < 4 {
		return 0, 0, false
	}
	length := samples[len(samples)-1].at
	var seenMid, seenPeak bool
	for _, s := range samples {
		v := s.feed
		if side == "kiosk" {
			v = s.kiosk
		}
		x, ok := v[m]
		switch {
		case !ok || s.at < length/4:
		case s.at < length/2:
			mid, seenMid = max(mid, x), true
		default:
			peak, seenPeak = max(peak, x), true
		}
	}
	return mid, peak, seenMid && seenPeak && mid > 0
}

// soakTable is the samples as a table, one row per sample.
func soakTable(samples []soakSample) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%8s |", "time")
	for _, side := range []string{"feed", "kiosk"} {
		for _, m := range soakMetrics {
			fmt.Fprintf(&b, " %12s", side+"."+m)
		}
	}
	b.WriteString("\n")
	for _, s := range samples {
		fmt.Fprintf(&b, "%8v |", s.at)
		for _, v := range []soakValues{s.feed, s.kiosk} {
			for _, m := range soakMetrics {
				if x, ok := v[m]; ok {
					fmt.Fprintf(&b, " %12.1f", x)
				} else {
					fmt.Fprintf(&b, " %12s", "?")
				}
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// procStats reads a process's resident memory and open files from /proc.
func procStats(pid int, v soakValues) {
	if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				v["rss_mb"] = kb / 1024
			}
		}
	}
	if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
		v["fds"] = float64(len(fds))
	}
}

// childPID is a child of pid (cxtv-display run starts the kiosk), found
// by the parent field of /proc/*/stat; 0 while there is none.
func childPID(pid int) int {
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		n, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces.
		rest := string(data)
		if i := strings.LastIndexByte(rest, ')'); i >= 0 {
			rest = rest[i+1:]
		}
		if f := strings.Fields(rest); len(f) >= 2 && f[1] == strconv.Itoa(pid) {
			return n
		}
	}
	return 0
}

// feedMetrics reads the heap and goroutines from the server's /metrics.
func feedMetrics(addr string, v soakValues) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	s := bufio.NewScanner(resp.Body)
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) != 2 {
			continue
		}
		x, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "go_memstats_heap_inuse_bytes":
			v["heap_mb"] = x / (1 << 20)
		case "go_goroutines":
			v["goroutines"] = x
		}
	}
}

func fileMB(path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(fi.Size()) / (1 << 20)
}

// kioskStats keeps the heap and goroutines of the kiosk's last "frames"
// debug line (display/screen/stats.go).
type kioskStats struct {
	mu               sync.Mutex
	heap, goroutines float64
	seen             bool
	last             string // the whole line, for the log
}

var kioskFrames = regexp.MustCompile(`msg=frames .*heap_mb=(\d+) .*goroutines=(\d+)`)

func (k *kioskStats) read(lines <-chan string) {
	for l := range lines {
		if m := kioskFrames.FindStringSubmatch(l); m != nil {
			h, _ := strconv.ParseFloat(m[1], 64)
			g, _ := strconv.ParseFloat(m[2], 64)
			k.mu.Lock()
			k.heap, k.goroutines, k.seen, k.last = h, g, true, l
			k.mu.Unlock()
		}
	}
}

func (k *kioskStats) line() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.last == "" {
		return "no frames line yet"
	}
	return k.last
}

func (k *kioskStats) into(v soakValues) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.seen {
		v["heap_mb"], v["goroutines"] = k.heap, k.goroutines
	}
}
