package e2e_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// benchServer is a running `cxtv-feed serve` on a copy of the bench store.
type benchServer struct {
	cmd     *exec.Cmd
	addr    string
	healthy time.Duration // from exec until /healthz first answered 200
	ready   time.Duration // and until it no longer said "starting": the snapshots are built

	mu   sync.Mutex
	logs []string // stderr until healthy, each line with its offset from exec
	seq  int      // POSTs made, numbering their markers
}

// startBenchServer copies store and starts the server on the copy; it
// returns once /healthz answers. The server inherits this process's file
// limit (the Go runtime raises the soft limit to the hard one, in it and
// in us): 10,000 screens need that many descriptors on each side.
func startBenchServer(tb testing.TB, store string) *benchServer {
	tb.Helper()
	dir := tb.TempDir()
	db := copyStore(tb, store, dir)
	s := &benchServer{addr: freeAddr(tb)}
	cfg := writeBenchConfig(tb, dir, s.addr, db)
	s.cmd = exec.Command(feedBinary(tb), "serve", "--config", cfg)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var healthy atomic.Bool
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		lines := bufio.NewScanner(stderr)
		for lines.Scan() {
			if !healthy.Load() {
				s.mu.Lock()
				s.logs = append(s.logs, fmt.Sprintf("%6.2f %s", time.Since(start).Seconds(), lines.Text()))
				s.mu.Unlock()
			}
		}
	}()
	tb.Cleanup(func() {
		s.cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
		s.cmd.Wait()
	})
	deadline := start.Add(5 * time.Minute)
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get("http://" + s.addr + "/healthz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && s.healthy == 0 {
				s.healthy = time.Since(start)
			}
			if resp.StatusCode == http.StatusOK && !strings.Contains(string(body), `"starting":true`) {
				break
			}
		}
		if s.cmd.ProcessState != nil || time.Now().After(deadline) {
			tb.Fatalf("cxtv-feed serve: /healthz did not answer 200 and stop starting within 5 minutes (last: %v)\n%s", err, s.startLog())
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.ready = time.Since(start)
	healthy.Store(true)
	return s
}

func (s *benchServer) startLog() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.logs, "\n")
}

// rss is the server's resident memory now (VmRSS).
func (s *benchServer) rss(tb testing.TB) int64 {
	tb.Helper()
	return s.status(tb, "VmRSS")
}

// memory says the server's resident memory and what of it is the store
// file that bbolt maps (RssFile: page cache, which the kernel takes back
// when it needs it) and the process's own (RssAnon).
func (s *benchServer) memory(tb testing.TB) string {
	tb.Helper()
	return fmt.Sprintf("%s: %s own, %s the mapped store file", mb(s.status(tb, "VmRSS")), mb(s.status(tb, "RssAnon")), mb(s.status(tb, "RssFile")))
}

// status is a field of /proc/PID/status given in kB, in bytes.
func (s *benchServer) status(tb testing.TB, field string) int64 {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024
		}
	}
	tb.Fatalf("no %s in /proc/PID/status", field)
	return 0
}

// marker is a word unique to POST seq, made of letters: digits in a
// comment could be redacted as a number.
func marker(seq int) string {
	b := []byte("zqbench")
	for {
		b = append(b, byte('a'+seq%26))
		if seq /= 26; seq == 0 {
			return string(b)
		}
	}
}

