// Package aggregate computes NPS, stars, trends and targets for a channel:
// the numbers of the nps, stars, trend and kpis slides, built from the
// channel's answers and KPI values. The clock is injected: every function
// takes now from its caller, none calls time.Now.
package aggregate

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Defaults for the zero fields of Options.
const (
	DefaultPeriodDays = 30
	DefaultMinAnswers = 30
	DefaultTrendWeeks = 12
)

const secondsPerWeek = 7 * 24 * 60 * 60

// Options say how Compute cuts and judges the answers. A zero or negative
// number takes its default, so the zero Options are the usual ones.
type Options struct {
	PeriodDays int // rolling period, default 30
	// MinAnswers is the number of answers below which a score is not
	// meaningful, default 30. It applies alike to the channel, to the
	// previous period and to each touchpoint, so that "meaningful" means the
	// same thing wherever a screen shows it.
	MinAnswers  int
	TrendWeeks  int      // weeks in the trend series, default 12
	TargetNPS   *float64 // nil: no target
	TargetStars *float64 // nil: no target
}

func (o Options) withDefaults() Options {
	if o.PeriodDays <= 0 {
		o.PeriodDays = DefaultPeriodDays
	}
	if o.MinAnswers <= 0 {
		o.MinAnswers = DefaultMinAnswers
	}
	if o.TrendWeeks <= 0 {
		o.TrendWeeks = DefaultTrendWeeks
	}
	return o
}

// Result holds the scores of one channel at one instant.
type Result struct {
	Period feed.Period
	NPS    *feed.NPSStats  // nil when there are no NPS answers in current or previous period
	Stars  *feed.StarStats // nil when there are no star answers in current or previous period
	Trend  []feed.TrendPoint
}

// Compute scores items as of now. The current period is
// (now − PeriodDays days, now], the previous one the period of the same
// length just before it; answers created after now are ignored, and so are
// answers whose score lies outside their scale (ingest should have refused
// them). The result does not depend on the order of items.
//
// The trend has TrendWeeks weeks starting Monday 00:00 UTC, oldest first,
// the last one being the week that contains now. Its points carry raw
// scores without a minimum number of answers; Responses lets a screen fade
// out thin weeks.
//
// All times in the Result are in UTC. Compute makes one pass over items
// and allocates nothing per item, only per week and per touchpoint.
func Compute(items []feed.Feedback, now time.Time, o Options) Result {
	o = o.withDefaults()
	now = now.UTC() // also drops the monotonic reading, which a Period must not carry
	// In UTC a day is always 24 hours, so AddDate and Add(24h) agree; AddDate
	// cannot overflow a Duration for long periods.
	from := now.AddDate(0, 0, -o.PeriodDays)
	prevFrom := from.AddDate(0, 0, -o.PeriodDays)
	firstWeek := weekStart(now).AddDate(0, 0, -7*(o.TrendWeeks-1))
	firstWeekUnix := firstWeek.Unix()

	var cur, prev tally
	weeks := make([]tally, o.TrendWeeks)
	var touchpoints map[string]*touchpointTally
	for i := range items {
		f := &items[i] // a Feedback is too large to copy 100,000 times
		if !valid(f.Scale, f.Score) || f.CreatedAt.After(now) {
			continue
		}
		current := f.CreatedAt.After(from)
		switch {
		case current:
			cur.add(f.Scale, f.Score)
		case f.CreatedAt.After(prevFrom):
			prev.add(f.Scale, f.Score)
		}
		if f.Touchpoint != "" && f.CreatedAt.After(prevFrom) {
			tp := touchpoints[f.Touchpoint]
			if tp == nil {
				if touchpoints == nil {
					touchpoints = make(map[string]*touchpointTally)
				}
				tp = new(touchpointTally)
				touchpoints[f.Touchpoint] = tp
			}
			if current {
				tp.cur.add(f.Scale, f.Score)
			} else {
				tp.prev.add(f.Scale, f.Score)
			}
		}
		// Unix rounds down to the second, and weeks start on a whole
		// second, so this sorts an answer into the same week as its exact
		// time would.
		if u := f.CreatedAt.Unix(); u >= firstWeekUnix {
			weeks[(u-firstWeekUnix)/secondsPerWeek].add(f.Scale, f.Score)
		}
	}
	return result(now, o, cur, prev, touchpoints, weeks)
}

