package e2e_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/store"
)

// TestKill9KeepsAcknowledgedAnswers posts batches from several clients,
// kills the server with SIGKILL while they are in flight, and checks that
// every answer the server acknowledged with 202 is in the store afterwards,
// over several rounds on the same file.
func TestKill9KeepsAcknowledgedAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	dir := t.TempDir()
	bin := buildFeed(t, dir)
	db := filepath.Join(dir, "feed.db")
	cfg := filepath.Join(dir, "feed.yaml")
	os.WriteFile(cfg, []byte(feedYAMLFor(t, db)), 0o600)

	var acked []string // ids acknowledged with 202, over all rounds
	for round := range 3 {
		lines := make(chan string, 64)
		cmd := start(t, nil, lines, bin, "serve", "--config", cfg)
		addr := waitAddr(t, lines)
		acked = append(acked, postUntilKilled(t, cmd, addr, round)...)
	}
	if len(acked) == 0 {
		t.Fatal("no batch was acknowledged before the kills")
	}

	st, err := store.Open(db)
	if err != nil {
		t.Fatalf("open the store after kill -9: %v", err)
	}
	defer st.Close()
	missing := 0
	for _, id := range acked {
		if _, ok, err := st.Lookup("survey", id); err != nil || !ok {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged answer %s is not stored (err %v)", id, err)
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged answers lost", missing, len(acked))
	}
	t.Logf("%d acknowledged answers survived 3 kills", len(acked))
}

// postUntilKilled posts batches of 50 from 4 clients, kills the server
// after 20 acknowledged batches, and returns the acknowledged ids.
func postUntilKilled(t *testing.T, cmd *exec.Cmd, addr string, round int) []string {
	t.Helper()
	const clients, batch, killAfter = 4, 50, 20
	var (
		mu      sync.Mutex
		acked   []string
		batches int
		killed  = make(chan struct{})
		once    sync.Once
		wg      sync.WaitGroup
	)
	kill := func() { once.Do(func() { cmd.Process.Kill(); close(killed) }) }
	client := &http.Client{Timeout: 10 * time.Second}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; ; b++ {
				select {
				case <-killed:
					return
				default:
				}
				ids := make([]string, batch)
				items := make([]map[string]any, batch)
				for i := range items {
					ids[i] = fmt.Sprintf("r%d-c%d-b%d-%d", round, c, b, i)
					items[i] = map[string]any{"id": ids[i], "score": i % 11, "comment": "Durability"}
				}
				body, _ := json.Marshal(items)
				req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(string(body)))
				req.Header.Set("Authorization", "Bearer e2e-survey")
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					t.Errorf("POST = %d, want 202", resp.StatusCode)
					kill()
					return
				}
				mu.Lock()
				acked = append(acked, ids...)
				batches++
				if batches == killAfter {
					kill()
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-killed:
	case <-time.After(60 * time.Second):
		kill()
		t.Error("the server did not acknowledge 20 batches within a minute")
	}
	wg.Wait()
	cmd.Wait()
	return acked
}

// buildFeed builds cxtv-feed into dir.
func buildFeed(tb testing.TB, dir string) string {
	tb.Helper()
	bin := filepath.Join(dir, "cxtv-feed")
	if b, err := exec.Command("go", "build", "-o", bin, "github.com/cxtv/cxtv/cmd/cxtv-feed").CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, b)
	}
	return bin
}

// TestSIGTERMDuringBatch stops the server with SIGTERM while a batch of
// 1,000 answers is on its way in, at several moments: the batch is either
// acknowledged and stored whole, or not acknowledged and not stored at
// all, and the server exits cleanly.
func TestSIGTERMDuringBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	const batch = 1000
	dir := t.TempDir()
	bin := buildFeed(t, dir)
	db := filepath.Join(dir, "feed.db")
	cfg := filepath.Join(dir, "feed.yaml")
	os.WriteFile(cfg, []byte(feedYAMLFor(t, db)), 0o600)

	acked := 0
	for round, delay := range []time.Duration{0, time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 100 * time.Millisecond} {
		lines := make(chan string, 64)
		cmd := start(t, nil, lines, bin, "serve", "--config", cfg)
		addr := waitAddr(t, lines)

		items := make([]map[string]any, batch)
		for i := range items {
			items[i] = map[string]any{"id": fmt.Sprintf("t%d-%d", round, i), "score": i % 11,
				"comment": "Die Lieferung kam pünktlich, der Fahrer war sehr freundlich und hat das Paket bis in den dritten Stock getragen."}
		}
		body, _ := json.Marshal(items)
		code := make(chan int, 1)
		go func() {
			req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(string(body)))
			req.Header.Set("Authorization", "Bearer e2e-survey")
			resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
			if err != nil {
				code <- 0
				return
			}
			resp.Body.Close()
			code <- resp.StatusCode
		}()
		time.Sleep(delay)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		got := <-code
		if err := cmd.Wait(); err != nil {
			t.Errorf("round %d: the server exited with %v after SIGTERM, want 0", round, err)
		}

		st, err := store.Open(db)
		if err != nil {
			t.Fatalf("round %d: open the store after SIGTERM: %v", round, err)
		}
		stored := 0
		for i := range batch {
			if _, ok, err := st.Lookup("survey", fmt.Sprintf("t%d-%d", round, i)); err == nil && ok {
				stored++
			}
		}
		st.Close()
		switch {
		case got == http.StatusAccepted && stored != batch:
			t.Errorf("round %d (SIGTERM after %v): acknowledged, but %d of %d stored", round, delay, stored, batch)
		case got != http.StatusAccepted && stored != 0:
			t.Errorf("round %d (SIGTERM after %v): answered %d, yet %d of %d stored", round, delay, got, stored, batch)
		}
		if got == http.StatusAccepted {
			acked++
		}
		t.Logf("round %d: SIGTERM after %v: status %d, %d stored", round, delay, got, stored)
	}
	t.Logf("%d of 6 batches acknowledged", acked)
}
