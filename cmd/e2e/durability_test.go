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
	bin := filepath.Join(dir, "cxtv-feed")
	if b, err := exec.Command("go", "build", "-o", bin, "github.com/cxtv/cxtv/cmd/cxtv-feed").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
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
