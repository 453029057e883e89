package aggregate_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

// The clock of most tests. With the default 30-day period:
//
//	current  period: (2025-02-10 15:00, 2025-03-12 15:00]
//	previous period: (2025-01-11 15:00, 2025-02-10 15:00]
var (
	now      = time.Date(2025, 3, 12, 15, 0, 0, 0, time.UTC) // a Wednesday
	from     = time.Date(2025, 2, 10, 15, 0, 0, 0, time.UTC) // now − 30 days
	prevFrom = time.Date(2025, 1, 11, 15, 0, 0, 0, time.UTC) // now − 60 days
	current  = now.Add(-time.Hour)                           // inside the current period
	previous = from.Add(-time.Hour)                          // inside the previous period
)

func TestComputeNPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		items []feed.Feedback
		opts  aggregate.Options
		want  *feed.NPSStats
	}{
		{
			name: "empty input",
			want: nil,
		},
		{
			name:  "only stars",
			items: []feed.Feedback{stars(5, current)},
			want:  nil,
		},
		{
			name:  "only answers older than the previous period or in the future",
			items: []feed.Feedback{nps(10, prevFrom), nps(10, now.Add(time.Nanosecond))},
			opts:  aggregate.Options{MinAnswers: 1},
			want:  nil,
		},
		{
			// P=1 (10), passives=1 (7), D=3 (6, 3, 0), n=5
			// (1 − 3) / 5 × 100 = −40; 5 ≥ MinAnswers 5
			name:  "negative",
			items: []feed.Feedback{nps(10, current), nps(7, current), nps(6, current), nps(3, current), nps(0, current)},
			opts:  aggregate.Options{MinAnswers: 5},
			want:  &feed.NPSStats{Score: -40, Promoters: 1, Passives: 1, Detractors: 3, Responses: 5, Meaningful: true},
		},
		{
			// P=30, n=30: 30/30 × 100 − 0 = +100; 30 ≥ default MinAnswers 30
			name:  "all promoters",
			items: join(repeat(15, nps(9, current)), repeat(15, nps(10, current))),
			want:  &feed.NPSStats{Score: 100, Promoters: 30, Responses: 30, Meaningful: true},
		},
		{
			// D=30, n=30: 0 − 30/30 × 100 = −100
			name:  "all detractors",
			items: join(repeat(10, nps(0, current)), repeat(10, nps(3, current)), repeat(10, nps(6, current))),
			want:  &feed.NPSStats{Score: -100, Detractors: 30, Responses: 30, Meaningful: true},
		},
		{
			// P=20, passives=9, n=29: 20/29 × 100 = 68.97; 29 < 30
			name:  "below MinAnswers",
			items: join(repeat(20, nps(9, current)), repeat(9, nps(7, current))),
			want:  &feed.NPSStats{Score: 2000.0 / 29, Promoters: 20, Passives: 9, Responses: 29, Meaningful: false},
		},
		{
			// P=20, passives=9, D=1, n=30: (20 − 1) / 30 × 100 = 63.33; 30 ≥ 30
			name:  "at MinAnswers",
			items: join(repeat(20, nps(9, current)), repeat(9, nps(7, current)), repeat(1, nps(0, current))),
			want:  &feed.NPSStats{Score: 1900.0 / 30, Promoters: 20, Passives: 9, Detractors: 1, Responses: 30, Meaningful: true},
		},
		{
			// current  (from, now]:       10 at now, 7 at from+1ns → P=1, passives=1, n=2: 1/2 × 100 = 50
			// previous (prevFrom, from]:  0 at from, 9 at prevFrom+1ns → P=1, D=1, n=2: 0
			// outside: 10 at prevFrom (the previous period is open there), 0 at now+1ns (future)
			name: "exactly at the boundaries",
			items: []feed.Feedback{
				nps(10, now), nps(7, from.Add(time.Nanosecond)),
				nps(0, from), nps(9, prevFrom.Add(time.Nanosecond)),
				nps(10, prevFrom), nps(0, now.Add(time.Nanosecond)),
			},
			opts: aggregate.Options{MinAnswers: 2},
			want: &feed.NPSStats{Score: 50, Promoters: 1, Passives: 1, Responses: 2, Meaningful: true, Previous: ptr(0)},
		},
		{
			// current: 3 × 10 → +100
			// previous: 9, 8, 0, 0 → P=1, D=2, n=4: (1 − 2) / 4 × 100 = −25; 4 ≥ 3
			name:  "previous period meaningful",
			items: join(repeat(3, nps(10, current)), []feed.Feedback{nps(9, previous), nps(8, previous), nps(0, previous), nps(0, previous)}),
			opts:  aggregate.Options{MinAnswers: 3},
			want:  &feed.NPSStats{Score: 100, Promoters: 3, Responses: 3, Meaningful: true, Previous: ptr(-25)},
		},
		{
			// previous: 2 answers < 3: no Previous
			name:  "previous period not meaningful",
			items: join(repeat(3, nps(10, current)), repeat(2, nps(0, previous))),
			opts:  aggregate.Options{MinAnswers: 3},
			want:  &feed.NPSStats{Score: 100, Promoters: 3, Responses: 3, Meaningful: true},
		},
		{
			// current: none → score 0, not meaningful; previous: 2 × 10 → +100
			name:  "only the previous period has answers",
			items: repeat(2, nps(10, previous)),
			opts:  aggregate.Options{MinAnswers: 2},
			want:  &feed.NPSStats{Score: 0, Responses: 0, Meaningful: false, Previous: ptr(100)},
		},
		{
			name:  "target copied from options",
			items: []feed.Feedback{nps(10, current)},
			opts:  aggregate.Options{MinAnswers: 1, TargetNPS: ptr(40)},
			want:  &feed.NPSStats{Score: 100, Promoters: 1, Responses: 1, Meaningful: true, Target: ptr(40)},
		},
		{
			// only the 10 is on its scale
			name:  "answers outside their scale are ignored",
			items: []feed.Feedback{nps(11, current), nps(-1, current), {Scale: "csat", Score: 5, CreatedAt: current}, nps(10, current)},
			opts:  aggregate.Options{MinAnswers: 1},
			want:  &feed.NPSStats{Score: 100, Promoters: 1, Responses: 1, Meaningful: true},
		},
		{
			// App:     0, 5, 8  → P=0, D=2, n=3: (0 − 2) / 3 × 100 = −66.67; 3 ≥ 3
			// Hotline: 10, 9, 0 → P=2, D=1, n=3: (2 − 1) / 3 × 100 = +33.33; 3 ≥ 3
			// Filiale: 10       → n=1: +100; 1 < 3
			// "":      9, 6     → counted for the channel, no entry
			// a star answer at the Hotline and Kasse in the previous period: no entry
			// App and Hotline tie on 3 answers: by name.
			// channel: P = 2 + 1 + 1 = 4, passives = 1, D = 2 + 1 + 1 = 4, n = 9: (4 − 4) / 9 = 0
			name: "by touchpoint",
			items: []feed.Feedback{
				npsAt("Hotline", 10, current), npsAt("Hotline", 9, current), npsAt("Hotline", 0, current),
				npsAt("Filiale", 10, current),
				npsAt("App", 0, current), npsAt("App", 5, current), npsAt("App", 8, current),
				npsAt("", 9, current), npsAt("", 6, current),
				{Scale: feed.ScaleStars, Score: 5, Touchpoint: "Hotline", CreatedAt: current},
				npsAt("Kasse", 10, previous),
			},
			opts: aggregate.Options{MinAnswers: 3},
			want: &feed.NPSStats{
				Score: 0, Promoters: 4, Passives: 1, Detractors: 4, Responses: 9, Meaningful: true,
				ByTouchpoint: []feed.TouchpointNPS{
					{Touchpoint: "App", Score: -200.0 / 3, Responses: 3, Meaningful: true},
					{Touchpoint: "Hotline", Score: 100.0 / 3, Responses: 3, Meaningful: true},
					{Touchpoint: "Filiale", Score: 100, Responses: 1, Meaningful: false},
				},
			},
		},
		{
			// Hotline now:    10, 10, 0 → +33.33; before: 10, 0, 0 → −33.33 (3 ≥ 3)
			// App now:        9, 9, 9   → +100;   before: 10, 10 → 2 < 3: no previous
			// Kasse before only: no entry, though its previous period counts
			// Filiale now: star answers only: no NPS entry
			name: "by touchpoint against the previous period",
			items: []feed.Feedback{
				npsAt("Hotline", 10, current), npsAt("Hotline", 10, current), npsAt("Hotline", 0, current),
				npsAt("Hotline", 10, previous), npsAt("Hotline", 0, previous), npsAt("Hotline", 0, previous),
				npsAt("App", 9, current), npsAt("App", 9, current), npsAt("App", 9, current),
				npsAt("App", 10, previous), npsAt("App", 10, previous),
				npsAt("Kasse", 10, previous), npsAt("Kasse", 10, previous), npsAt("Kasse", 10, previous),
				{Scale: feed.ScaleStars, Score: 4, Touchpoint: "Filiale", CreatedAt: current},
			},
			opts: aggregate.Options{MinAnswers: 3},
			want: &feed.NPSStats{
				Score: 400.0 / 6, Promoters: 5, Detractors: 1, Responses: 6, Meaningful: true,
				// previous: 6 promoters, 2 detractors of 8 = +50
				Previous: ptr(50),
				ByTouchpoint: []feed.TouchpointNPS{
					{Touchpoint: "App", Score: 100, Responses: 3, Meaningful: true},
					{Touchpoint: "Hotline", Score: 100.0 / 3, Responses: 3, Meaningful: true, Previous: ptr(-100.0 / 3)},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := aggregate.Compute(tt.items, now, tt.opts).NPS
			checkNPS(t, got, tt.want)
		})
	}
}

