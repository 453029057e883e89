package source_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

func TestResponseFeedback(t *testing.T) {
	at := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		r    source.Response
		want []feed.Feedback
	}{
		{"nps only", source.Response{ID: "r1", NPS: source.Int(9), Comment: "gut", CreatedAt: at},
			[]feed.Feedback{{ID: "r1", Source: "s", Scale: feed.ScaleNPS, Score: 9, Comment: "gut", CreatedAt: at}}},
		{"stars only take the comment", source.Response{ID: "r2", Stars: source.Int(2), Comment: "kalt", Touchpoint: "Filiale", CreatedAt: at},
			[]feed.Feedback{{ID: "r2#stars", Source: "s", Scale: feed.ScaleStars, Score: 2, Comment: "kalt", Touchpoint: "Filiale", CreatedAt: at}}},
		{"both: comment once, on the NPS answer", source.Response{ID: "r3", NPS: source.Int(0), Stars: source.Int(1), Comment: "nie wieder", CreatedAt: at, UpdatedAt: at.Add(time.Hour)},
			[]feed.Feedback{
				{ID: "r3", Source: "s", Scale: feed.ScaleNPS, Score: 0, Comment: "nie wieder", CreatedAt: at, UpdatedAt: at.Add(time.Hour)},
				{ID: "r3#stars", Source: "s", Scale: feed.ScaleStars, Score: 1, CreatedAt: at, UpdatedAt: at.Add(time.Hour)},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.Feedback("s")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d answers, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("answer %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestResponseFeedbackErrors(t *testing.T) {
	at := time.Now()
	tests := []struct {
		name string
		r    source.Response
		want string
	}{
		{"no score", source.Response{ID: "x", Comment: "nur Text", CreatedAt: at}, `response "x": no score`},
		{"nps out of range", source.Response{ID: "y", NPS: source.Int(11), CreatedAt: at}, `response "y": score: 11 is outside 0–10`},
		{"stars out of range", source.Response{ID: "z", Stars: source.Int(0), CreatedAt: at}, `response "z": score: 0 is outside 1–5`},
		{"no time", source.Response{ID: "t", NPS: source.Int(5)}, `response "t": created_at: is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.r.Feedback("s")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestBatch(t *testing.T) {
	var b source.Batch
	at := time.Now()
	b.Add("s", source.Response{ID: "a", NPS: source.Int(10), Stars: source.Int(5), CreatedAt: at})
	b.Add("s", source.Response{ID: "b", CreatedAt: at})
	b.Skip("c", "unfinished response")
	if len(b.Items) != 2 {
		t.Errorf("items = %d, want 2", len(b.Items))
	}
	if len(b.Skipped) != 2 || b.Skipped[0].ID != "b" || b.Skipped[1].String() != "c: unfinished response" {
		t.Errorf("skipped = %+v", b.Skipped)
	}
}