// result makes the Result of the tallies of one instant: now and o as
// Compute has them (o with defaults, now in UTC), the current and previous
// period, the touchpoints that have answers in either (nil: none), and the
// trend's weeks, oldest first. Compute and Window share it, so that they
// cannot come to differ.
func result(now time.Time, o Options, cur, prev tally, touchpoints map[string]*touchpointTally, weeks []tally) Result {
	from := now.AddDate(0, 0, -o.PeriodDays)
	firstWeek := weekStart(now).AddDate(0, 0, -7*(o.TrendWeeks-1))
	r := Result{
		Period: feed.Period{From: from, To: now, Days: o.PeriodDays},
		Trend:  make([]feed.TrendPoint, len(weeks)),
	}
	if cur.nps.responses()+prev.nps.responses() > 0 {
		r.NPS = npsStats(cur.nps, prev.nps, touchpoints, o)
	}
	if cur.stars.responses()+prev.stars.responses() > 0 {
		r.Stars = starStats(cur.stars, prev.stars, touchpoints, o)
	}
	for i, w := range weeks {
		p := feed.TrendPoint{
			Week:      firstWeek.AddDate(0, 0, 7*i),
			Responses: w.nps.responses() + w.stars.responses(),
		}
		if w.nps.responses() > 0 {
			p.NPS = ptr(w.nps.score())
		}
		if w.stars.responses() > 0 {
			p.Stars = ptr(w.stars.average())
		}
		r.Trend[i] = p
	}
	return r
}

func npsStats(cur, prev npsTally, touchpoints map[string]*touchpointTally, o Options) *feed.NPSStats {
	s := &feed.NPSStats{
		Score:      cur.score(),
		Promoters:  cur.promoters,
		Passives:   cur.passives,
		Detractors: cur.detractors,
		Responses:  cur.responses(),
		Meaningful: cur.responses() >= o.MinAnswers,
		Target:     clone(o.TargetNPS),
	}
	if prev.responses() >= o.MinAnswers {
		s.Previous = ptr(prev.score())
	}
	// Answers without a touchpoint count for the channel but get no entry of
	// their own: a screen has no name to put on it. A touchpoint without
	// answers in the current period gets none either: it has no score to
	// show, only a previous one.
	if len(touchpoints) > 0 {
		s.ByTouchpoint = make([]feed.TouchpointNPS, 0, len(touchpoints))
	}
	for name, t := range touchpoints {
		if t.cur.nps.responses() == 0 {
			continue
		}
		tp := feed.TouchpointNPS{
			Touchpoint: name,
			Score:      t.cur.nps.score(),
			Responses:  t.cur.nps.responses(),
			Meaningful: t.cur.nps.responses() >= o.MinAnswers,
		}
		if t.prev.nps.responses() >= o.MinAnswers {
			tp.Previous = ptr(t.prev.nps.score())
		}
		s.ByTouchpoint = append(s.ByTouchpoint, tp)
	}
	slices.SortFunc(s.ByTouchpoint, func(a, b feed.TouchpointNPS) int {
		return byAnswers(a.Responses, b.Responses, a.Touchpoint, b.Touchpoint)
	})
	return s
}

