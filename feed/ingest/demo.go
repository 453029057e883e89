package ingest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Demo parses the project's demo data (a JSON array of feedback objects that
// name their source) and moves every time by the same amount so that the
// newest answer is dated now: the demo always looks like the last 12 weeks.
func Demo(data []byte, now time.Time) ([]feed.Feedback, error) {
	var wire []wireFeedback
	if err := json.Unmarshal(data, &wire); err != nil {
		return nil, fmt.Errorf("demo feedback: %w", err)
	}
	out := make([]feed.Feedback, 0, len(wire))
	var newest time.Time
	for i, w := range wire {
		if w.CreatedAt == "" {
			return nil, fmt.Errorf("demo feedback: item %d: created_at is required", i)
		}
		f, err := w.toFeedback(w.Source, feed.ScaleNPS, now)
		if err != nil {
			return nil, fmt.Errorf("demo feedback: item %d: %w", i, err)
		}
		if f.CreatedAt.After(newest) {
			newest = f.CreatedAt
		}
		out = append(out, f)
	}
	shift := now.Sub(newest)
	for i := range out {
		out[i].CreatedAt = out[i].CreatedAt.Add(shift)
	}
	return out, nil
}

// DemoKPIs parses the demo KPI values and shifts them like Demo.
func DemoKPIs(data []byte, now time.Time) ([]feed.KPI, error) {
	var kpis []feed.KPI
	if err := json.Unmarshal(data, &kpis); err != nil {
		return nil, fmt.Errorf("demo kpis: %w", err)
	}
	var newest time.Time
	for _, k := range kpis {
		if k.At.After(newest) {
			newest = k.At
		}
	}
	shift := now.Sub(newest)
	for i := range kpis {
		kpis[i].At = kpis[i].At.Add(shift)
	}
	return kpis, nil
}
