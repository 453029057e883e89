// Package schedule evaluates a channel's opening hours (feed.Schedule):
// whether its screens are on at a given moment, and when that changes
// next. The feed server checks the config with it and the display
// switches its screen by it, so both read the hours the same way.
//
// Hours are wall-clock times in the schedule's time zone: a screen that
// comes on at 07:00 does so at 07:00 local time in summer and in winter.
// On the day clocks go forward a time in the skipped hour is taken as
// the same time an hour later (02:30 becomes 03:30); on the day they go
// back a time in the repeated hour is its second occurrence. Both follow
// time.Date.
package schedule

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Schedule is a compiled feed.Schedule. A nil *Schedule is always on.
// Its methods allocate a little and are meant to run when the state may
// change, not every frame.
type Schedule struct {
	loc   *time.Location
	rules []rule
}

// rule is one entry of the hours: on days from from to to, in minutes
// since midnight. A to at or before from runs into the next day.
type rule struct {
	days     [7]bool // by time.Weekday
	from, to int
}

// FieldError is an invalid key of a schedule; Field is its path inside
// the schedule ("hours[1].from"), for the config to prefix with its own.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// DefaultTimeZone is the zone the config gives a schedule that names none.
const DefaultTimeZone = "Europe/Berlin"

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Compile checks s and returns its evaluator. Nil or no hours: always on.
// An empty time zone is the local one (time.Local). Errors are
// *FieldError values, joined.
func Compile(s *feed.Schedule) (*Schedule, error) {
	if s == nil || len(s.Hours) == 0 {
		return nil, nil
	}
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	out := &Schedule{loc: time.Local}
	if s.TimeZone != "" {
		loc, err := time.LoadLocation(s.TimeZone)
		if err != nil {
			add("time_zone", "%q is not a known time zone (e.g. Europe/Berlin)", s.TimeZone)
		}
		out.loc = loc
	}
	for i, h := range s.Hours {
		p := fmt.Sprintf("hours[%d]", i)
		var r rule
		if len(h.Days) == 0 {
			add(p+".days", "needs at least one day (mon … sun, or a range like mon-fri)")
		}
		for j, d := range h.Days {
			if err := r.addDays(d); err != nil {
				add(fmt.Sprintf("%s.days[%d]", p, j), "%v", err)
			}
		}
		var okFrom, okTo bool
		r.from, okFrom = clock(h.From, false)
		if !okFrom {
			add(p+".from", "%q is not a time like 07:00", h.From)
		}
		r.to, okTo = clock(h.To, true)
		if !okTo {
			add(p+".to", "%q is not a time like 15:30 (24:00: midnight)", h.To)
		}
		if okFrom && okTo && r.from == r.to {
			add(p+".to", "is the same time as from; for the whole day write from: \"00:00\", to: \"24:00\"")
		}
		out.rules = append(out.rules, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// addDays marks a day ("mon") or a range of days ("mon-fri", "fri-sun";
// "sat-mon" wraps around the week).
func (r *rule) addDays(s string) error {
	first, last, isRange := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	a, okA := day(first)
	b, okB := a, okA
	if isRange {
		b, okB = day(strings.TrimSpace(last))
	}
	if !okA || !okB {
		return fmt.Errorf("%q is not a day (mon, tue, wed, thu, fri, sat, sun) or a range like mon-fri", s)
	}
	for d := a; ; d = (d + 1) % 7 {
		r.days[d] = true
		if d == b {
			return nil
		}
	}
}

func day(s string) (int, bool) {
	i := slices.Index(dayNames[:], strings.TrimSpace(s))
	return i, i >= 0
}

// clock parses "07:00" into minutes since midnight; "24:00" only when
// allowed (the end of a day).
func clock(s string, end bool) (int, bool) {
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 {
		return 0, false
	}
	h, okH := digits(hh)
	m, okM := digits(mm)
	switch {
	case !okH || !okM || m > 59:
		return 0, false
	case h < 24:
		return h*60 + m, true
	case h == 24 && m == 0 && end:
		return 24 * 60, true
	}
	return 0, false
}

func digits(s string) (int, bool) {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Always reports whether the schedule has no hours: always on.
func (s *Schedule) Always() bool { return s == nil || len(s.rules) == 0 }

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location {
	if s == nil {
		return time.Local
	}
	return s.loc
}

// On reports whether the screens are on at t.
func (s *Schedule) On(t time.Time) bool {
	if s.Always() {
		return true
	}
	for _, sp := range s.spans(t) {
		if !t.Before(sp.start) && t.Before(sp.end) {
			return true
		}
	}
	return false
}

// Next returns the first moment after t at which On changes, or the zero
// Time when it never does (no hours, or hours that cover the whole week).
func (s *Schedule) Next(t time.Time) time.Time {
	if s.Always() {
		return time.Time{}
	}
	spans := s.spans(t)
	horizon := spans[len(spans)-1].limit
	for _, sp := range spans {
		var at time.Time
		switch {
		case !t.Before(sp.start) && t.Before(sp.end):
			at = sp.end // on now: off at the end of this stretch
		case sp.start.After(t):
			at = sp.start // off now: on at the next start
		default:
			continue
		}
		if !at.Before(horizon) {
			return time.Time{} // on for a whole week: always
		}
		return at
	}
	return time.Time{}
}

// span is a stretch of time during which the screens are on; limit is
// the end of the days that were looked at.
type span struct {
	start, end, limit time.Time
}

// spans returns the on-stretches from the local day before t's to eight
// days after, merged where they overlap or touch (mon 22:00–24:00 and tue
// 00:00–06:00 are one night), in order. It never returns an empty slice
// for a schedule with rules: every rule falls on some day of the week.
func (s *Schedule) spans(t time.Time) []span {
	lt := t.In(s.loc)
	y, m, d := lt.Date()
	const before, after = 1, 8
	limit := time.Date(y, m, d+after+1, 0, 0, 0, 0, s.loc)
	var out []span
	for k := -before; k <= after; k++ {
		wd := time.Date(y, m, d+k, 12, 0, 0, 0, s.loc).Weekday()
		for _, r := range s.rules {
			if !r.days[wd] {
				continue
			}
			endDay := d + k
			if r.to <= r.from {
				endDay++ // past midnight
			}
			start := time.Date(y, m, d+k, r.from/60, r.from%60, 0, 0, s.loc)
			end := time.Date(y, m, endDay, r.to/60, r.to%60, 0, 0, s.loc)
			if end.After(start) { // both in the hour clocks skip: nothing left
				out = append(out, span{start: start, end: end, limit: limit})
			}
		}
	}
	slices.SortFunc(out, func(a, b span) int { return a.start.Compare(b.start) })
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && !sp.start.After(merged[n-1].end) {
			if sp.end.After(merged[n-1].end) {
				merged[n-1].end = sp.end
			}
			continue
		}
		merged = append(merged, sp)
	}
	if len(merged) == 0 {
		// Only possible for a rule wholly inside a skipped hour, which
		// needs a zone that skips one every day: treat as never on.
		merged = append(merged, span{start: limit, end: limit, limit: limit})
	}
	return merged
}

// String describes the schedule for logs: "mon-fri 07:00–15:30, sat
// 09:00–13:00 (Europe/Berlin)".
func (s *Schedule) String() string {
	if s.Always() {
		return "always on"
	}
	parts := make([]string, 0, len(s.rules))
	for _, r := range s.rules {
		parts = append(parts, fmt.Sprintf("%s %02d:%02d–%02d:%02d", r.dayList(), r.from/60, r.from%60, r.to/60, r.to%60))
	}
	return strings.Join(parts, ", ") + " (" + s.loc.String() + ")"
}

// dayList names the rule's days from Monday on, runs of three or more as
// ranges.
func (r rule) dayList() string {
	var out []string
	for i := 0; i < 7; {
		d := (i + 1) % 7 // Monday first
		if !r.days[d] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && r.days[(j+2)%7] {
			j++
		}
		switch {
		case j-i >= 2:
			out = append(out, dayNames[d]+"-"+dayNames[(j+1)%7])
		default:
			for k := i; k <= j; k++ {
				out = append(out, dayNames[(k+1)%7])
			}
		}
		i = j + 1
	}
	return strings.Join(out, ",")
}
