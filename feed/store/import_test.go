package store_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/store"
)

// contents is everything stored, newest first, with each answer's id
// lookup, so that two stores compare by value.
func contents(tb testing.TB, s *store.Store) []feed.Feedback {
	tb.Helper()
	var out []feed.Feedback
	if err := s.Feedback(time.Time{}, func(f feed.Feedback) error { out = append(out, f); return nil }); err != nil {
		tb.Fatal(err)
	}
	for _, f := range out {
		got, ok, err := s.Lookup(f.Source, f.ID)
		if err != nil || !ok || got != f {
			tb.Fatalf("Lookup(%s, %s) = %+v, %v, %v; want the stored %+v", f.Source, f.ID, got, ok, err, f)
		}
	}
	return out
}

// randomVersions returns n answers over a few ids, with later versions,
// repeats and older versions among them, in random order.
func randomVersions(rng *rand.Rand, n, ids int) []feed.Feedback {
	out := make([]feed.Feedback, n)
	for i := range out {
		f := answer(fmt.Sprintf("r%d", rng.IntN(ids)), time.Duration(rng.IntN(48))*time.Hour)
		f.Score = rng.IntN(11)
		if rng.IntN(2) == 0 {
			f.UpdatedAt = t0.Add(time.Duration(rng.IntN(5)) * time.Minute)
		}
		out[i] = f
	}
	return out
}

// chunks cuts items into random pieces.
func chunks(rng *rand.Rand, items []feed.Feedback) [][]feed.Feedback {
	var out [][]feed.Feedback
	for len(items) > 0 {
		n := min(len(items), 1+rng.IntN(8))
		out = append(out, items[:n])
		items = items[n:]
	}
	return out
}

// An import in several transactions ends as one AddFeedback of the whole
// file would, counts included; rolled back, it leaves the store as it was.
func TestImportMatchesOneTransaction(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	defer store.SetCommitChunk(100_000)()
	for round := range 40 {
		store.SetCommitChunk(1 + rng.IntN(10)) // Commit in several transactions
		before := randomVersions(rng, rng.IntN(20), 15)
		file := randomVersions(rng, 1+rng.IntN(40), 15)

		want := MustOpen(t, "")
		got := MustOpen(t, "")
		for _, s := range []*store.Store{want, got} {
			if _, err := s.AddFeedback(before); err != nil {
				t.Fatal(err)
			}
		}
		original := contents(t, got)
		wantAdded, err := want.AddFeedback(file)
		if err != nil {
			t.Fatal(err)
		}
		wantAdded.Written = nil

		im, err := got.BeginImport()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range chunks(rng, file) {
			if _, err := im.Add(c); err != nil {
				t.Fatal(err)
			}
		}
		if round%2 == 1 {
			if err := im.Rollback(); err != nil {
				t.Fatal(err)
			}
			if after := contents(t, got); !reflect.DeepEqual(after, original) {
				t.Fatalf("round %d: after Rollback the store holds\n%+v\nwant as before\n%+v", round, after, original)
			}
			continue
		}
		if err := im.Commit(); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(im.Added(), wantAdded) {
			t.Errorf("round %d: import added %+v, one transaction %+v", round, im.Added(), wantAdded)
		}
		if a, b := contents(t, got), contents(t, want); !reflect.DeepEqual(a, b) {
			t.Fatalf("round %d: import stored\n%+v\none transaction\n%+v", round, a, b)
		}
	}
}

// A bad item fails its transaction only; the rollback then takes out the
// chunks before it, and the store takes the next import.
func TestImportBadChunk(t *testing.T) {
	s := MustOpen(t, "")
	keep := answer("keep", time.Hour)
	if _, err := s.AddFeedback([]feed.Feedback{keep}); err != nil {
		t.Fatal(err)
	}
	im, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginImport(); err == nil {
		t.Fatal("a second BeginImport while one is under way = nil error")
	}
	changed := keep
	changed.Comment, changed.UpdatedAt = "anders", t0
	if _, err := im.Add([]feed.Feedback{answer("a", time.Minute), changed}); err != nil {
		t.Fatal(err)
	}
	bad := answer("bad", 0)
	bad.Score = 11
	if _, err := im.Add([]feed.Feedback{answer("b", time.Minute), bad}); err == nil {
		t.Fatal("Add with score 11 = nil error")
	}
	// The id index of an import is written at its commit.
	if got := all(t, s); len(got) != 2 {
		t.Fatalf("before the rollback the store holds %v, want keep (changed) and a", got)
	}
	if err := im.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := contents(t, s); len(got) != 1 || got[0] != keep {
		t.Fatalf("after the rollback the store holds %+v, want only %+v", got, keep)
	}
	if _, err := im.Add([]feed.Feedback{answer("c", 0)}); err == nil {
		t.Error("Add after Rollback = nil error")
	}
	im, err = s.BeginImport()
	if err != nil {
		t.Fatalf("BeginImport after a rollback: %v", err)
	}
	if _, err := im.Add([]feed.Feedback{answer("c", 0)}); err != nil {
		t.Fatal(err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := all(t, s); len(got) != 2 || got[0] != "c" {
		t.Errorf("after Commit (and a Rollback that must do nothing) the store holds %v, want c and keep", got)
	}
}

// An import cut off before Commit (a kill, a power cut) is undone by the
// next Open, over several transactions when it is large.
func TestImportInterrupted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	keep := answer("keep", time.Hour)
	if _, err := s.AddFeedback([]feed.Feedback{keep}); err != nil {
		t.Fatal(err)
	}
	im, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	const n = 25_000 // more than one rollback transaction undoes
	for c := range 5 {
		items := make([]feed.Feedback, n/5)
		for i := range items {
			items[i] = answer(fmt.Sprintf("x%d-%d", c, i), time.Duration(i)*time.Second)
		}
		if c == 4 {
			changed := keep
			changed.Score, changed.UpdatedAt = 0, t0
			items = append(items, changed)
		}
		if _, err := im.Add(items); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil { // no Commit
		t.Fatal(err)
	}

	s = MustOpen(t, path)
	if got := s.Undone(); got != n+1 {
		t.Errorf("Undone = %d, want %d", got, n+1)
	}
	if got := contents(t, s); len(got) != 1 || got[0] != keep {
		t.Fatalf("after reopening, the store holds %d answers (first %+v), want only %+v", len(got), got[0], keep)
	}
	if _, err := s.BeginImport(); err != nil {
		t.Errorf("BeginImport after the recovery: %v", err)
	}
}
