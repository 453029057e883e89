package main

// Benchmarks of the real kiosk binary on an X display (make bench runs
// them under Xvfb): start to first frame from the cache with the server
// down, CPU while a card holds still, memory over 1,000 card changes.
// Each starts cxtv-display-kiosk against a prepared cache and reads its
// log (CXTV_LOG_LEVEL=debug) and /proc.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/display/xdisplay"
	"github.com/cxtv/cxtv/feed"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat:
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// BenchmarkKioskFirstFrame measures process start to the first frame of
// cached content on screen, with no server to reach (target ≤ 500 ms).
func BenchmarkKioskFirstFrame(b *testing.B) {
	k := newKioskBench(b, staticSnapshot(b, false))
	var total, worst time.Duration
	best := time.Hour
	// Five starts whatever b.N: make bench runs each kiosk benchmark
	// once (-benchtime 1x), as the others take a while.
	starts := max(b.N, 5)
	for range starts {
		p := k.start(b, nil)
		d := p.waitFor(b, "first frame", 30*time.Second).at.Sub(p.started)
		p.stop(b)
		total += d
		best, worst = min(best, d), max(worst, d)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(starts), "ms/first-frame")
	b.ReportMetric(float64(best.Milliseconds()), "ms-best")
	b.ReportMetric(float64(worst.Milliseconds()), "ms-worst")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkKioskStaticCPU measures the share of one core the kiosk takes
// while one card holds still at full screen, without a ticker
// (target ≤ 5 %), and the allocations per tick meanwhile.
func BenchmarkKioskStaticCPU(b *testing.B) {
	benchCPU(b, staticSnapshot(b, false))
}

// BenchmarkKioskTickerCPU is the same with the ticker band running: it
// moves every frame, so this is the cost of continuous motion.
func BenchmarkKioskTickerCPU(b *testing.B) {
	benchCPU(b, staticSnapshot(b, true))
}

func benchCPU(b *testing.B, snap feed.Snapshot) {
	k := newKioskBench(b, snap)
	p := k.start(b, benchEnv())
	defer p.stop(b)
	p.waitFor(b, "first frame", 30*time.Second)
	// Let the first fade, the header and the worker settle.
	time.Sleep(3 * time.Second)
	const window = 10 * time.Second
	cpu0, t0 := p.cpu(b), time.Now()
	time.Sleep(window)
	cpu1, t1 := p.cpu(b), time.Now()
	pct := 100 * (cpu1 - cpu0).Seconds() / t1.Sub(t0).Seconds()
	b.ReportMetric(pct, "%cpu")
	b.ReportMetric(p.rssMB(b), "MB-rss")
	// The kiosk logs its frame statistics every 10 s of ticks.
	st := p.waitFor(b, "msg=frames", 15*time.Second)
	for _, f := range []struct{ key, unit string }{
		{"fps", "fps"},
		{"allocs_per_tick", "allocs/tick"},
		{"heap_mb", "MB-heap"},
	} {
		if v, ok := st.float(f.key); ok {
			b.ReportMetric(v, f.unit)
		}
	}
	b.ReportMetric(0, "ns/op")
}

// BenchmarkKioskRSS shows cards changing every few ticks (the kiosk's
// CXTV_DEBUG_SPEED) and reads the resident memory after 100, 500 and
// 1,000 changes (target ≤ 80 MB and not growing).
func BenchmarkKioskRSS(b *testing.B) {
	snap := demoSnapshotFast(b)
	k := newKioskBench(b, snap)
	p := k.start(b, append([]string{"CXTV_DEBUG_SPEED=20"}, benchEnv()...))
	defer p.stop(b)
	rss, anon := map[int]float64{}, map[int]float64{}
	deadline := time.Now().Add(10 * time.Minute)
	for n := 0; n < 1000; {
		p.waitFor(b, "msg=card", time.Until(deadline))
		n++
		if n == 100 || n == 500 || n == 1000 {
			rss[n], anon[n] = p.rssMB(b), p.status(b, "RssAnon")
			b.Logf("after %d card changes: VmRSS %.1f MB, RssAnon %.1f MB", n, rss[n], anon[n])
		}
	}
	st := p.waitFor(b, "msg=frames", 15*time.Second)
	for _, f := range []struct{ key, unit string }{{"heap_mb", "MB-heap"}, {"go_sys_mb", "MB-go-sys"}} {
		if v, ok := st.float(f.key); ok {
			b.ReportMetric(v, f.unit)
		}
	}
	b.ReportMetric(rss[500], "MB-rss@500")
	b.ReportMetric(rss[1000], "MB-rss@1000")
	b.ReportMetric(anon[1000], "MB-anon@1000")
	b.ReportMetric(rss[1000]-rss[500], "MB-growth")
	b.ReportMetric(0, "ns/op")
}

// benchEnv is CXTV_BENCH_ENV, more environment for the kiosk when trying
// settings: CXTV_BENCH_ENV="GOMEMLIMIT=64MiB GOGC=50".
func benchEnv() []string { return strings.Fields(os.Getenv("CXTV_BENCH_ENV")) }

// kioskBench is a built kiosk with a config whose server is unreachable
// and a cache holding one snapshot.
type kioskBench struct {
	bin, config, cache string
	snap               feed.Snapshot
}

func newKioskBench(b *testing.B, snap feed.Snapshot) *kioskBench {
	b.Helper()
	if err := xdisplay.Check(); err != nil {
		b.Skipf("needs an X display (make bench runs Xvfb): %v", err)
	}
	dir := b.TempDir()
	k := &kioskBench{
		bin:    filepath.Join(dir, kioskName),
		config: filepath.Join(dir, "display.yaml"),
		cache:  filepath.Join(dir, "display.db"),
		snap:   snap,
	}
	cmd := exec.Command("go", "build", "-o", k.bin, "github.com/cxtv/cxtv/cmd/cxtv-display/kiosk")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build kiosk: %v\n%s", err, out)
	}
	// Port 1 on loopback: nothing listens, every dial fails at once.
	yaml := fmt.Sprintf("server: \"http://127.0.0.1:1\"\nchannel: canteen\ntoken: bench\ncache: %q\nfullscreen: true\nname: bench\n", k.cache)
	if err := os.WriteFile(k.config, []byte(yaml), 0o600); err != nil {
		b.Fatal(err)
	}
	c, err := cache.Open(k.cache, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	msg, err := feed.EncodeMessage(feed.Message{Type: feed.TypeSnapshot, Snapshot: &snap})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Save(snap.Revision, msg, time.Now()); err != nil {
		b.Fatal(err)
	}
	return k
}

// kioskProc is one running kiosk.
type kioskProc struct {
	cmd     *exec.Cmd
	started time.Time
	lines   chan logLine
	done    chan struct{}
}

type logLine struct {
	at   time.Time
	text string
}

var logValue = regexp.MustCompile(`(\w+)=("[^"]*"|\S+)`)

// float returns the value of key in a logfmt line.
func (l logLine) float(key string) (float64, bool) {
	for _, m := range logValue.FindAllStringSubmatch(l.text, -1) {
		if m[1] == key {
			v, err := strconv.ParseFloat(strings.Trim(m[2], `"`), 64)
			return v, err == nil
		}
	}
	return 0, false
}

func (k *kioskBench) start(b *testing.B, env []string) *kioskProc {
	b.Helper()
	cmd := exec.Command(k.bin, "run", "--config", k.config)
	cmd.Env = append(slices.Clone(os.Environ()), append([]string{"CXTV_LOG_LEVEL=debug"}, env...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	p := &kioskProc{cmd: cmd, lines: make(chan logLine, 4096), done: make(chan struct{})}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	go func() {
		defer close(p.done)
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			if testing.Verbose() {
				fmt.Fprintf(os.Stderr, "%6dms kiosk: %s\n", time.Since(p.started).Milliseconds(), s.Text())
			}
			select {
			case p.lines <- logLine{time.Now(), s.Text()}:
			default: // nobody is waiting for lines this old
			}
		}
	}()
	return p
}

// waitFor returns the next log line containing s.
func (p *kioskProc) waitFor(b *testing.B, s string, timeout time.Duration) logLine {
	b.Helper()
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case l := <-p.lines:
			if strings.Contains(l.text, "level=ERROR") {
				b.Logf("kiosk: %s", l.text)
			}
			if strings.Contains(l.text, s) {
				return l
			}
		case <-p.done:
			b.Fatalf("the kiosk exited before logging %q", s)
		case <-t.C:
			b.Fatalf("the kiosk did not log %q within %v", s, timeout)
		}
	}
}

