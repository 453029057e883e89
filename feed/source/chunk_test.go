package source_test

import (
	"fmt"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

func TestSpill(t *testing.T) {
	t.Parallel()
	items := func(n int) []feed.Feedback {
		out := make([]feed.Feedback, n)
		for i := range out {
			out[i].ID = fmt.Sprint(i)
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		b           source.Batch
		last        bool
		want        []int // answers per batch emitted
		leftItems   int
		leftSkipped int
	}{
		{"under size", source.Batch{Items: items(2), Skipped: make([]source.Skipped, 1)}, false, nil, 2, 1},
		{"a response's second answer past size", source.Batch{Items: items(4)}, false, []int{3}, 1, 0},
		{"skipped reach size", source.Batch{Items: items(1), Skipped: make([]source.Skipped, 3)}, false, []int{1}, 0, 0},
		{"last", source.Batch{Items: items(4), Skipped: make([]source.Skipped, 1)}, true, []int{3, 1}, 0, 0},
		{"last, only skipped", source.Batch{Skipped: make([]source.Skipped, 1)}, true, []int{0}, 0, 0},
		{"last, nothing", source.Batch{}, true, nil, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.b
			var got []int
			err := b.Spill(3, tc.last, func(out source.Batch) error {
				got = append(got, len(out.Items))
				return nil
			})
			if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) || len(b.Items) != tc.leftItems || len(b.Skipped) != tc.leftSkipped {
				t.Errorf("Spill(3, %v) emitted %v, left %d answers, %d skipped, %v; want %v, %d, %d",
					tc.last, got, len(b.Items), len(b.Skipped), err, tc.want, tc.leftItems, tc.leftSkipped)
			}
		})
	}
}
