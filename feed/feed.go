// Package feed holds the domain and wire types shared by the feed server and
// the display: customer feedback, KPI values, channel snapshots and the
// messages that carry them over WebSocket. It depends on the standard library
// only, so that the display can import it without pulling in the server.
package feed

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// Scale is the answer scale of one piece of feedback.
type Scale string

// The two scales a source can answer on.
const (
	ScaleNPS   Scale = "nps"   // 0–10, "how likely are you to recommend us?"
	ScaleStars Scale = "stars" // 1–5 stars
)

// ParseScale returns the scale named s, or an error naming s.
func ParseScale(s string) (Scale, error) {
	switch Scale(s) {
	case ScaleNPS, ScaleStars:
		return Scale(s), nil
	}
	return "", fmt.Errorf("unknown scale %q (want nps or stars)", s)
}

// Range returns the lowest and highest score on the scale.
func (s Scale) Range() (lo, hi int) {
	if s == ScaleStars {
		return 1, 5
	}
	return 0, 10
}

// Feedback is one customer answer as the server stores it. It carries no
// field that identifies a person: ingest drops those before a Feedback exists.
type Feedback struct {
	ID         string    `json:"id"`
	Source     string    `json:"source"`
	Scale      Scale     `json:"scale"`
	Score      int       `json:"score"`
	Comment    string    `json:"comment,omitempty"`
	Touchpoint string    `json:"touchpoint,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// UpdatedAt is when the source last changed the answer; zero for an
	// answer that was never changed. A later version replaces an earlier one.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	Language  string    `json:"language,omitempty"`
}

// FeedbackFields are the fields of a Feedback, by their JSON names, that an
// outside document (a CSV export, a polled feed) can hold; the source is
// the server's to set.
var FeedbackFields = []string{"id", "score", "scale", "comment", "touchpoint", "created_at", "language"}

// ImportChunk is how many answers an export's decoder hands on at a time:
// 10,000 answers are a few MB, and a million-row export is 100 store
// transactions, not a million-answer slice.
const ImportChunk = 10_000

// Validate reports the first field of f that is out of bounds.
func (f Feedback) Validate() error {
	if f.ID == "" {
		return fieldError("id", "is required")
	}
	if n := utf8.RuneCountInString(f.ID); n > MaxIDLength {
		return fieldError("id", fmt.Sprintf("is %d characters long; at most %d", n, MaxIDLength))
	}
	for _, tf := range []struct {
		name, value string
		multiline   bool
	}{{"id", f.ID, false}, {"touchpoint", f.Touchpoint, false}, {"language", f.Language, false}, {"comment", f.Comment, true}} {
		if reason := badText(tf.value, tf.multiline); reason != "" {
			return fieldError(tf.name, reason)
		}
	}
	if n := utf8.RuneCountInString(f.Comment); n > MaxCommentLength {
		return fieldError("comment", fmt.Sprintf("is %d characters long; at most %d", n, MaxCommentLength))
	}
	if n := utf8.RuneCountInString(f.Touchpoint); n > MaxIDLength {
		return fieldError("touchpoint", fmt.Sprintf("is %d characters long; at most %d", n, MaxIDLength))
	}
	if n := len(f.Language); n > MaxLanguageLength {
		return fieldError("language", fmt.Sprintf("is %d bytes long; want a language tag such as de or en", n))
	}
	if f.Scale != ScaleNPS && f.Scale != ScaleStars {
		return fieldError("scale", fmt.Sprintf("unknown scale %q (want nps or stars)", f.Scale))
	}
	if lo, hi := f.Scale.Range(); f.Score < lo || f.Score > hi {
		return fieldError("score", fmt.Sprintf("%d is outside %d–%d for scale %s", f.Score, lo, hi, f.Scale))
	}
	if f.CreatedAt.IsZero() {
		return fieldError("created_at", "is required")
	}
	return nil
}

// Limits of a feedback's text fields.
const (
	MaxCommentLength = 2000 // characters
	MaxIDLength      = 200
	// MaxLanguageLength admits tags such as de, en or de-CH, and keeps any
	// source from putting long text into every snapshot.
	MaxLanguageLength = 16
)

// badText says what is wrong with s: invalid UTF-8 or a control character
// (a comment may hold line breaks and tabs).
func badText(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for i, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("has a control character (U+%04X) at byte %d", r, i)
		}
	}
	return ""
}

// Category is the group of an answer: NPS promoters, passives and
// detractors; star ratings count 4–5 as promoters, 3 as passive and 1–2 as
// detractors, so that comments of both scales can be balanced alike.
type Category string

// The groups, with their NPS scores.
const (
	Promoter  Category = "promoter"  // 9–10
	Passive   Category = "passive"   // 7–8
	Detractor Category = "detractor" // 0–6
)

// CategoryOf returns the group of score on scale, or "" for an unknown
// scale.
func CategoryOf(scale Scale, score int) Category {
	switch scale {
	case ScaleStars:
		switch {
		case score >= 4:
			return Promoter
		case score == 3:
			return Passive
		}
		return Detractor
	case ScaleNPS:
	default:
		return ""
	}
	switch {
	case score >= 9:
		return Promoter
	case score >= 7:
		return Passive
	}
	return Detractor
}

// KPI is one operational value (O-data), such as the average waiting time
// at the hotline, shown beside the experience scores.
type KPI struct {
	Name   string    `json:"name"`
	Value  float64   `json:"value"`
	Unit   string    `json:"unit,omitempty"`
	At     time.Time `json:"at"`
	Better string    `json:"better,omitempty"` // "up" or "down": which direction is good
}

// FieldError names the field of an input that was wrong and why.
type FieldError struct {
	Index  int // position in a batch, or -1 for a single object
	Field  string
	Reason string
}

func (e *FieldError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("item %d: %s: %s", e.Index, e.Field, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Reason)
}

func fieldError(field, reason string) *FieldError {
	return &FieldError{Index: -1, Field: field, Reason: reason}
}
