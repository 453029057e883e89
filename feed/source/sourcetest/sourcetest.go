// Package sourcetest holds what the adapters' tests under feed/source
// check alike.
package sourcetest

import (
	"encoding/json"
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
