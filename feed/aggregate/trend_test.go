package aggregate_test

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on machines without a zoneinfo database

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

// berlin switched from CET (UTC+1) to CEST (UTC+2) on Sunday 2025-03-30 at 02:00.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // time/tzdata is embedded: cannot happen
	}
	return loc
}()

func TestComputeTrend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		now   time.Time
		weeks int
		items []feed.Feedback
		want  []feed.TrendPoint
	}{
		{
			// now is Wednesday 2025-03-12: weeks of Feb 24, Mar 3, Mar 10.
			// Feb 24: 10, 0 → P=1, D=1: (1 − 1) / 2 = 0 (a score, not nil); no stars; 2 answers
			// Mar 3:  stars only: 4, 5 → 9/2 = 4.5; NPS nil; 2 answers
			// Mar 10: 9, 8 → P=1, passives=1: 1/2 × 100 = 50; stars 2; 3 answers
			// outside: Sunday Feb 23 23:59:59.999999999 (before the first week), now+1ns (future)
			name:  "a Wednesday",
			now:   now,
			weeks: 3,
			items: []feed.Feedback{
				nps(10, utc("2025-02-23T23:59:59.999999999Z")),
				nps(10, utc("2025-02-24T00:00:00Z")),
				nps(0, utc("2025-02-25T12:00:00Z")),
				stars(4, utc("2025-03-03T00:00:00Z")),
				stars(5, utc("2025-03-09T23:59:59.999999999Z")),
				nps(9, utc("2025-03-10T00:00:00Z")),
				nps(8, now),
				stars(2, utc("2025-03-11T08:00:00Z")),
				nps(0, now.Add(time.Nanosecond)),
			},
			want: []feed.TrendPoint{
				{Week: utc("2025-02-24T00:00:00Z"), NPS: ptr(0), Responses: 2},
				{Week: utc("2025-03-03T00:00:00Z"), Stars: ptr(4.5), Responses: 2},
				{Week: utc("2025-03-10T00:00:00Z"), NPS: ptr(50), Stars: ptr(2), Responses: 3},
			},
		},
		{
			// The last week holds only the instant now; one nanosecond earlier is the week before.
			// Mar 3: 0 → −100; Mar 10: 10 → +100
			name:  "now on a Monday 00:00",
			now:   utc("2025-03-10T00:00:00Z"),
			weeks: 2,
			items: []feed.Feedback{
				nps(10, utc("2025-03-10T00:00:00Z")),
				nps(0, utc("2025-03-09T23:59:59.999999999Z")),
			},
			want: []feed.TrendPoint{
				{Week: utc("2025-03-03T00:00:00Z"), NPS: ptr(-100), Responses: 1},
				{Week: utc("2025-03-10T00:00:00Z"), NPS: ptr(100), Responses: 1},
			},
		},
		{
			// Sunday 23:59 still belongs to the week of Monday Mar 10.
			// Mar 3: 6 → −100; Mar 10: stars 3, 5 → 8/2 = 4; the 10 at 23:59:30 is after now
			name:  "now on a Sunday 23:59",
			now:   utc("2025-03-16T23:59:00Z"),
			weeks: 2,
			items: []feed.Feedback{
				nps(6, utc("2025-03-09T23:59:00Z")),
				stars(3, utc("2025-03-10T00:00:00Z")),
				stars(5, utc("2025-03-16T23:59:00Z")),
				nps(10, utc("2025-03-16T23:59:30Z")),
			},
			want: []feed.TrendPoint{
				{Week: utc("2025-03-03T00:00:00Z"), NPS: ptr(-100), Responses: 1},
				{Week: utc("2025-03-10T00:00:00Z"), Stars: ptr(4), Responses: 2},
			},
		},
		{
			// now = Monday 2025-03-31 01:30 CEST = Sunday 2025-03-30 23:30 UTC: still the UTC week of Mar 24.
			// Monday 2025-03-31 00:30 CEST = Sunday 22:30 UTC → week of Mar 24: 10 → +100
			// Monday 2025-03-24 00:30 CET  = Sunday 2025-03-23 23:30 UTC → week of Mar 17: 0 → −100
			// Berlin's switch to summer time changes neither.
			name:  "weeks are UTC whatever the zone of now",
			now:   time.Date(2025, 3, 31, 1, 30, 0, 0, berlin),
			weeks: 2,
			items: []feed.Feedback{
				nps(10, time.Date(2025, 3, 31, 0, 30, 0, 0, berlin)),
				nps(0, time.Date(2025, 3, 24, 0, 30, 0, 0, berlin)),
			},
			want: []feed.TrendPoint{
				{Week: utc("2025-03-17T00:00:00Z"), NPS: ptr(-100), Responses: 1},
				{Week: utc("2025-03-24T00:00:00Z"), NPS: ptr(100), Responses: 1},
			},
		},
		{
			// default 12 weeks, the last one Mar 10: the first is Mar 10 − 11 × 7 days = Dec 23, 2024
			name: "empty input",
			now:  now,
			want: emptyWeeks(utc("2024-12-23T00:00:00Z"), 12),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := aggregate.Compute(tt.items, tt.now, aggregate.Options{TrendWeeks: tt.weeks}).Trend
			checkTrend(t, got, tt.want)
		})
	}
}

func TestComputeEmpty(t *testing.T) {
	t.Parallel()
	for _, items := range [][]feed.Feedback{nil, {}} {
		r := aggregate.Compute(items, now, aggregate.Options{})
		if r.NPS != nil {
			t.Errorf("Compute(%#v).NPS = %+v, want nil", items, r.NPS)
		}
		if r.Stars != nil {
			t.Errorf("Compute(%#v).Stars = %+v, want nil", items, r.Stars)
		}
		if len(r.Trend) != aggregate.DefaultTrendWeeks {
			t.Errorf("len(Compute(%#v).Trend) = %d, want %d", items, len(r.Trend), aggregate.DefaultTrendWeeks)
		}
	}
}

func checkTrend(tb testing.TB, got, want []feed.TrendPoint) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("len(Compute(...).Trend) = %d, want %d", len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		// Formatting checks the zone too: a week must encode as ...Z.
		if gs, ws := g.Week.Format(time.RFC3339Nano), w.Week.Format(time.RFC3339Nano); gs != ws {
			tb.Errorf("Compute(...).Trend[%d].Week = %s, want %s", i, gs, ws)
		}
		if !samePtr(g.NPS, w.NPS) {
			tb.Errorf("Compute(...).Trend[%d].NPS = %s, want %s", i, show(g.NPS), show(w.NPS))
		}
		if !samePtr(g.Stars, w.Stars) {
			tb.Errorf("Compute(...).Trend[%d].Stars = %s, want %s", i, show(g.Stars), show(w.Stars))
		}
		if g.Responses != w.Responses {
			tb.Errorf("Compute(...).Trend[%d].Responses = %d, want %d", i, g.Responses, w.Responses)
		}
	}
}

func emptyWeeks(first time.Time, n int) []feed.TrendPoint {
	points := make([]feed.TrendPoint, n)
	for i := range points {
		points[i].Week = first.AddDate(0, 0, 7*i)
	}
	return points
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err) // a typo in a test table
	}
	return t.UTC()
}
