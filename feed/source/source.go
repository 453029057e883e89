// Package source holds what the survey and review tool adapters under it
// share: one response as a tool delivers it, turned into the feedback the
// server stores. Each tool has its own subpackage (qualtrics, googleforms,
// appstore, googleplay, delighted, typeform, surveymonkey so far) that owns
// its decoding, signature check or pull; none of them keeps a field that
// identifies a person. What more than one adapter reads the same way lives
// here too: CSV files and their score and date cells, comments, quoting in
// error messages, JSON errors and base URLs.
package source

import (
	"errors"
	"fmt"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// ErrIgnored is wrapped by the error of a delivery that carries no
// response: an event type a tool sends besides (unsubscribe.created,
// form_response_partial) or adds later. The server acknowledges it, so
// that the tool does not retry it, and stores nothing.
var ErrIgnored = errors.New("acknowledged and ignored")

// ErrFetch is wrapped by the error of a delivery whose responses had to be
// read from the tool's API, and could not be (SurveyMonkey's callbacks
// carry only an id): the tool is at fault, not the delivery.
var ErrFetch = errors.New("could not read the response from the tool's API")

// Response is one respondent's answer in a tool's terms, after the adapter
// dropped every personal field. A response may carry an NPS answer, a star
// rating or both; nil means the respondent skipped that question.
type Response struct {
	ID         string // the tool's response id, stable across updates
	NPS        *int   // 0–10
	Stars      *int   // 1–5
	Comment    string
	Touchpoint string
	Language   string
	CreatedAt  time.Time
	UpdatedAt  time.Time // zero when the tool gives no modification time
}

// StarsSuffix tells a response's star rating from its NPS answer: both are
// stored, under ID and ID+StarsSuffix.
const StarsSuffix = "#stars"

// Feedback returns the stored answers of r for the source named source: one
// per answered scale. The comment goes with the NPS answer when there is
// one, else with the stars, so that it is shown and counted once. A response
// with neither score is an error naming the response.
func (r Response) Feedback(source string) ([]feed.Feedback, error) {
	if r.NPS == nil && r.Stars == nil {
		return nil, fmt.Errorf("response %q: no score (neither NPS nor stars answered)", r.ID)
	}
	base := feed.Feedback{
		ID:         r.ID,
		Source:     source,
		Touchpoint: r.Touchpoint,
		CreatedAt:  r.CreatedAt,
		UpdatedAt:  r.UpdatedAt,
		Language:   r.Language,
	}
	var out []feed.Feedback
	if r.NPS != nil {
		f := base
		f.Scale, f.Score, f.Comment = feed.ScaleNPS, *r.NPS, r.Comment
		out = append(out, f)
	}
	if r.Stars != nil {
		f := base
		f.ID += StarsSuffix
		f.Scale, f.Score = feed.ScaleStars, *r.Stars
		if r.NPS == nil {
			f.Comment = r.Comment
		}
		out = append(out, f)
	}
	for _, f := range out {
		if err := f.Validate(); err != nil {
			return nil, fmt.Errorf("response %q: %w", r.ID, err)
		}
	}
	return out, nil
}

// Skipped is a response an adapter left out, and why (an unfinished
// response, a preview, a review without a rating).
type Skipped struct {
	ID     string
	Reason string
}

func (s Skipped) String() string {
	if s.ID == "" {
		return s.Reason
	}
	return fmt.Sprintf("%s: %s", s.ID, s.Reason)
}

// Batch is what an adapter made of one delivery, page or file.
type Batch struct {
	Items   []feed.Feedback
	Skipped []Skipped
}

// Add appends r's answers to b, or records r as skipped when it has no
// valid answer.
func (b *Batch) Add(source string, r Response) {
	items, err := r.Feedback(source)
	if err != nil {
		b.Skipped = append(b.Skipped, Skipped{ID: r.ID, Reason: err.Error()})
		return
	}
	b.Items = append(b.Items, items...)
}

// Skip records a response left out.
func (b *Batch) Skip(id, reason string) {
	b.Skipped = append(b.Skipped, Skipped{ID: id, Reason: reason})
}

// Int returns a pointer to v, for Response scores.
func Int(v int) *int { return &v }
