package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/store"
)

// MustOpen opens a store in a temporary folder, closed when the test ends.
func MustOpen(tb testing.TB, path string) *store.Store {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "feed.db")
	}
	s, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func answer(id string, age time.Duration) feed.Feedback {
	return feed.Feedback{ID: id, Source: "survey", Scale: feed.ScaleNPS, Score: 9, Comment: "gut " + id, CreatedAt: t0.Add(-age)}
}

func all(tb testing.TB, s *store.Store) []string {
	tb.Helper()
	var ids []string
	if err := s.Feedback(time.Time{}, func(f feed.Feedback) error { ids = append(ids, f.ID); return nil }); err != nil {
		tb.Fatal(err)
	}
	return ids
}

func TestAddFeedbackDuplicates(t *testing.T) {
	s := MustOpen(t, "")
	got, err := s.AddFeedback([]feed.Feedback{answer("a", time.Hour), answer("b", 2*time.Hour), answer("a", time.Hour)})
	if err != nil || got.New != 2 || got.Updated != 0 || got.Duplicates != 1 {
		t.Fatalf("AddFeedback = %+v, %v; want 2 new, 1 duplicate", got, err)
	}
	// The same id from another source is a different answer.
	other := answer("a", time.Minute)
	other.Source = "reviews"
	other.Scale, other.Score = feed.ScaleStars, 4
	got, err = s.AddFeedback([]feed.Feedback{answer("b", 2*time.Hour), other})
	if err != nil || got.New != 1 || got.Updated != 0 || got.Duplicates != 1 {
		t.Fatalf("AddFeedback again = %+v, %v; want 1 new, 1 duplicate", got, err)
	}
	if got := all(t, s); len(got) != 3 || got[0] != "a" || got[2] != "b" {
		t.Errorf("Feedback order = %v, want newest first: a (reviews), a, b", got)
	}
}

// A tool's later version of an answer replaces the stored one, wherever
// its creation time puts it; a repeat or an older version changes nothing.
func TestAddFeedbackUpdates(t *testing.T) {
	s := MustOpen(t, "")
	first := answer("r1", time.Hour)
	first.Comment = ""
	if _, err := s.AddFeedback([]feed.Feedback{first}); err != nil {
		t.Fatal(err)
	}
	commented := first
	commented.Comment = "Die Lieferung kam einen Tag zu spät."
	commented.UpdatedAt = t0.Add(-50 * time.Minute)
	later := commented
	later.Score, later.UpdatedAt = 3, t0.Add(-40*time.Minute)
	moved := later
	moved.CreatedAt, moved.UpdatedAt = t0.Add(-3*time.Hour), t0.Add(-30*time.Minute)

	for _, tc := range []struct {
		name  string
		batch []feed.Feedback
		want  store.Added
		score int
		text  string
	}{
		{"comment arrives in an update", []feed.Feedback{commented}, store.Added{Updated: 1}, 9, commented.Comment},
		{"same update delivered again", []feed.Feedback{commented}, store.Added{Duplicates: 1}, 9, commented.Comment},
		{"the first version again", []feed.Feedback{first}, store.Added{Duplicates: 1}, 9, commented.Comment},
		{"newer time, same content", []feed.Feedback{func() feed.Feedback { f := commented; f.UpdatedAt = t0; return f }()}, store.Added{Duplicates: 1}, 9, commented.Comment},
		{"two versions in one batch", []feed.Feedback{later, commented}, store.Added{Updated: 1, Duplicates: 1}, 3, commented.Comment},
		{"created_at changed", []feed.Feedback{moved}, store.Added{Updated: 1}, 3, commented.Comment},
	} {
		got, err := s.AddFeedback(tc.batch)
		written := got.Written
		got.Written = nil
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Fatalf("%s: AddFeedback = %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
		// The publisher is handed the version stored, nothing else.
		if len(written) != got.Stored() || len(written) == 1 && (written[0].Score != tc.score || !written[0].UpdatedAt.Equal(tc.batch[0].UpdatedAt)) {
			t.Fatalf("%s: written = %+v, want the %d stored versions", tc.name, written, got.Stored())
		}
		var stored []feed.Feedback
		s.Feedback(time.Time{}, func(f feed.Feedback) error { stored = append(stored, f); return nil })
		if len(stored) != 1 || stored[0].Score != tc.score || stored[0].Comment != tc.text {
			t.Fatalf("%s: stored = %+v, want one answer scored %d saying %q", tc.name, stored, tc.score, tc.text)
		}
	}
	if f, ok, _ := s.Lookup("survey", "r1"); !ok || !f.CreatedAt.Equal(moved.CreatedAt) {
		t.Errorf("Lookup after the move = %+v, %v; want the moved version", f, ok)
	}
	if n, _ := s.CountFeedback(); n != 1 {
		t.Errorf("CountFeedback = %d, want 1", n)
	}
}

func TestInvalidBatchStoresNothing(t *testing.T) {
	s := MustOpen(t, "")
	if _, err := s.AddFeedback([]feed.Feedback{answer("keep", time.Hour)}); err != nil {
		t.Fatal(err)
	}
	bad := answer("bad", 0)
	bad.Score = 11
	_, err := s.AddFeedback([]feed.Feedback{answer("x", time.Minute), bad})
	if err == nil {
		t.Fatal("AddFeedback with score 11 = nil error")
	}
	if got := all(t, s); len(got) != 1 || got[0] != "keep" {
		t.Errorf("after a rejected batch the store holds %v, want only [keep]", got)
	}
}

func TestSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "feed.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFeedback([]feed.Feedback{answer("a", 0)}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddKPIs([]feed.KPI{{Name: "Wartezeit", Value: 42, Unit: "s", At: t0}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = MustOpen(t, path)
	if got := all(t, s); len(got) != 1 {
		t.Errorf("after reopen: %v, want [a]", got)
	}
	kpis, err := s.KPIs()
	if err != nil || len(kpis) != 1 || kpis[0].Value != 42 {
		t.Errorf("KPIs after reopen = %v, %v; want the one stored", kpis, err)
	}
}

