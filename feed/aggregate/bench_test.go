package aggregate_test

import (
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

func BenchmarkCompute(b *testing.B) {
	items := benchItems(100_000)
	o := aggregate.Options{TargetNPS: ptr(40)}
	b.ReportAllocs()
	for b.Loop() {
		aggregate.Compute(items, now, o)
	}
}

// TestComputeAllocations checks that Compute allocates per week and per
// touchpoint, never per answer: 100 times the answers, the same allocations.
func TestComputeAllocations(t *testing.T) {
	small, large := benchItems(1_000), benchItems(100_000)
	// One answer is enough for a score, so that both sets have a previous
	// score for every touchpoint: a meaningful previous score is one
	// allocation per touchpoint, which 1,000 answers would not all reach.
	o := aggregate.Options{MinAnswers: 1}
	allocs := func(items []feed.Feedback) float64 {
		return testing.AllocsPerRun(5, func() { aggregate.Compute(items, now, o) })
	}
	if s, l := allocs(small), allocs(large); l != s {
		t.Errorf("Compute(100,000 answers) makes %v allocations, want %v as for 1,000", l, s)
	}
}

// benchItems spreads n answers, two thirds NPS and one third stars, evenly
// over the 120 days before now, across four touchpoints.
func benchItems(n int) []feed.Feedback {
	touchpoints := []string{"Hotline", "Filiale", "App", ""}
	span := 120 * 24 * time.Hour
	items := make([]feed.Feedback, n)
	for i := range items {
		f := feed.Feedback{
			Source:     "survey",
			Scale:      feed.ScaleNPS,
			Score:      i * 7 % 11,
			Touchpoint: touchpoints[i%len(touchpoints)],
			CreatedAt:  now.Add(-span / time.Duration(n) * time.Duration(i)),
		}
		if i%3 == 2 {
			f.Source, f.Scale, f.Score = "reviews", feed.ScaleStars, 1+i%5
		}
		items[i] = f
	}
	return items
}
