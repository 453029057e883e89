package aggregate_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

func TestKPITiles(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 12, 8, 0, 0, 0, time.UTC)
	wait := func(v float64, at time.Time) feed.KPI {
		return feed.KPI{Name: "Wartezeit", Value: v, Unit: "s", At: at, Better: "down"}
	}
	tests := []struct {
		name   string
		values []feed.KPI
		// anyOrder: no two values of a KPI share an instant, so reversing
		// the input must not change the tiles.
		anyOrder bool
		want     []feed.KPITile
	}{
		{
			name:     "empty input",
			anyOrder: true,
			want:     nil,
		},
		{
			name:     "one value has no previous",
			values:   []feed.KPI{wait(95, t0)},
			anyOrder: true,
			want:     []feed.KPITile{{Name: "Wartezeit", Value: 95, Unit: "s", Better: "down", At: t0}},
		},
		{
			// latest t0 → 95; the one before is t0−1h → 110, not the oldest (120)
			name:     "latest and the one before, out of order",
			values:   []feed.KPI{wait(120, t0.Add(-2*time.Hour)), wait(95, t0), wait(110, t0.Add(-time.Hour))},
			anyOrder: true,
			want:     []feed.KPITile{{Name: "Wartezeit", Value: 95, Unit: "s", Better: "down", At: t0, Previous: ptr(110)}},
		},
		{
			name: "sorted by name",
			values: []feed.KPI{
				{Name: "Wartezeit", Value: 95, At: t0},
				{Name: "Pünktlichkeit", Value: 0.93, At: t0},
				{Name: "Erstlösungsquote", Value: 0.71, At: t0},
			},
			anyOrder: true,
			want: []feed.KPITile{
				{Name: "Erstlösungsquote", Value: 0.71, At: t0},
				{Name: "Pünktlichkeit", Value: 0.93, At: t0},
				{Name: "Wartezeit", Value: 95, At: t0},
			},
		},
		{
			// 95 and 90 share t0: the later one (90) wins, and 95 is no "previous"
			name:   "a correction at the latest instant",
			values: []feed.KPI{wait(100, t0.Add(-time.Hour)), wait(95, t0), wait(90, t0)},
			want:   []feed.KPITile{{Name: "Wartezeit", Value: 90, Unit: "s", Better: "down", At: t0, Previous: ptr(100)}},
		},
		{
			// 100 and 105 share t0−1h: the later one (105) is the previous value
			name:   "a correction at the previous instant",
			values: []feed.KPI{wait(95, t0), wait(100, t0.Add(-time.Hour)), wait(105, t0.Add(-time.Hour))},
			want:   []feed.KPITile{{Name: "Wartezeit", Value: 95, Unit: "s", Better: "down", At: t0, Previous: ptr(105)}},
		},
		{
			name: "unit and direction from the latest value",
			values: []feed.KPI{
				{Name: "Pünktlichkeit", Value: 0.9, Unit: "ratio", At: t0.Add(-time.Hour)},
				{Name: "Pünktlichkeit", Value: 93, Unit: "%", Better: "up", At: t0},
			},
			anyOrder: true,
			want:     []feed.KPITile{{Name: "Pünktlichkeit", Value: 93, Unit: "%", Better: "up", At: t0, Previous: ptr(0.9)}},
		},
		{
			name: "nameless and non-finite values are skipped",
			values: []feed.KPI{
				{Name: "", Value: 1, At: t0},
				wait(math.NaN(), t0.Add(time.Hour)),
				wait(math.Inf(1), t0.Add(2*time.Hour)),
				wait(math.Inf(-1), t0.Add(-time.Hour)),
				wait(95, t0),
			},
			anyOrder: true,
			want:     []feed.KPITile{{Name: "Wartezeit", Value: 95, Unit: "s", Better: "down", At: t0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkTiles(t, aggregate.KPITiles(tt.values), tt.want)
			if tt.anyOrder {
				reversed := slices.Clone(tt.values)
				slices.Reverse(reversed)
				checkTiles(t, aggregate.KPITiles(reversed), tt.want)
			}
		})
	}
}

func checkTiles(tb testing.TB, got, want []feed.KPITile) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("len(KPITiles(...)) = %d, want %d", len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		if g.Name != w.Name || g.Value != w.Value || g.Unit != w.Unit || g.Better != w.Better || !g.At.Equal(w.At) {
			tb.Errorf("KPITiles(...)[%d] = %s, want %s", i, tileString(g), tileString(w))
		}
		if !samePtr(g.Previous, w.Previous) {
			tb.Errorf("KPITiles(...)[%d].Previous = %s, want %s", i, show(g.Previous), show(w.Previous))
		}
	}
}

func tileString(t feed.KPITile) string {
	return fmt.Sprintf("{%s %v %s better:%s at:%s previous:%s}", t.Name, t.Value, t.Unit, t.Better, t.At.Format(time.RFC3339), show(t.Previous))
}