func TestFeedbackSinceAndStop(t *testing.T) {
	s := MustOpen(t, "")
	var batch []feed.Feedback
	for i, id := range []string{"1", "2", "3", "4"} {
		batch = append(batch, answer(id, time.Duration(i)*24*time.Hour))
	}
	if _, err := s.AddFeedback(batch); err != nil {
		t.Fatal(err)
	}
	var got []string
	s.Feedback(t0.Add(-36*time.Hour), func(f feed.Feedback) error { got = append(got, f.ID); return nil })
	if len(got) != 2 {
		t.Errorf("Feedback(since 36h ago) = %v, want [1 2]", got)
	}
	got = nil
	s.Feedback(time.Time{}, func(f feed.Feedback) error { got = append(got, f.ID); return store.ErrStop })
	if len(got) != 1 {
		t.Errorf("Feedback stopped after one = %v, want [1]", got)
	}
}

func TestDeleteBefore(t *testing.T) {
	s := MustOpen(t, "")
	s.AddFeedback([]feed.Feedback{answer("new", time.Hour), answer("old", 400*24*time.Hour), answer("older", 500*24*time.Hour)})
	n, err := s.DeleteBefore(t0.Add(-365 * 24 * time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("DeleteBefore = %d, %v; want 2", n, err)
	}
	if got := all(t, s); len(got) != 1 || got[0] != "new" {
		t.Errorf("after DeleteBefore: %v, want [new]", got)
	}
	// A deleted id may come again (it is a new answer then, not a duplicate).
	if added, _ := s.AddFeedback([]feed.Feedback{answer("old", time.Minute)}); added.New != 1 {
		t.Errorf("re-adding a deleted id counted %+v, want 1 new", added)
	}
}

func TestDeleteKPIsBefore(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "feed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if err := st.AddKPIs([]feed.KPI{
		{Name: "Wartezeit", Value: 3, At: now.AddDate(0, 0, -400)},
		{Name: "Wartezeit", Value: 2, At: now.AddDate(0, 0, -1)},
		{Name: "Quote", Value: 78, At: now.AddDate(0, 0, -500)},
	}); err != nil {
		t.Fatal(err)
	}
	n, err := st.DeleteKPIsBefore(now.AddDate(0, 0, -365))
	if err != nil || n != 2 {
		t.Fatalf("DeleteKPIsBefore = %d, %v; want 2 deleted", n, err)
	}
	kpis, _ := st.KPIs()
	if len(kpis) != 1 || kpis[0].Value != 2 {
		t.Errorf("left %+v, want the recent Wartezeit only", kpis)
	}
}

// ReleaseMapped takes the pages a walk mapped out of the process's RSS,
// a long walk does so itself, and the store reads as before afterwards.
func TestReleaseMapped(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a Linux madvise")
	}
	s := MustOpen(t, "")
	items := make([]feed.Feedback, 70_000) // more than a walk reads between releases
	for i := range items {
		items[i] = answer(fmt.Sprintf("r%05d", i), time.Duration(i)*time.Second)
		items[i].Comment = strings.Repeat("Die Suppe war heute kalt. ", 8)
	}
	if _, err := s.AddFeedback(items); err != nil {
		t.Fatal(err)
	}
	s.ReleaseMapped()
	base := rssFile(t)
	var before []string
	s.Feedback(time.Time{}, func(f feed.Feedback) error {
		if before = append(before, f.ID); len(before) == store.ReleaseEvery-384 {
			return store.ErrStop // short of a release
		}
		return nil
	})
	mapped := rssFile(t)
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	released := rssFile(t)
	// 16,000 answers are about 5 MB of the file.
	if mapped-base < 3<<20 || mapped-released < 3<<20 {
		t.Errorf("RssFile %d kB, %d kB after a walk, %d kB after ReleaseMapped; want 3 MB more, then as many less",
			base>>10, mapped>>10, released>>10)
	}
	after := all(t, s)
	if walked := rssFile(t); walked-released > 5<<20 {
		t.Errorf("a walk of all %d answers left RssFile %d kB above the %d kB before it", len(after), walked>>10, released>>10)
	}
	if len(after) != len(items) || !reflect.DeepEqual(after[:len(before)], before) {
		t.Errorf("after the releases the store reads %d answers, want %d as before", len(after), len(items))
	}
}

// rssFile returns the process's file-backed resident memory.
func rssFile(tb testing.TB) int64 {
	tb.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Fatal("no RssFile in /proc/self/status")
	return 0
}
