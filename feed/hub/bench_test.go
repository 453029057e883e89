package hub_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/hub"
)

// The screens of the broadcast benchmark live in a child process (this test
// binary again, running TestBroadcastClients): one process could not hold
// both ends of 10,000 connections within its file limit, and the server's
// memory per connection is only measurable without the clients beside it.
const clientsEnv = "CXTV_BENCH_CLIENTS" // "ws-url n"

// TestBroadcastClients is the child: it connects n screens, prints "ready",
// then for every message prints "seq unix-nanos" once all n have it.
func TestBroadcastClients(t *testing.T) {
	spec := os.Getenv(clientsEnv)
	if spec == "" {
		t.Skip("helper process of BenchmarkBroadcast")
	}
	var url string
	var n int
	fmt.Sscan(spec, &url, &n)
	dialer := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 256}
	// Per message, how many screens have it; sequence numbers are small.
	var got [1 << 16]atomic.Int32
	var outMu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	for i := 0; i < n; i++ {
		c, _, err := dialer.Dial(url, nil)
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		go func() {
			buf := make([]byte, 0, 16<<10) // reused: garbage here would slow the broadcast under test
			for {
				_, r, err := c.NextReader()
				if err != nil {
					return
				}
				buf = buf[:0]
				for {
					if len(buf) == cap(buf) {
						buf = append(buf, 0)[:len(buf)]
					}
					k, err := r.Read(buf[len(buf):cap(buf)])
					buf = buf[:len(buf)+k]
					if err != nil {
						break
					}
				}
				// Decoding every copy would measure this process's JSON
				// decoder, not the broadcast; the revision is enough.
				seq := revisionOf(buf)
				if seq < 0 || seq >= len(got) {
					continue
				}
				if got[seq].Add(1) == int32(n) {
					outMu.Lock()
					fmt.Fprintf(out, "%d %d\n", seq, time.Now().UnixNano())
					out.Flush()
					outMu.Unlock()
				}
			}
		}()
	}
	fmt.Fprintln(out, "ready")
	out.Flush()
	io.Copy(io.Discard, os.Stdin) // until the parent is done
}

var revisionKey = []byte(`"revision":"`)

func revisionOf(data []byte) int {
	_, after, ok := bytes.Cut(data, revisionKey)
	if !ok {
		return -1
	}
	end := bytes.IndexByte(after, '"')
	if end < 0 {
		return -1
	}
	n, _ := strconv.Atoi(string(after[:end]))
	return n
}

func BenchmarkBroadcast(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("screens=%d", n), func(b *testing.B) { benchBroadcast(b, n) })
	}
}

func benchBroadcast(b *testing.B, n int) {
	h := hub.New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeWS(w, r, "c", 0) }))
	defer func() { cancel(); <-done; srv.Close() }()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutinesBefore := runtime.NumGoroutine()

	child := exec.Command(os.Args[0], "-test.run=^TestBroadcastClients$", "-test.v=false")
	child.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d", clientsEnv, "ws"+strings.TrimPrefix(srv.URL, "http"), n))
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); child.Wait() }()
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && lines.Text() != "ready" {
	}
	for h.Connected() != n {
		time.Sleep(10 * time.Millisecond)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	perConn := float64(after.HeapInuse+after.StackInuse-before.HeapInuse-before.StackInuse) / float64(n)

	// A snapshot of a realistic size: 20 comments of about 200 characters.
	snap := feed.Snapshot{Channel: "c", Title: "Stimme unserer Kunden"}
	for i := 0; i < 20; i++ {
		snap.Comments = append(snap.Comments, feed.Comment{ID: strconv.Itoa(i), Text: strings.Repeat("Sehr freundliche Beratung. ", 8), Scale: feed.ScaleNPS, Score: 9})
	}
	var seq atomic.Int64
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := seq.Add(1)
		snap.Revision = strconv.FormatInt(s, 10)
		start := time.Now()
		if err := h.Publish("c", snap); err != nil {
			b.Fatal(err)
		}
		if !lines.Scan() {
			b.Fatal("client process ended")
		}
		var gotSeq, at int64
		fmt.Sscan(lines.Text(), &gotSeq, &at)
		if gotSeq != s {
			b.Fatalf("client finished message %d, want %d", gotSeq, s)
		}
		lat = append(lat, time.Unix(0, at).Sub(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(perConn/1024, "KiB/conn")
	b.ReportMetric(float64(runtime.NumGoroutine()-goroutinesBefore)/float64(n), "goroutines/conn")
}
