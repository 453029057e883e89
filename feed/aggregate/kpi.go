package aggregate

import (
	"math"
	"slices"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// KPITiles returns one tile per KPI name: its latest value, with the latest
// value of an earlier time as Previous (nil if there is none).
//
// Tiles are sorted by name (byte order). Input order is not meaningful —
// it is whatever the store or the posting tool produced — and sorting keeps
// the tiles in the same places on screen from one snapshot to the next.
//
// Two values of one KPI at the same instant are a re-send or a correction:
// the one later in values wins, and the earlier never becomes Previous, which
// would show a change that did not happen. Apart from such ties the result
// does not depend on the order of values.
//
// Values without a name, and values that are NaN or infinite, are skipped:
// a tile needs a label, and JSON cannot carry a non-finite number, so one
// such value would make the whole snapshot fail to encode.
func KPITiles(values []feed.KPI) []feed.KPITile {
	var (
		kpis  []kpiHistory
		index map[string]int // name → position in kpis
	)
	for i := range values {
		v := &values[i]
		if v.Name == "" || math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			continue
		}
		j, ok := index[v.Name]
		if !ok {
			if index == nil {
				index = make(map[string]int)
			}
			index[v.Name] = len(kpis)
			kpis = append(kpis, kpiHistory{latest: *v})
			continue
		}
		kpis[j].add(v)
	}
	if len(kpis) == 0 {
		return nil
	}
	slices.SortFunc(kpis, func(a, b kpiHistory) int { return strings.Compare(a.latest.Name, b.latest.Name) })

	tiles := make([]feed.KPITile, len(kpis))
	for i, k := range kpis {
		tiles[i] = feed.KPITile{
			Name:   k.latest.Name,
			Value:  k.latest.Value,
			Unit:   k.latest.Unit,
			Better: k.latest.Better,
			At:     k.latest.At,
		}
		if k.hasPrevious {
			tiles[i].Previous = ptr(k.previous.Value)
		}
	}
	return tiles
}

// kpiHistory keeps the two most recent distinct instants of one KPI.
type kpiHistory struct {
	latest, previous feed.KPI
	hasPrevious      bool
}

func (h *kpiHistory) add(v *feed.KPI) {
	switch {
	case v.At.After(h.latest.At):
		h.previous, h.hasPrevious = h.latest, true
		h.latest = *v
	case v.At.Equal(h.latest.At):
		h.latest = *v
	case !h.hasPrevious || !v.At.Before(h.previous.At):
		h.previous, h.hasPrevious = *v, true
	}
}
