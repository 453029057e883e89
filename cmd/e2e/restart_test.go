package e2e_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/client"
)

// TestServerRestartWith1000Screens restarts the real server under 1,000
// connected screens (display clients in this process): every screen is
// back within 30 s, their reconnects are spread (no second holds more
// than a fifth of them), and no screen is handed an empty snapshot
// meanwhile: each keeps the content it had.
func TestServerRestartWith1000Screens(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	const screens = 1000
	dir := t.TempDir()
	bin := buildFeed(t, dir)
	addr := freeAddr(t)
	feedYAML := filepath.Join(dir, "feed.yaml")
	cfg := strings.Replace(feedYAMLFor(t, filepath.Join(dir, "feed.db")), `"127.0.0.1:0"`, fmt.Sprintf("%q", addr), 1)
	if err := os.WriteFile(feedYAML, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	startFeed := func() *exec.Cmd {
		lines := make(chan string, 64)
		cmd := start(t, nil, lines, bin, "serve", "--config", feedYAML)
		waitAddr(t, lines)
		return cmd
	}
	server := startFeed()
	postFeedback(t, addr, `{"id":"restart-1","score":9,"touchpoint":"Kantine","comment":"Die Salatbar ist jeden Tag frisch"}`)

	var (
		mu      sync.Mutex
		online  = make([]time.Time, screens) // last time each came online
		blank   []string
		content = make([]bool, screens)
	)
	begin := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	for i := range screens {
		c, err := client.New(client.Options{
			Server: "http://" + addr, Channel: "canteen", Token: "e2e-canteen",
			Device: fmt.Sprintf("screen-%04d", i), Version: "e2e", Logger: slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(3)
		go func() { defer wg.Done(); c.Run(ctx) }()
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case r := <-c.Snapshots():
					mu.Lock()
					if len(r.Snapshot.Comments) == 0 {
						blank = append(blank, fmt.Sprintf("screen %d got revision %q without comments", i, r.Snapshot.Revision))
					} else {
						content[i] = true
					}
					mu.Unlock()
				}
			}
		}()
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case st := <-c.States():
					if st.Online {
						mu.Lock()
						online[i] = time.Now()
						mu.Unlock()
					}
				}
			}
		}()
	}
	// waitAll waits until every screen has come online after since and has
	// its content, and returns when each did.
	waitAll := func(since time.Time, within time.Duration) []time.Time {
		t.Helper()
		deadline := since.Add(within)
		for {
			mu.Lock()
			n := 0
			for i, at := range online {
				if at.After(since) && content[i] {
					n++
				}
			}
			at := append([]time.Time(nil), online...)
			mu.Unlock()
			if n == screens {
				return at
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d screens back within %v", n, screens, within)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitAll(begin, 2*time.Minute)

	// The restart: stopped, and started again at once.
	down := time.Now()
	server.Process.Signal(syscall.SIGTERM)
	server.Wait()
	startFeed()
	back := waitAll(down, 30*time.Second)

	perSecond := map[int]int{}
	last := 0
	for _, at := range back {
		s := int(at.Sub(down) / time.Second)
		perSecond[s]++
		last = max(last, s)
	}
	most := 0
	var line []string
	for s := 0; s <= last; s++ {
		line = append(line, fmt.Sprintf("%ds:%d", s, perSecond[s]))
		most = max(most, perSecond[s])
	}
	t.Logf("reconnects per second after the restart: %s", strings.Join(line, " "))
	if most > screens/5 {
		t.Errorf("%d screens reconnected within one second, more than a fifth of %d", most, screens)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(blank) > 0 {
		t.Errorf("%d empty snapshots handed to screens, e.g. %s", len(blank), blank[0])
	}
}