// metric is the value of a sample of the server's /metrics, such as
// "cxtv_themes_count_seconds_count"; 0 when it has none yet.
func (s *benchServer) metric(tb testing.TB, name string) float64 {
	tb.Helper()
	resp, err := http.Get("http://" + s.addr + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// post stores one comment carrying a new marker and returns the marker.
func (s *benchServer) post(tb testing.TB) (seq int, body string) {
	s.mu.Lock()
	s.seq++
	seq = s.seq
	s.mu.Unlock()
	return seq, fmt.Sprintf(`{"id":"post-%d","score":9,"touchpoint":"Kasse","comment":"Heute war das Essen in der Kantine wirklich gut, Kennwort %s."}`, seq, marker(seq))
}

// round is one POST the screens wait for.
type round struct {
	seq    int
	marker []byte
	left   atomic.Int64 // screens that have not seen it yet
	done   chan struct{}
	at     time.Time // when the last screen saw it; written before done closes
}

// screenSet is n WebSocket screens of the bench channel. Each has one
// reader goroutine, which checks each snapshot for the current round's
// marker; the last to see it closes the round.
type screenSet struct {
	n       int
	cur     atomic.Pointer[round]
	first   atomic.Int64 // screens that have had a snapshot
	dropped atomic.Int64 // connections that ended
	conns   []*websocket.Conn
}

// dialScreens connects n screens and returns once each has its first
// snapshot.
func dialScreens(tb testing.TB, srv *benchServer, n int) *screenSet {
	tb.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil {
		if lim.Cur < uint64(n)+256 && lim.Max >= uint64(n)+256 {
			lim.Cur = lim.Max
			syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
		}
		if lim.Max < uint64(n)+256 {
			tb.Skipf("%d screens need %d open files, the hard limit is %d (raise it: ulimit -Hn)", n, n+256, lim.Max)
		}
	}
	set := &screenSet{n: n, conns: make([]*websocket.Conn, n)}
	url := "ws://" + srv.addr + "/api/v1/channels/canteen/ws"
	header := http.Header{"Authorization": {"Bearer bench-canteen"}}
	dialer := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 256}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				c, resp, err := dialer.Dial(url, header)
				if err != nil {
					if resp != nil {
						err = fmt.Errorf("%w (HTTP %d)", err, resp.StatusCode)
					}
					errs <- fmt.Errorf("dial screen %d: %w", i, err)
					return
				}
				set.conns[i] = c
				go set.read(c)
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		for _, c := range set.conns {
			c.Close()
		}
	})
	deadline := time.Now().Add(2 * time.Minute)
	for set.first.Load() < int64(n) {
		if time.Now().After(deadline) {
			tb.Fatalf("%d of %d screens had a snapshot after 2 minutes", set.first.Load(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return set
}

func (set *screenSet) read(c *websocket.Conn) {
	defer set.dropped.Add(1)
	var buf bytes.Buffer
	seen, got := 0, false
	for {
		_, r, err := c.NextReader()
		if err != nil {
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return
		}
		if !got {
			got = true
			set.first.Add(1)
		}
		rd := set.cur.Load()
		if rd == nil || rd.seq <= seen || !bytes.Contains(buf.Bytes(), rd.marker) {
			continue
		}
		seen = rd.seq
		if rd.left.Add(-1) == 0 {
			rd.at = time.Now()
			close(rd.done)
		}
	}
}

// measurePosts posts count comments, one at a time, each after gap from
// the moment the previous one reached the last screen, and returns the
// time from just before each POST until the last screen's snapshot had it.
// One POST before them is not measured: it makes the first measured one
// follow another, like the rest.
func measurePosts(tb testing.TB, srv *benchServer, set *screenSet, count int, gap time.Duration) latencies {
	tb.Helper()
	var l latencies
	for i := -1; i < count; i++ {
		seq, body := srv.post(tb)
		rd := &round{seq: seq, marker: []byte(marker(seq)), done: make(chan struct{})}
		rd.left.Store(int64(set.n))
		set.cur.Store(rd)
		start := time.Now()
		postFeedbackAs(tb, srv.addr, "bench-survey", body)
		select {
		case <-rd.done:
			if i >= 0 {
				l.samples = append(l.samples, rd.at.Sub(start))
			}
		case <-time.After(sampleTimeout):
			if i >= 0 {
				l.lost++
			}
			tb.Logf("POST %d: %d of %d screens had it after %s (%d connections ended)",
				seq, int64(set.n)-rd.left.Load(), set.n, sampleTimeout, set.dropped.Load())
		}
		time.Sleep(gap)
	}
	return l
}

// postFeedbackAs posts one feedback object with a source's token.
func postFeedbackAs(tb testing.TB, addr, token, body string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	var msg bytes.Buffer
	msg.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		tb.Fatalf("POST feedback = %d %s, want 202", resp.StatusCode, msg.String())
	}
}

// envList is the comma-separated positive counts of the environment
// variable name, or def when it is not set.
func envList(tb testing.TB, name string, def []int) []int {
	tb.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(f), "_", ""))
		if err != nil || n <= 0 {
			tb.Fatalf("%s=%q: want counts like 1000,10000", name, s)
		}
		out = append(out, n)
	}
	return out
}
