package aggregate

import (
	"time"

	"github.com/google/btree"

	"github.com/cxtv/cxtv/feed"
)

// Window keeps the scores of one channel up to date as its answers come,
// change and go, so that a new answer costs in proportion to itself and
// not to the answers held: Result(now) is what Compute of every held
// answer at now returns, to the last field, but it counts only the
// answers that crossed a boundary (the start of the period, of the
// previous period, or now itself) since the last Result.
//
// A Window holds no comment text, only what a score needs: about 125
// bytes an answer, its key included (BenchmarkWindowMemory). The caller decides what it holds: Prune drops what no score
// can use any more (Since tells from when). It is not safe for concurrent
// use.
type Window struct {
	o      Options // with defaults
	slots  []held  // the answers; a free one has no key
	free   []int32 // free slots
	byKey  map[string]int32
	byTime *btree.BTreeG[ref]
	names  []string // touchpoints, by held.tp
	index  map[string]int32

	// The tallies as of at, a Result's now in Unix nanoseconds, when
	// tallied; else none are kept.
	tallied   bool
	at        int64
	cur, prev tally
	touch     map[int32]*touchpointTally // those with answers in either period
	weeks     map[int64]*tally           // by week number (weekOf), answers at or before at
}

// held is one answer as a Window keeps it: 32 bytes.
type held struct {
	key   string // the caller's
	at    int64  // CreatedAt in Unix nanoseconds
	tp    int32  // index into Window.names; -1: no touchpoint
	nps   bool   // the scale; false: stars
	ok    bool   // valid: Compute counts it at all
	score int8
}

// ref orders the answers by time, and those of one instant by slot.
type ref struct {
	at   int64
	slot int32
}

func (h held) scale() feed.Scale {
	if h.nps {
		return feed.ScaleNPS
	}
	return feed.ScaleStars
}

func lessRef(a, b ref) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.slot < b.slot
}

// NewWindow returns an empty window scoring by o.
func NewWindow(o Options) *Window {
	return &Window{
		o:      o.withDefaults(),
		byKey:  map[string]int32{},
		byTime: btree.NewG(32, lessRef),
		index:  map[string]int32{},
	}
}

// Len is the number of answers held.
func (w *Window) Len() int { return len(w.byKey) }

// Add holds f under key (its source and id), in place of the answer held
// under key before, if any: an updated answer. It returns the slot that
// holds it, a number below Slots that names it until it is removed.
func (w *Window) Add(key string, f feed.Feedback) int32 {
	w.Remove(key)
	h := held{
		key: key, at: f.CreatedAt.UnixNano(), tp: -1,
		nps: f.Scale == feed.ScaleNPS, ok: valid(f.Scale, f.Score),
	}
	if h.ok {
		h.score = int8(f.Score)
	}
	if f.Touchpoint != "" {
		h.tp = w.intern(f.Touchpoint)
	}
	var slot int32
	if n := len(w.free); n > 0 {
		slot, w.free = w.free[n-1], w.free[:n-1]
		w.slots[slot] = h
	} else {
		slot = int32(len(w.slots))
		w.slots = append(w.slots, h)
	}
	w.byKey[key] = slot
	w.byTime.ReplaceOrInsert(ref{at: h.at, slot: slot})
	if w.tallied {
		w.count(h, w.at, 1)
	}
	return slot
}

// Slot returns the slot of the answer held under key.
func (w *Window) Slot(key string) (int32, bool) {
	slot, ok := w.byKey[key]
	return slot, ok
}

// Key returns the key of the answer in slot; "" for a free slot or −1.
func (w *Window) Key(slot int32) string {
	if slot < 0 {
		return ""
	}
	return w.slots[slot].key
}

// Slots is one more than the highest slot given out so far: a caller
// keeping something per answer can keep it in a slice of this length.
func (w *Window) Slots() int { return len(w.slots) }

// Remove lets go of the answer held under key, if any.
func (w *Window) Remove(key string) {
	slot, ok := w.byKey[key]
	if !ok {
		return
	}
	w.drop(slot)
}

// drop lets go of the answer in slot.
func (w *Window) drop(slot int32) {
	h := w.slots[slot]
	delete(w.byKey, h.key)
	w.byTime.Delete(ref{at: h.at, slot: slot})
	w.slots[slot] = held{}
	w.free = append(w.free, slot)
	if w.tallied {
		w.count(h, w.at, -1)
	}
}

// SetOptions scores by o from now on. The next Result counts every held
// answer afresh, as a change of period or of trend weeks moves every
// boundary.
func (w *Window) SetOptions(o Options) {
	w.o = o.withDefaults()
	w.tallied = false
}

// Since is the oldest instant whose answers can count for a Result at now
// or later: the start of the previous period, or of the trend's first
// week when that is older.
func (w *Window) Since(now time.Time) time.Time {
	now = now.UTC()
	prev := now.AddDate(0, 0, -2*w.o.PeriodDays)
	first := weekStart(now).AddDate(0, 0, -7*(w.o.TrendWeeks-1))
	if first.Before(prev) {
		return first
	}
	return prev
}