func starStats(cur, prev starTally, touchpoints map[string]*touchpointTally, o Options) *feed.StarStats {
	s := &feed.StarStats{
		Average:    cur.average(),
		Counts:     cur,
		Responses:  cur.responses(),
		Meaningful: cur.responses() >= o.MinAnswers,
		Target:     clone(o.TargetStars),
	}
	if prev.responses() >= o.MinAnswers {
		s.Previous = ptr(prev.average())
	}
	if len(touchpoints) > 0 {
		s.ByTouchpoint = make([]feed.TouchpointStars, 0, len(touchpoints))
	}
	for name, t := range touchpoints { // as for NPS
		if t.cur.stars.responses() == 0 {
			continue
		}
		tp := feed.TouchpointStars{
			Touchpoint: name,
			Average:    t.cur.stars.average(),
			Responses:  t.cur.stars.responses(),
			Meaningful: t.cur.stars.responses() >= o.MinAnswers,
		}
		if t.prev.stars.responses() >= o.MinAnswers {
			tp.Previous = ptr(t.prev.stars.average())
		}
		s.ByTouchpoint = append(s.ByTouchpoint, tp)
	}
	slices.SortFunc(s.ByTouchpoint, func(a, b feed.TouchpointStars) int {
		return byAnswers(a.Responses, b.Responses, a.Touchpoint, b.Touchpoint)
	})
	return s
}

// byAnswers orders touchpoints most answers first, then by name, so that
// a list cut to its first entries keeps the best-founded ones.
func byAnswers(an, bn int, a, b string) int {
	if c := cmp.Compare(bn, an); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// touchpointTally counts one touchpoint's answers in the current and the
// previous period.
type touchpointTally struct{ cur, prev tally }

// weekStart returns Monday 00:00 of the ISO week of t, which must be in UTC.
func weekStart(t time.Time) time.Time {
	y, m, d := t.Date()
	daysSinceMonday := (int(t.Weekday()) + 6) % 7
	return time.Date(y, m, d-daysSinceMonday, 0, 0, 0, 0, time.UTC)
}

func valid(scale feed.Scale, score int) bool {
	if scale != feed.ScaleNPS && scale != feed.ScaleStars {
		return false
	}
	lo, hi := scale.Range()
	return lo <= score && score <= hi
}

// tally counts the answers of one period or week.
type tally struct {
	nps   npsTally
	stars starTally
}

// add counts an answer that valid accepted.
func (t *tally) add(scale feed.Scale, score int) { t.addN(scale, score, 1) }

// addN counts an answer that valid accepted n times; n = -1 takes it back.
func (t *tally) addN(scale feed.Scale, score, n int) {
	if scale == feed.ScaleNPS {
		t.nps.addN(score, n)
	} else {
		t.stars[score-1] += n
	}
}

// zero reports whether the tally counts nothing.
func (t *tally) zero() bool { return t.nps.responses()+t.stars.responses() == 0 }

type npsTally struct{ promoters, passives, detractors int }

func (t *npsTally) addN(score, n int) {
	switch feed.CategoryOf(feed.ScaleNPS, score) {
	case feed.Promoter:
		t.promoters += n
	case feed.Passive:
		t.passives += n
	default:
		t.detractors += n
	}
}

func (t npsTally) responses() int { return t.promoters + t.passives + t.detractors }

// score is %promoters − %detractors, unrounded: screens round. It is 0
// without answers rather than NaN, which JSON cannot carry.
func (t npsTally) score() float64 {
	n := t.responses()
	if n == 0 {
		return 0
	}
	return float64(t.promoters-t.detractors) * 100 / float64(n)
}

// starTally counts answers per star, [0] being one star; it is the
// layout of feed.StarStats.Counts.
type starTally [5]int

func (t starTally) responses() int { return t[0] + t[1] + t[2] + t[3] + t[4] }

// average is 0 without answers rather than NaN, which JSON cannot carry.
func (t starTally) average() float64 {
	n := t.responses()
	if n == 0 {
		return 0
	}
	sum := t[0] + 2*t[1] + 3*t[2] + 4*t[3] + 5*t[4]
	return float64(sum) / float64(n)
}

func ptr(f float64) *float64 { return &f }

// clone copies a target, so that a Result shares no memory with the caller's
// Options and a later change to them cannot alter a snapshot already built.
func clone(p *float64) *float64 {
	if p == nil {
		return nil
	}
	return ptr(*p)
}
