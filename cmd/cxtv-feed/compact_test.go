package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/store"
)

// After retention deleted most answers, compact gives the space back and
// keeps every answer left; while the store is open it refuses, saying how
// to stop the server.
func TestCompact(t *testing.T) {
	e := newImportEnv(t)
	st, err := store.Open(e.data)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var items []feed.Feedback
	for i := range 20000 {
		items = append(items, feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: i % 11,
			Comment: strings.Repeat("Die Suppe war heute leider kalt. ", 3), CreatedAt: now.Add(-time.Duration(i) * time.Minute)})
	}
	if _, err := st.AddFeedback(items); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteBefore(now.Add(-100 * time.Minute)); err != nil {
		t.Fatal(err)
	}

	var out, errOut strings.Builder
	err = run(context.Background(), []string{"compact", "--config", e.config}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "systemctl stop cxtv-feed") {
		t.Errorf("compact of an open store = %v, want it refused, saying to stop the server", err)
	}
	st.Close()

	before, _ := os.Stat(e.data)
	out.Reset()
	if err := run(context.Background(), []string{"compact", "--config", e.config}, &out, &errOut); err != nil {
		t.Fatalf("compact: %v\n%s", err, errOut.String())
	}
	after, _ := os.Stat(e.data)
	if !regexp.MustCompile(`^compacted .*feed\.db: [0-9.]+ MB → [0-9.]+ kB\n$`).MatchString(out.String()) || after.Size()*4 > before.Size() {
		t.Errorf("compact said %q; file %d → %d bytes, want it a quarter or less", out.String(), before.Size(), after.Size())
	}
	if got := e.stored(t); len(got) != 101 || got[0].ID != "0" || got[100].ID != "100" {
		t.Errorf("after compact %d answers are stored, want the 101 of the last 100 minutes", len(got))
	}
}