// cpu returns the CPU time the kiosk used so far (user and system).
func (p *kioskProc) cpu(b *testing.B) time.Duration {
	b.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command name, which is in parentheses and may
	// hold spaces: state is field 3, utime 14, stime 15.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// rssMB returns the kiosk's resident set size in MB.
func (p *kioskProc) rssMB(b *testing.B) float64 { return p.status(b, "VmRSS") }

// status returns a figure of /proc/PID/status in MB: VmRSS, or RssAnon
// (resident memory not backed by files: heaps, textures, not code).
func (p *kioskProc) status(b *testing.B, key string) float64 {
	b.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1000
		}
	}
	b.Fatalf("no %s in /proc/PID/status", key)
	return 0
}

func (p *kioskProc) stop(b *testing.B) {
	b.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	_ = p.cmd.Wait()
}

// staticSnapshot has one comment card that holds for ten minutes.
func staticSnapshot(b *testing.B, ticker bool) feed.Snapshot {
	b.Helper()
	return feed.Snapshot{
		Channel: "canteen", Title: "Stimme unserer Kunden", Language: "de",
		GeneratedAt: time.Now().Add(-time.Minute), Revision: fmt.Sprintf("bench-static-%v", ticker),
		Slides: []feed.Slide{{Kind: "comments", Seconds: 600}},
		Comments: []feed.Comment{{ID: "b1", Scale: feed.ScaleNPS, Score: 10, Touchpoint: "Kantine",
			Text:      "Das Mittagessen war heute ausgezeichnet, vielen Dank an das ganze Team!",
			CreatedAt: time.Now().Add(-time.Hour)}},
		Ticker: ticker,
	}
}

// demoSnapshotFast is the demo snapshot (every kind of slide) with every
// slide at the shortest hold.
func demoSnapshotFast(b *testing.B) feed.Snapshot {
	b.Helper()
	f, err := os.Open(demoSnapshot)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		b.Fatal(err)
	}
	var s feed.Snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		b.Fatal(err)
	}
	for i := range s.Slides {
		s.Slides[i].Seconds = 3
	}
	s.Revision = "bench-fast"
	return s
}
