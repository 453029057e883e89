// Package ingest turns untrusted input — webhook JSON, CSV exports, polled
// feeds — into validated feed values. Fields that identify a person are
// dropped here, so they never reach the store.
package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// MaxBatch is the most items one request may carry.
const MaxBatch = 1000

// ClockSkew is how far in the future an answer may be dated, for sources
// whose clocks run a little fast.
const ClockSkew = 5 * time.Minute

// ErrMalformed marks input that is not the JSON shape expected at all, as
// opposed to well-formed input with an invalid field.
var ErrMalformed = errors.New("malformed JSON")

// wireFeedback is a feedback object as sources post it. Score is a pointer
// so that a missing score is told apart from 0.
type wireFeedback struct {
	ID         string `json:"id"`
	Source     string `json:"source"` // only honoured by Demo
	Scale      string `json:"scale"`
	Score      *int   `json:"score"`
	Comment    string `json:"comment"`
	Touchpoint string `json:"touchpoint"`
	CreatedAt  string `json:"created_at"`
	// UpdatedAt marks a later version of an answer already sent: it
	// replaces the stored one when it is later than that one's.
	UpdatedAt string `json:"updated_at"`
	Language  string `json:"language"`
}

// DecodeFeedback parses body — one feedback object or an array of them —
// posted by source, whose answers default to scale. Answers without
// created_at are dated now. The first invalid item fails the whole batch
// with a *feed.FieldError naming its index and field.
func DecodeFeedback(body []byte, source string, scale feed.Scale, now time.Time) ([]feed.Feedback, error) {
	body = bytes.TrimSpace(body)
	// encoding/json would quietly replace invalid UTF-8 with U+FFFD.
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("%w: body is not valid UTF-8", ErrMalformed)
	}
	var wire []wireFeedback
	single := len(body) > 0 && body[0] == '{'
	if single {
		var w wireFeedback
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		wire = []wireFeedback{w}
	} else if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("%w: want an object or an array of objects: %v", ErrMalformed, err)
	}
	if len(wire) == 0 {
		return nil, fmt.Errorf("%w: no feedback items", ErrMalformed)
	}
	if len(wire) > MaxBatch {
		return nil, fmt.Errorf("%d items in one request; at most %d", len(wire), MaxBatch)
	}
	out := make([]feed.Feedback, len(wire))
	for i, w := range wire {
		f, err := w.toFeedback(source, scale, now)
		if err != nil {
			var fe *feed.FieldError
			if errors.As(err, &fe) {
				fe.Index = i
				if single {
					fe.Index = -1
				}
			}
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func (w wireFeedback) toFeedback(source string, scale feed.Scale, now time.Time) (feed.Feedback, error) {
	f := feed.Feedback{
		ID:         w.ID,
		Source:     source,
		Scale:      scale,
		Comment:    w.Comment,
		Touchpoint: w.Touchpoint,
		Language:   w.Language,
		CreatedAt:  now.UTC(),
	}
	if w.Scale != "" {
		f.Scale = feed.Scale(w.Scale)
	}
	if w.Score == nil {
		return f, &feed.FieldError{Field: "score", Reason: "is required"}
	}
	f.Score = *w.Score
	for _, tf := range []struct {
		name, value string
		out         *time.Time
	}{{"created_at", w.CreatedAt, &f.CreatedAt}, {"updated_at", w.UpdatedAt, &f.UpdatedAt}} {
		if tf.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, tf.value)
		if err != nil {
			return f, &feed.FieldError{Field: tf.name, Reason: fmt.Sprintf("%q is not an RFC 3339 time", tf.value)}
		}
		if t.After(now.Add(ClockSkew)) {
			return f, &feed.FieldError{Field: tf.name, Reason: fmt.Sprintf("%s is in the future", tf.value)}
		}
		*tf.out = t.UTC()
	}
	return f, f.Validate()
}
