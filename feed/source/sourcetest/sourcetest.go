// Package sourcetest holds what the adapters' tests under feed/source
// check alike.
package sourcetest

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

// CheckDecoded checks what a decoder made of any input, as a fuzz target
// does: a failure returns no answers; every answer is valid, passes check
// (nil: none) and survives the JSON round trip the store makes. It reports
// whether there were answers to look at further.
func CheckDecoded(t *testing.T, b source.Batch, err error, check func(feed.Feedback) error) bool {
	t.Helper()
	if err != nil {
		if b.Items != nil || b.Skipped != nil {
			t.Fatalf("Decode failed (%v) but returned %d answers, %d skipped", err, len(b.Items), len(b.Skipped))
		}
		return false
	}
	for _, item := range b.Items {
		if err := item.Validate(); err != nil {
			t.Fatalf("accepted an invalid answer %+v: %v", item, err)
		}
		if check != nil {
			if err := check(item); err != nil {
				t.Fatalf("answer %+v: %v", item, err)
			}
		}
		data, err := json.Marshal(item)
		if err != nil {
			t.Fatal(err)
		}
		var back feed.Feedback
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if back.ID != item.ID || back.Score != item.Score || back.Comment != item.Comment ||
			!back.CreatedAt.Equal(item.CreatedAt) || !back.UpdatedAt.Equal(item.UpdatedAt) {
			t.Fatalf("round trip changed %+v into %+v", item, back)
		}
	}
	return true
}

// Streamed runs a decoder's Stream form and returns the batches it
// emitted, checking that each has at most size answers and is not empty.
func Streamed(tb testing.TB, size int, stream func(emit func(source.Batch) error) error) ([]source.Batch, error) {
	tb.Helper()
	var out []source.Batch
	err := stream(func(b source.Batch) error {
		if len(b.Items) > size || len(b.Items) == 0 && len(b.Skipped) == 0 {
			tb.Errorf("batch %d: %d answers, %d skipped; want at most %d answers, and not nothing", len(out)+1, len(b.Items), len(b.Skipped), size)
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// Concat joins batches as Decode does.
func Concat(bs []source.Batch) source.Batch {
	var all source.Batch
	for _, b := range bs {
		all.Items = append(all.Items, b.Items...)
		all.Skipped = append(all.Skipped, b.Skipped...)
	}
	return all
}

// CheckEmitError checks that stream, given a file of more than two
// batches, stops when emit fails on the second and returns that error.
func CheckEmitError(tb testing.TB, stream func(emit func(source.Batch) error) error) {
	tb.Helper()
	stop := errors.New("disk full")
	calls := 0
	err := stream(func(source.Batch) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		tb.Errorf("Stream with emit failing on batch 2 = %v after %d calls, want %v after 2", err, calls, stop)
	}
}
