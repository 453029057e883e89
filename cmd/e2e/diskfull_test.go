package e2e_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/store"
)

// smallDisk mounts a tmpfs of size bytes at a new folder and returns it;
// the test is skipped where mounting is not allowed (not root, or a
// container without CAP_SYS_ADMIN).
func smallDisk(tb testing.TB, size int) string {
	tb.Helper()
	dir := tb.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		tb.Skipf("a full disk needs a small tmpfs, and mounting one failed here: %v %s", err, out)
	}
	tb.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file at path until the disk has no room left.
func fill(tb testing.TB, path string) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !strings.Contains(err.Error(), "no space") {
				tb.Fatalf("filling the disk: %v", err)
			}
			break
		}
	}
	// The last few KB: smaller writes fill what a chunk could not.
	small := make([]byte, 512)
	for {
		if _, err := f.Write(small); err != nil {
			return
		}
	}
}

// TestDiskFull fills the disk under the server: ingest answers 503 with a
// clear error, /healthz says why, nothing acknowledged is lost, and once
// space returns the server takes answers again by itself.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	disk := smallDisk(t, 24<<20)
	dir := t.TempDir()
	bin := buildFeed(t, dir)
	db := filepath.Join(disk, "feed.db")
	cfg := filepath.Join(dir, "feed.yaml")
	os.WriteFile(cfg, []byte(feedYAMLFor(t, db)), 0o600)
	lines := make(chan string, 256)
	cmd := start(t, nil, lines, bin, "serve", "--config", cfg)
	addr := waitAddr(t, lines)

	post := func(batch int) (int, string, []string) {
		ids := make([]string, 100)
		items := make([]map[string]any, len(ids))
		for i := range items {
			ids[i] = fmt.Sprintf("full-%d-%d", batch, i)
			items[i] = map[string]any{"id": ids[i], "score": i % 11,
				"comment": strings.Repeat("Die Lieferung kam pünktlich und der Fahrer war freundlich. ", 8)}
		}
		body, _ := json.Marshal(items)
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer e2e-survey")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST: %v", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), ids
	}
	health := func() string {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}

	var acked []string
	batch := 0
	for ; batch < 5; batch++ {
		code, body, ids := post(batch)
		if code != http.StatusAccepted {
			t.Fatalf("POST with room on the disk = %d %s", code, body)
		}
		acked = append(acked, ids...)
	}
	fill(t, filepath.Join(disk, "filler"))
	full := false
	for tries := 0; tries < 200 && !full; tries, batch = tries+1, batch+1 {
		code, body, ids := post(batch)
		switch code {
		case http.StatusAccepted:
			acked = append(acked, ids...) // it still fitted in the file's free pages
		case http.StatusServiceUnavailable:
			if !strings.Contains(body, "disk is full") {
				t.Errorf("503 says %s, want that the disk is full", body)
			}
			full = true
		default:
			t.Fatalf("POST on a full disk = %d %s, want 202 or 503", code, body)
		}
	}
	if !full {
		t.Fatal("200 batches went into a full disk")
	}
	if h := health(); !strings.Contains(h, `"status":"degraded"`) || !strings.Contains(h, "disk full") {
		t.Errorf("/healthz on a full disk = %s, want degraded saying disk full", h)
	}

	// Space returns: /healthz notices by itself, and answers go in again.
	os.Remove(filepath.Join(disk, "filler"))
	deadline := time.Now().Add(30 * time.Second)
	for h := health(); strings.Contains(h, `"store"`); h = health() {
		if time.Now().After(deadline) {
			t.Fatalf("/healthz after space returned = %s, want the store ok", h)
		}
		time.Sleep(200 * time.Millisecond)
	}
	code, body, ids := post(batch)
	if code != http.StatusAccepted {
		t.Fatalf("POST after space returned = %d %s, want 202", code, body)
	}
	acked = append(acked, ids...)
	if h := health(); !strings.Contains(h, `"status":"ok"`) {
		t.Errorf("/healthz after a good POST = %s, want ok", h)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	st, err := store.Open(db)
	if err != nil {
		t.Fatalf("open the store after the disk was full: %v", err)
	}
	defer st.Close()
	for _, id := range acked {
		if _, ok, err := st.Lookup("survey", id); err != nil || !ok {
			t.Fatalf("acknowledged answer %s is not stored (err %v)", id, err)
		}
	}
	t.Logf("%d acknowledged answers kept through a full disk", len(acked))
}
