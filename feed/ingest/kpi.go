package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

type wireKPI struct {
	Name   string   `json:"name"`
	Value  *float64 `json:"value"`
	Unit   string   `json:"unit"`
	At     string   `json:"at"`
	Better string   `json:"better"`
}

// DecodeKPIs parses one KPI value or an array of them; values without "at"
// are dated now. The first invalid item fails the whole batch.
func DecodeKPIs(body []byte, now time.Time) ([]feed.KPI, error) {
	body = bytes.TrimSpace(body)
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("%w: body is not valid UTF-8", ErrMalformed)
	}
	var wire []wireKPI
	single := len(body) > 0 && body[0] == '{'
	if single {
		var w wireKPI
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		wire = []wireKPI{w}
	} else if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("%w: want an object or an array of objects: %v", ErrMalformed, err)
	}
	if len(wire) == 0 {
		return nil, fmt.Errorf("%w: no KPI values", ErrMalformed)
	}
	if len(wire) > MaxBatch {
		return nil, fmt.Errorf("%d items in one request; at most %d", len(wire), MaxBatch)
	}
	out := make([]feed.KPI, len(wire))
	for i, w := range wire {
		k, err := w.toKPI(now)
		if err != nil {
			var fe *feed.FieldError
			if errors.As(err, &fe) && !single {
				fe.Index = i
			}
			return nil, err
		}
		out[i] = k
	}
	return out, nil
}

func (w wireKPI) toKPI(now time.Time) (feed.KPI, error) {
	fail := func(field, reason string) (feed.KPI, error) {
		return feed.KPI{}, &feed.FieldError{Index: -1, Field: field, Reason: reason}
	}
	switch {
	case w.Name == "":
		return fail("name", "is required")
	case utf8.RuneCountInString(w.Name) > 100:
		return fail("name", "is longer than 100 characters")
	case strings.IndexFunc(w.Name, unicode.IsControl) >= 0:
		return fail("name", "contains a control character")
	case strings.IndexFunc(w.Unit, unicode.IsControl) >= 0:
		return fail("unit", "contains a control character")
	case w.Value == nil:
		return fail("value", "is required")
	case math.IsNaN(*w.Value) || math.IsInf(*w.Value, 0):
		return fail("value", "is not a finite number")
	case utf8.RuneCountInString(w.Unit) > 20:
		return fail("unit", "is longer than 20 characters")
	case w.Better != "" && w.Better != "up" && w.Better != "down":
		return fail("better", fmt.Sprintf("%q is not up or down", w.Better))
	}
	k := feed.KPI{Name: w.Name, Value: *w.Value, Unit: w.Unit, Better: w.Better, At: now.UTC()}
	if w.At != "" {
		t, err := time.Parse(time.RFC3339, w.At)
		if err != nil {
			return fail("at", fmt.Sprintf("%q is not an RFC 3339 time", w.At))
		}
		if t.After(now.Add(ClockSkew)) {
			return fail("at", fmt.Sprintf("%s is in the future", w.At))
		}
		k.At = t.UTC()
	}
	return k, nil
}
