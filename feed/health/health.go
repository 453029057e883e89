// Package health keeps, for each source, how its deliveries went: when it
// last succeeded, its last error, and how many answers it stored, updated,
// repeated, skipped and had rejected. Webhooks, imports, posts and pulls
// all report here; the server shows the board at GET /api/v1/sources, on
// the fleet page, in /metrics (cxtv_source_*) and on /healthz.
package health

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Result is what one delivery, import or pull of a source came to.
type Result struct {
	Via        string // webhook, import, post or pull
	New        int
	Updated    int
	Duplicates int
	Skipped    int    // items left out (no score, a preview, …)
	SkipReason string // why the first of them was
	// Err is a delivery refused as a whole (a malformed body) or a pull
	// that failed; nil for one that was taken.
	Err error
	// Refused marks Err as a request without the source's token or
	// signature. It is counted and kept as the last refusal, but does not
	// make the source failing: anyone who knows the URL can send one.
	Refused bool
}

// Status is one source's line on the board.
type Status struct {
	Source string `json:"source"`
	Type   string `json:"type"`
	// OK is false while the source's last delivery failed, or left every
	// item out; a source that has delivered nothing yet is OK.
	OK          bool      `json:"ok"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	Stored      int64     `json:"stored"`
	Updated     int64     `json:"updated"`
	Duplicates  int64     `json:"duplicates"`
	Skipped     int64     `json:"skipped"`
	Rejected    int64     `json:"rejected"`
	// LastRefused is the last request refused for its token or signature:
	// a wrong secret in the tool, or someone else trying the URL.
	LastRefused   string    `json:"last_refused,omitempty"`
	LastRefusedAt time.Time `json:"last_refused_at,omitzero"`
}

// Source names a configured source and its type.
type Source struct{ Name, Type string }

// Board is the health of every configured source. It is safe for
// concurrent use.
type Board struct {
	now func() time.Time

	mu    sync.Mutex
	order []string
	by    map[string]*Status

	skipRuns map[string]int // deliveries in a row that stored nothing and skipped something

	answers     *prometheus.CounterVec
	rejected    *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	failing     *prometheus.GaugeVec
}

// New returns an empty board; now dates the results.
func New(now func() time.Time) *Board {
	return &Board{
		now:      now,
		by:       map[string]*Status{},
		skipRuns: map[string]int{},
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_source_answers_total",
			Help: "Answers a source delivered, by source and result (new, updated, duplicate, skipped)."},
			[]string{"source", "result"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_source_rejected_total",
			Help: "Deliveries, imports and pulls of a source refused or failed as a whole, by source."},
			[]string{"source"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cxtv_source_last_success_timestamp_seconds",
			Help: "When a source last delivered something that was taken, by source."},
			[]string{"source"}),
		failing: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cxtv_source_failing",
			Help: "1 while a source's last delivery failed or left every item out, by source."},
			[]string{"source"}),
	}
}

// Collectors returns the board's metrics, for registering.
func (b *Board) Collectors() []prometheus.Collector {
	return []prometheus.Collector{b.answers, b.rejected, b.lastSuccess, b.failing}
}

// SetSources makes list the configured sources, in order. A source kept
// keeps its history; one no longer listed is forgotten, metrics included.
func (b *Board) SetSources(list []Source) {
	b.mu.Lock()
	defer b.mu.Unlock()
	next := make(map[string]*Status, len(list))
	b.order = b.order[:0]
	for _, s := range list {
		st, ok := b.by[s.Name]
		if !ok {
			st = &Status{Source: s.Name, OK: true}
			b.failing.WithLabelValues(s.Name).Set(0)
		}
		st.Type = s.Type
		next[s.Name] = st
		b.order = append(b.order, s.Name)
	}
	for name := range b.by {
		if next[name] == nil {
			b.forget(name)
		}
	}
	b.by = next
}

func (b *Board) forget(name string) {
	for _, r := range []string{"new", "updated", "duplicate", "skipped"} {
		b.answers.DeleteLabelValues(name, r)
	}
	b.rejected.DeleteLabelValues(name)
	b.lastSuccess.DeleteLabelValues(name)
	b.failing.DeleteLabelValues(name)
	delete(b.skipRuns, name)
}

// SkipRun is how many webhook deliveries or posts in a row may leave every
// item out before the source counts as failing. One alone is ordinary: a
// partial response SurveyMonkey reports, a Delighted survey type cxtv
// does not show. A pull or an import that leaves every item out fails at
// once.
const SkipRun = 10

// Record adds r to source's line. A result that took no item and left
// some out is a failure too — a feed whose every entry is skipped has
// stopped delivering as surely as one that does not answer — at once for
// a pull or an import, after SkipRun in a row for deliveries.
func (b *Board) Record(source string, r Result) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.by[source]
	if st == nil {
		return // removed by a reload while its delivery ran
	}
	now := b.now().UTC()
	if r.Refused {
		st.Rejected++
		b.rejected.WithLabelValues(source).Inc()
		st.LastRefused, st.LastRefusedAt = r.Via+": "+r.Err.Error(), now
		return
	}
	st.Stored += int64(r.New)
	st.Updated += int64(r.Updated)
	st.Duplicates += int64(r.Duplicates)
	st.Skipped += int64(r.Skipped)
	for _, c := range [...]struct {
		result string
		n      int
	}{{"new", r.New}, {"updated", r.Updated}, {"duplicate", r.Duplicates}, {"skipped", r.Skipped}} {
		if c.n > 0 {
			b.answers.WithLabelValues(source, c.result).Add(float64(c.n))
		}
	}
	err := r.Err
	if err == nil && r.New+r.Updated+r.Duplicates == 0 && r.Skipped > 0 {
		b.skipRuns[source]++
		switch n := b.skipRuns[source]; {
		case r.Via == "pull" || r.Via == "import":
			err = fmt.Errorf("every item was left out (%d); the first: %s", r.Skipped, r.SkipReason)
		case n >= SkipRun:
			err = fmt.Errorf("the last %d deliveries were all left out; the last: %s", n, r.SkipReason)
		default:
			return // neither a success nor yet a failure
		}
	} else if err == nil {
		b.skipRuns[source] = 0
	}
	if err != nil {
		if r.Err != nil {
			st.Rejected++
			b.rejected.WithLabelValues(source).Inc()
		}
		st.OK = false
		st.LastError = r.Via + ": " + err.Error()
		st.LastErrorAt = now
		b.failing.WithLabelValues(source).Set(1)
		return
	}
	st.OK = true
	st.LastSuccess = now
	b.lastSuccess.WithLabelValues(source).Set(float64(now.UnixNano()) / 1e9)
	b.failing.WithLabelValues(source).Set(0)
}

// Statuses returns every source's line, in the configured order.
func (b *Board) Statuses() []Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Status, 0, len(b.order))
	for _, name := range b.order {
		out = append(out, *b.by[name])
	}
	return out
}

// Failing returns the lines of the sources that are not OK.
func (b *Board) Failing() []Status {
	return slices.DeleteFunc(b.Statuses(), func(s Status) bool { return s.OK })
}