// Prune lets go of the answers created before t and returns how many.
func (w *Window) Prune(t time.Time) int {
	var old []int32
	limit := t.UnixNano()
	w.byTime.Ascend(func(r ref) bool {
		if r.at >= limit {
			return false
		}
		old = append(old, r.slot)
		return true
	})
	for _, slot := range old {
		w.drop(slot)
	}
	return len(old)
}

// Result scores the held answers as of now, as Compute would.
func (w *Window) Result(now time.Time) Result {
	now = now.UTC() // as Compute: UTC, no monotonic reading
	n := now.UnixNano()
	period := int64(w.o.PeriodDays) * int64(24*time.Hour)
	switch {
	case !w.tallied || n < w.at || n-w.at >= period:
		// The first time, a clock set back, a jump of a whole period or
		// new options: every answer afresh.
		w.recount(n)
	case n > w.at:
		w.advance(n, period)
	}
	weeks := make([]tally, w.o.TrendWeeks)
	first := weekOf(weekStart(now).AddDate(0, 0, -7*(w.o.TrendWeeks-1)).Unix())
	for i := range weeks {
		if t := w.weeks[first+int64(i)]; t != nil {
			weeks[i] = *t
		}
	}
	var touchpoints map[string]*touchpointTally
	if len(w.touch) > 0 {
		touchpoints = make(map[string]*touchpointTally, len(w.touch))
		for i, t := range w.touch {
			c := *t
			touchpoints[w.names[i]] = &c
		}
	}
	return result(now, w.o, w.cur, w.prev, touchpoints, weeks)
}

// recount tallies every held answer as of n.
func (w *Window) recount(n int64) {
	w.tallied, w.at = true, n
	w.cur, w.prev = tally{}, tally{}
	w.touch = map[int32]*touchpointTally{}
	w.weeks = map[int64]*tally{}
	w.byTime.Ascend(func(r ref) bool {
		w.count(w.slots[r.slot], n, 1)
		return true
	})
}

// advance moves the tallies from w.at to n, less than a period later:
// answers created in (at, n] begin to count, those that were in the
// current period's first stretch pass to the previous one, and those in
// the previous period's first stretch leave it. The three stretches do
// not overlap, as n − at is less than a period.
func (w *Window) advance(n, period int64) {
	at := w.at
	w.each(at-2*period, n-2*period, func(h held) { w.period(h, &w.prev, -1, func(t *touchpointTally) *tally { return &t.prev }) })
	w.each(at-period, n-period, func(h held) {
		w.period(h, &w.cur, -1, func(t *touchpointTally) *tally { return &t.cur })
		w.period(h, &w.prev, 1, func(t *touchpointTally) *tally { return &t.prev })
	})
	w.at = n
	w.each(at, n, func(h held) { w.count(h, n, 1) })
}

// each calls fn for the valid answers created in (from, to], oldest
// first.
func (w *Window) each(from, to int64, fn func(held)) {
	var in []held
	w.byTime.AscendGreaterOrEqual(ref{at: from + 1, slot: -1}, func(r ref) bool {
		if r.at > to {
			return false
		}
		if h := w.slots[r.slot]; h.ok {
			in = append(in, h)
		}
		return true
	})
	for _, h := range in {
		fn(h)
	}
}

// count adds (d = 1) or takes back (d = −1) h's part in the tallies as of
// n, as Compute counts it.
func (w *Window) count(h held, n int64, d int) {
	if !h.ok || h.at > n {
		return
	}
	wk := weekOf(floorDiv(h.at, int64(time.Second)))
	t := w.weeks[wk]
	if t == nil {
		t = new(tally)
		w.weeks[wk] = t
	}
	t.addN(h.scale(), int(h.score), d)
	if t.zero() {
		delete(w.weeks, wk)
	}
	period := int64(w.o.PeriodDays) * int64(24*time.Hour)
	switch {
	case h.at > n-period:
		w.period(h, &w.cur, d, func(t *touchpointTally) *tally { return &t.cur })
	case h.at > n-2*period:
		w.period(h, &w.prev, d, func(t *touchpointTally) *tally { return &t.prev })
	}
}

// period counts h d times in the channel's tally of one period and in
// its touchpoint's, which part picks; a touchpoint left with no answers
// in either period is dropped, as Compute would not list it.
func (w *Window) period(h held, all *tally, d int, part func(*touchpointTally) *tally) {
	all.addN(h.scale(), int(h.score), d)
	if h.tp < 0 {
		return
	}
	t := w.touch[h.tp]
	if t == nil {
		t = new(touchpointTally)
		w.touch[h.tp] = t
	}
	part(t).addN(h.scale(), int(h.score), d)
	if t.cur.zero() && t.prev.zero() {
		delete(w.touch, h.tp)
	}
}

func (w *Window) intern(name string) int32 {
	if i, ok := w.index[name]; ok {
		return i
	}
	i := int32(len(w.names))
	w.names = append(w.names, name)
	w.index[name] = i
	return i
}

// mondayEpoch is the first Monday 00:00 UTC after the Unix epoch.
const mondayEpoch = 4 * 24 * 60 * 60

// weekOf numbers the week, Monday to Sunday in UTC, that holds the Unix
// second u.
func weekOf(u int64) int64 { return floorDiv(u-mondayEpoch, secondsPerWeek) }

// floorDiv is a / b rounded down, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