func TestComputeStars(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		items []feed.Feedback
		opts  aggregate.Options
		want  *feed.StarStats
	}{
		{
			name:  "only NPS",
			items: []feed.Feedback{nps(10, current)},
			want:  nil,
		},
		{
			// 1★ × 1, 3★ × 2, 5★ × 3: n=6, sum = 1 + 3·2 + 5·3 = 22, 22/6 = 3.67; 6 ≥ 6
			name:  "average and counts",
			items: join(repeat(1, stars(1, current)), repeat(2, stars(3, current)), repeat(3, stars(5, current))),
			opts:  aggregate.Options{MinAnswers: 6},
			want:  &feed.StarStats{Average: 22.0 / 6, Counts: [5]int{1, 0, 2, 0, 3}, Responses: 6, Meaningful: true},
		},
		{
			// as above, 6 < default 30
			name:  "below MinAnswers",
			items: join(repeat(1, stars(1, current)), repeat(2, stars(3, current)), repeat(3, stars(5, current))),
			want:  &feed.StarStats{Average: 22.0 / 6, Counts: [5]int{1, 0, 2, 0, 3}, Responses: 6, Meaningful: false},
		},
		{
			// current: 5, 5 → 5; previous: 2, 3 → 5/2 = 2.5; 2 ≥ 2
			name:  "previous period meaningful",
			items: []feed.Feedback{stars(5, current), stars(5, current), stars(2, previous), stars(3, previous)},
			opts:  aggregate.Options{MinAnswers: 2},
			want:  &feed.StarStats{Average: 5, Counts: [5]int{0, 0, 0, 0, 2}, Responses: 2, Meaningful: true, Previous: ptr(2.5)},
		},
		{
			// previous: 1 answer < 2
			name:  "previous period not meaningful",
			items: []feed.Feedback{stars(5, current), stars(5, current), stars(2, previous)},
			opts:  aggregate.Options{MinAnswers: 2},
			want:  &feed.StarStats{Average: 5, Counts: [5]int{0, 0, 0, 0, 2}, Responses: 2, Meaningful: true},
		},
		{
			// 4★ at from is the previous period's; 1★ at prevFrom is outside both
			name:  "only the previous period has answers",
			items: []feed.Feedback{stars(4, from), stars(1, prevFrom)},
			opts:  aggregate.Options{MinAnswers: 1},
			want:  &feed.StarStats{Average: 0, Responses: 0, Meaningful: false, Previous: ptr(4)},
		},
		{
			// 0★ and 6★ are off the scale: only the 4★ counts
			name:  "answers outside their scale are ignored",
			items: []feed.Feedback{stars(0, current), stars(6, current), stars(4, current)},
			opts:  aggregate.Options{MinAnswers: 1, TargetStars: ptr(4.5)},
			want:  &feed.StarStats{Average: 4, Counts: [5]int{0, 0, 0, 1, 0}, Responses: 1, Meaningful: true, Target: ptr(4.5)},
		},
		{
			// Filiale now: 5, 4 → 4.5 (2 ≥ 2); before: 3, 3 → 3
			// App now: 2 → 2 (1 < 2); before: 5, 5 → 5
			// Hotline: an NPS answer only; "": counted for the channel only
			name: "by touchpoint",
			items: []feed.Feedback{
				starsAt("Filiale", 5, current), starsAt("Filiale", 4, current), starsAt("Filiale", 3, previous), starsAt("Filiale", 3, previous),
				starsAt("App", 2, current), starsAt("App", 5, previous), starsAt("App", 5, previous),
				npsAt("Hotline", 9, current), starsAt("", 1, current),
			},
			opts: aggregate.Options{MinAnswers: 2},
			want: &feed.StarStats{
				Average: 3, Counts: [5]int{1, 1, 0, 1, 1}, Responses: 4, Meaningful: true, Previous: ptr(4),
				ByTouchpoint: []feed.TouchpointStars{
					{Touchpoint: "Filiale", Average: 4.5, Responses: 2, Meaningful: true, Previous: ptr(3)},
					{Touchpoint: "App", Average: 2, Responses: 1, Meaningful: false, Previous: ptr(5)},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := aggregate.Compute(tt.items, now, tt.opts).Stars
			checkStars(t, got, tt.want)
		})
	}
}

func TestComputePeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		now  time.Time
		opts aggregate.Options
		want feed.Period
	}{
		{
			name: "default 30 days",
			now:  now,
			want: feed.Period{From: from, To: now, Days: 30},
		},
		{
			// 2025-03-12 15:00 − 7 days
			name: "7 days",
			now:  now,
			opts: aggregate.Options{PeriodDays: 7},
			want: feed.Period{From: time.Date(2025, 3, 5, 15, 0, 0, 0, time.UTC), To: now, Days: 7},
		},
		{
			// 2025-03-31 01:30 CEST = 2025-03-30 23:30 UTC; − 30 × 24 h = 2025-02-28 23:30 UTC,
			// although Berlin changed its clocks in between
			name: "now in a zone with DST",
			now:  time.Date(2025, 3, 31, 1, 30, 0, 0, berlin),
			want: feed.Period{
				From: time.Date(2025, 2, 28, 23, 30, 0, 0, time.UTC),
				To:   time.Date(2025, 3, 30, 23, 30, 0, 0, time.UTC),
				Days: 30,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := aggregate.Compute(nil, tt.now, tt.opts).Period
			if f, w := got.From.Format(time.RFC3339Nano), tt.want.From.Format(time.RFC3339Nano); f != w {
				t.Errorf("Compute(...).Period.From = %s, want %s", f, w)
			}
			if f, w := got.To.Format(time.RFC3339Nano), tt.want.To.Format(time.RFC3339Nano); f != w {
				t.Errorf("Compute(...).Period.To = %s, want %s", f, w)
			}
			if got.Days != tt.want.Days {
				t.Errorf("Compute(...).Period.Days = %d, want %d", got.Days, tt.want.Days)
			}
		})
	}
}

