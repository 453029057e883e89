package aggregate_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

// windowModel runs a Window beside the plain list of what it holds, so
// that every Result can be checked against Compute of that list.
type windowModel struct {
	w    *aggregate.Window
	held map[string]feed.Feedback
	o    aggregate.Options
}

func (m *windowModel) check(t *testing.T, step int, what string, now time.Time) {
	t.Helper()
	items := make([]feed.Feedback, 0, len(m.held))
	for _, f := range m.held {
		items = append(items, f)
	}
	want := aggregate.Compute(items, now, m.o)
	if got := m.w.Result(now); !reflect.DeepEqual(got, want) {
		t.Fatalf("step %d (%s, now %v, %d answers, %+v):\nWindow  %s\nCompute %s", step, what, now, len(items), m.o, dump(got), dump(want))
	}
	// Each held answer has a slot of its own that names it.
	slots := map[int32]string{}
	for key := range m.held {
		slot, ok := m.w.Slot(key)
		switch {
		case !ok:
			t.Fatalf("step %d (%s): Slot(%q) not found", step, what, key)
		case int(slot) >= m.w.Slots() || m.w.Key(slot) != key:
			t.Fatalf("step %d (%s): Slot(%q) = %d (of %d) whose Key is %q", step, what, key, slot, m.w.Slots(), m.w.Key(slot))
		case slots[slot] != "":
			t.Fatalf("step %d (%s): %q and %q share slot %d", step, what, key, slots[slot], slot)
		}
		slots[slot] = key
	}
	if m.w.Len() != len(m.held) {
		t.Fatalf("step %d (%s): Len %d, holding %d", step, what, m.w.Len(), len(m.held))
	}
}

func dump(r aggregate.Result) string {
	s := fmt.Sprintf("period %v…%v", r.Period.From, r.Period.To)
	if r.NPS != nil {
		s += fmt.Sprintf(" nps %+v", *r.NPS)
	}
	if r.Stars != nil {
		s += fmt.Sprintf(" stars %+v", *r.Stars)
	}
	for _, p := range r.Trend {
		s += fmt.Sprintf(" [%s %d]", p.Week.Format("01-02"), p.Responses)
	}
	return s
}

// TestWindowMatchesCompute runs random sequences of new answers, updates
// (another score, scale, touchpoint or time), invalid and future answers,
// removals, pruning, clocks moving on by seconds to weeks or set back, and
// new options, and compares the Window's Result with Compute after every
// step.
func TestWindowMatchesCompute(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			o := aggregate.Options{PeriodDays: 30, MinAnswers: 3, TrendWeeks: 12, TargetNPS: ptr(40)}
			m := &windowModel{w: aggregate.NewWindow(o), held: map[string]feed.Feedback{}, o: o}
			now := time.Date(2026, 3, 2, 9, 30, 0, 123, time.UTC)
			touchpoints := []string{"", "Hotline", "Filiale", "App", "Lieferung"}
			answer := func() feed.Feedback {
				f := feed.Feedback{Scale: feed.ScaleNPS, Score: rng.IntN(11), Touchpoint: touchpoints[rng.IntN(len(touchpoints))]}
				if rng.IntN(3) == 0 {
					f.Scale, f.Score = feed.ScaleStars, 1+rng.IntN(5)
				}
				switch rng.IntN(40) {
				case 0:
					f.Score = 12 // invalid: counted nowhere
				case 1:
					f.Scale = "percent"
				}
				// Mostly recent, some old, a few ahead of the clock.
				back := time.Duration(rng.Int64N(int64(150 * 24 * time.Hour)))
				if rng.IntN(4) == 0 {
					back = time.Duration(rng.Int64N(int64(3 * 24 * time.Hour)))
				}
				f.CreatedAt = now.Add(-back)
				if rng.IntN(20) == 0 {
					f.CreatedAt = now.Add(time.Duration(rng.Int64N(int64(10 * 24 * time.Hour))))
				}
				// Boundary instants: exactly a period or two back, or a week start.
				switch rng.IntN(30) {
				case 0:
					f.CreatedAt = now.AddDate(0, 0, -m.o.PeriodDays)
				case 1:
					f.CreatedAt = now.AddDate(0, 0, -2*m.o.PeriodDays)
				case 2:
					y, mo, d := now.Date()
					f.CreatedAt = time.Date(y, mo, d-int(now.Weekday()+6)%7, 0, 0, 0, 0, time.UTC)
				}
				return f
			}
			steps := 3000
			if testing.Short() {
				steps = 500
			}
			for step := range steps {
				var what string
				switch r := rng.IntN(100); {
				case r < 45:
					what = "add"
					key := fmt.Sprintf("s\x00%d", rng.IntN(400))
					f := answer()
					if slot := m.w.Add(key, f); m.w.Key(slot) != key {
						t.Fatalf("step %d: Add(%q) gave slot %d, which holds %q", step, key, slot, m.w.Key(slot))
					}
					m.held[key] = f
				case r < 52:
					what = "remove"
					key := fmt.Sprintf("s\x00%d", rng.IntN(400))
					m.w.Remove(key)
					delete(m.held, key)
				case r < 80:
					what = "later"
					steps := []time.Duration{time.Second, time.Minute, time.Hour, 24 * time.Hour, 6 * 24 * time.Hour, 29 * 24 * time.Hour, 45 * 24 * time.Hour}
					now = now.Add(time.Duration(rng.Int64N(int64(steps[rng.IntN(len(steps))]))) + 1)
				case r < 83:
					what = "earlier"
					now = now.Add(-time.Duration(rng.Int64N(int64(3 * 24 * time.Hour))))
				case r < 86:
					what = "prune"
					since := m.w.Since(now)
					want := 0
					for k, f := range m.held {
						if f.CreatedAt.Before(since) {
							delete(m.held, k)
							want++
						}
					}
					if got := m.w.Prune(since); got != want {
						t.Fatalf("step %d: Prune(%v) = %d, want %d", step, since, got, want)
					}
				case r < 89:
					what = "options"
					m.o = aggregate.Options{
						PeriodDays: []int{0, 7, 30, 90}[rng.IntN(4)],
						MinAnswers: rng.IntN(10),
						TrendWeeks: []int{0, 4, 12, 26}[rng.IntN(4)],
					}
					if rng.IntN(2) == 0 {
						m.o.TargetStars = ptr(4.2)
					}
					m.w.SetOptions(m.o)
				default:
					what = "look" // Result twice at the same instant
				}
				m.check(t, step, what, now)
				if m.w.Len() != len(m.held) {
					t.Fatalf("step %d: Len() = %d, want %d", step, m.w.Len(), len(m.held))
				}
			}
		})
	}
}

