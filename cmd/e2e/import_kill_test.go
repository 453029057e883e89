package e2e_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/store"
)

// TestImportKilled kills `cxtv-feed import` with SIGKILL part way through
// a large file, later in each round: whether it had committed some of
// the file or none, the next open of the store leaves what the store held
// before. Some round must have killed it after a commit.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	dir := t.TempDir()
	bin := buildFeed(t, dir)
	small := writeCSV(t, filepath.Join(dir, "small.csv"), 3, "keep")
	big := writeCSV(t, filepath.Join(dir, "big.csv"), 400_000, "big")

	undone := 0
	for round, delay := 0, 200*time.Millisecond; undone == 0; round, delay = round+1, delay*3/2 {
		db := filepath.Join(dir, fmt.Sprintf("feed-%d.db", round))
		cfg := writeBenchConfig(t, dir, "127.0.0.1:0", db)
		if out, err := exec.Command(bin, "import", "--config", cfg, "--source", "survey", small).CombinedOutput(); err != nil {
			t.Fatalf("first import: %v\n%s", err, out)
		}
		cmd := exec.Command(bin, "import", "--config", cfg, "--source", "survey", big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case err := <-exited:
			t.Fatalf("round %d: the import ended (%v) within %v, before any kill found a commit to undo", round, err, delay)
		case <-time.After(delay):
		}
		cmd.Process.Kill()
		<-exited

		st, err := store.Open(db)
		if err != nil {
			t.Fatalf("round %d: open the store after the kill: %v", round, err)
		}
		undone = st.Undone()
		n, err := st.CountFeedback()
		if err != nil || n != 3 {
			t.Errorf("round %d: after a kill at %v the store holds %d answers (%v), want the 3 from before", round, delay, n, err)
		}
		for i := range 3 {
			if _, ok, err := st.Lookup("survey", fmt.Sprintf("keep-%d", i)); err != nil || !ok {
				t.Errorf("round %d: keep-%d after the kill: %v, %v", round, i, ok, err)
			}
		}
		st.Close()
		t.Logf("round %d: killed after %v, the open took out %d answers", round, delay, undone)
	}
}

// writeCSV writes a CSV of n answers in the bench config's columns, with
// ids prefix-0, prefix-1…
func writeCSV(tb testing.TB, path string, n int, prefix string) string {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id;created_at;score;comment;touchpoint")
	start := time.Now().UTC().Add(-30 * 24 * time.Hour).Truncate(time.Second)
	for i := range n {
		fmt.Fprintf(w, "%s-%d;%s;%d;Antwort %d, die Suppe war heute wieder gut;Kasse\n",
			prefix, i, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339), i%11, i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}