func TestComputeTargetIsCopied(t *testing.T) {
	t.Parallel()
	o := aggregate.Options{MinAnswers: 1, TargetNPS: ptr(40), TargetStars: ptr(4)}
	r := aggregate.Compute([]feed.Feedback{nps(10, current), stars(5, current)}, now, o)
	*o.TargetNPS, *o.TargetStars = 50, 5
	if *r.NPS.Target != 40 {
		t.Errorf("Compute(...).NPS.Target = %v after changing the options, want 40", *r.NPS.Target)
	}
	if *r.Stars.Target != 4 {
		t.Errorf("Compute(...).Stars.Target = %v after changing the options, want 4", *r.Stars.Target)
	}
}

const epsilon = 1e-9

func checkNPS(tb testing.TB, got, want *feed.NPSStats) {
	tb.Helper()
	if got == nil || want == nil {
		if got != want {
			tb.Fatalf("Compute(...).NPS = %+v, want %+v", got, want)
		}
		return
	}
	if math.Abs(got.Score-want.Score) > epsilon {
		tb.Errorf("Compute(...).NPS.Score = %v, want %v", got.Score, want.Score)
	}
	if got.Promoters != want.Promoters || got.Passives != want.Passives || got.Detractors != want.Detractors {
		tb.Errorf("Compute(...).NPS promoters/passives/detractors = %d/%d/%d, want %d/%d/%d",
			got.Promoters, got.Passives, got.Detractors, want.Promoters, want.Passives, want.Detractors)
	}
	if got.Responses != want.Responses {
		tb.Errorf("Compute(...).NPS.Responses = %d, want %d", got.Responses, want.Responses)
	}
	if got.Meaningful != want.Meaningful {
		tb.Errorf("Compute(...).NPS.Meaningful = %v, want %v", got.Meaningful, want.Meaningful)
	}
	if !samePtr(got.Previous, want.Previous) {
		tb.Errorf("Compute(...).NPS.Previous = %s, want %s", show(got.Previous), show(want.Previous))
	}
	if !samePtr(got.Target, want.Target) {
		tb.Errorf("Compute(...).NPS.Target = %s, want %s", show(got.Target), show(want.Target))
	}
	if len(got.ByTouchpoint) != len(want.ByTouchpoint) {
		tb.Fatalf("Compute(...).NPS.ByTouchpoint = %+v, want %+v", got.ByTouchpoint, want.ByTouchpoint)
	}
	for i, g := range got.ByTouchpoint {
		w := want.ByTouchpoint[i]
		if g.Touchpoint != w.Touchpoint || g.Responses != w.Responses || g.Meaningful != w.Meaningful || math.Abs(g.Score-w.Score) > epsilon || !samePtr(g.Previous, w.Previous) {
			tb.Errorf("Compute(...).NPS.ByTouchpoint[%d] = %+v (previous %s), want %+v (previous %s)", i, g, show(g.Previous), w, show(w.Previous))
		}
	}
}