func TestWindowSince(t *testing.T) {
	w := aggregate.NewWindow(aggregate.Options{PeriodDays: 30, TrendWeeks: 12})
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // a Wednesday
	// 12 weeks back from the Monday of now's week is older than 60 days.
	if got, want := w.Since(now), time.Date(2025, 12, 15, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Since = %v, want the trend's first Monday %v", got, want)
	}
	w.SetOptions(aggregate.Options{PeriodDays: 90, TrendWeeks: 4})
	if got, want := w.Since(now), now.AddDate(0, 0, -180); !got.Equal(want) {
		t.Errorf("Since = %v, want two periods back %v", got, want)
	}
}

// windowOf holds n answers spread like benchItems.
func windowOf(n int) (*aggregate.Window, []feed.Feedback) {
	items := benchItems(n)
	w := aggregate.NewWindow(aggregate.Options{TargetNPS: ptr(40)})
	for i, f := range items {
		w.Add(fmt.Sprintf("survey\x00%d", i), f)
	}
	return w, items
}

// BenchmarkWindowAdd adds an answer to a window of 1,000,000 and scores
// it a second later: the cost of one new comment reaching a snapshot's
// numbers.
func BenchmarkWindowAdd(b *testing.B) {
	w, _ := windowOf(1_000_000)
	at := now
	w.Result(at)
	f := feed.Feedback{Scale: feed.ScaleNPS, Score: 9, Touchpoint: "Hotline"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		at = at.Add(time.Second)
		f.CreatedAt = at
		w.Add(fmt.Sprintf("new\x00%d", i), f)
		w.Result(at)
	}
}

// BenchmarkCompute1M is what BenchmarkWindowAdd replaces: Compute of all
// the answers for every change.
func BenchmarkCompute1M(b *testing.B) {
	items := benchItems(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		aggregate.Compute(items, now, aggregate.Options{TargetNPS: ptr(40)})
	}
}

// BenchmarkWindowMemory reports the heap a window of 1,000,000 answers
// holds, per answer.
func BenchmarkWindowMemory(b *testing.B) {
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		w, items := windowOf(1_000_000)
		items = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(w.Len()), "B/answer")
		runtime.KeepAlive(w)
		_ = items
	}
}