func checkStars(tb testing.TB, got, want *feed.StarStats) {
	tb.Helper()
	if got == nil || want == nil {
		if got != want {
			tb.Fatalf("Compute(...).Stars = %+v, want %+v", got, want)
		}
		return
	}
	if math.Abs(got.Average-want.Average) > epsilon {
		tb.Errorf("Compute(...).Stars.Average = %v, want %v", got.Average, want.Average)
	}
	if got.Counts != want.Counts {
		tb.Errorf("Compute(...).Stars.Counts = %v, want %v", got.Counts, want.Counts)
	}
	if got.Responses != want.Responses {
		tb.Errorf("Compute(...).Stars.Responses = %d, want %d", got.Responses, want.Responses)
	}
	if got.Meaningful != want.Meaningful {
		tb.Errorf("Compute(...).Stars.Meaningful = %v, want %v", got.Meaningful, want.Meaningful)
	}
	if !samePtr(got.Previous, want.Previous) {
		tb.Errorf("Compute(...).Stars.Previous = %s, want %s", show(got.Previous), show(want.Previous))
	}
	if !samePtr(got.Target, want.Target) {
		tb.Errorf("Compute(...).Stars.Target = %s, want %s", show(got.Target), show(want.Target))
	}
	if len(got.ByTouchpoint) != len(want.ByTouchpoint) {
		tb.Fatalf("Compute(...).Stars.ByTouchpoint = %+v, want %+v", got.ByTouchpoint, want.ByTouchpoint)
	}
	for i, g := range got.ByTouchpoint {
		w := want.ByTouchpoint[i]
		if g.Touchpoint != w.Touchpoint || g.Responses != w.Responses || g.Meaningful != w.Meaningful || math.Abs(g.Average-w.Average) > epsilon || !samePtr(g.Previous, w.Previous) {
			tb.Errorf("Compute(...).Stars.ByTouchpoint[%d] = %+v (previous %s), want %+v (previous %s)", i, g, show(g.Previous), w, show(w.Previous))
		}
	}
}

func nps(score int, at time.Time) feed.Feedback { return npsAt("", score, at) }

func npsAt(touchpoint string, score int, at time.Time) feed.Feedback {
	return feed.Feedback{Scale: feed.ScaleNPS, Score: score, Touchpoint: touchpoint, CreatedAt: at}
}

func starsAt(touchpoint string, score int, at time.Time) feed.Feedback {
	return feed.Feedback{Scale: feed.ScaleStars, Score: score, Touchpoint: touchpoint, CreatedAt: at}
}

func stars(score int, at time.Time) feed.Feedback {
	return feed.Feedback{Scale: feed.ScaleStars, Score: score, CreatedAt: at}
}

func repeat(n int, f feed.Feedback) []feed.Feedback {
	items := make([]feed.Feedback, n)
	for i := range items {
		items[i] = f
	}
	return items
}

func join(parts ...[]feed.Feedback) []feed.Feedback {
	var items []feed.Feedback
	for _, p := range parts {
		items = append(items, p...)
	}
	return items
}

func ptr(f float64) *float64 { return &f }

// samePtr reports whether both are nil or both point at (nearly) equal values.
func samePtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) <= epsilon
}

func show(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}
