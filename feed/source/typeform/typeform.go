// Package typeform turns Typeform webhook deliveries into stored feedback:
// a form_response event's NPS answer and/or star rating, with its comment
// and touchpoint, after checking the Typeform-Signature header.
//
// The format follows Typeform's "Example webhook payload" page: event_id,
// event_type and form_response, which holds the token (the response id),
// submitted_at, the hidden fields, a definition listing the form's fields
// (id, ref, type, title) and the answers, each naming its field by id, type
// and ref and carrying its value under its own type (number, text, email,
// choice, …). A question the respondent skipped has no answer.
//
// Read are the token, submitted_at, the answers of the three fields chosen
// by Options (an nps or opinion_scale field, a rating field, a long_text
// field) and the one hidden field named by Options.TouchpointHidden. Every
// other answer (names in short_text, email, phone_number, …), every other
// hidden field (user ids, customer numbers, e-mails), metadata, variables
// and calculated scores are never kept.
package typeform

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "typeform"

// EventFormResponse is the event type of a submitted response.
const EventFormResponse = "form_response"

// ErrIgnoredEvent is returned, wrapped with the event type, for a delivery
// that is no submitted response (form_response_partial, or a type Typeform
// adds later). The server acknowledges it and stores nothing.
var ErrIgnoredEvent = fmt.Errorf("not a submitted form response; %w", source.ErrIgnored)

// Options says how to read one source's deliveries. A field is named by
// its ref (the readable name set in the form's Create API or the builder)
// or its id.
type Options struct {
	Source string // the source the answers are stored under; empty: DefaultSource
	// NPSField is the 0–10 question; empty: the form's only nps field,
	// else its only opinion_scale field, else none.
	NPSField string
	// RatingField is the 1–5 star question; empty: the form's only rating
	// field, else none.
	RatingField string
	// CommentField is the comment; empty: the form's first long_text field.
	CommentField string
	// TouchpointHidden is the hidden field that holds the touchpoint, such
	// as "standort" in a link ending #standort=kantine-nord; empty: none.
	// A value that looks like an e-mail address is dropped.
	TouchpointHidden string
}

// FieldError names the element of a delivery that could not be read by its
// JSON path, such as form_response.answers[2].number. It is
// source.FieldError, which the other adapters return too.
type FieldError = source.FieldError

type event struct {
	Type     string        `json:"event_type"`
	Response *formResponse `json:"form_response"`
}

type formResponse struct {
	Token       string                     `json:"token"`
	SubmittedAt string                     `json:"submitted_at"`
	Hidden      map[string]json.RawMessage `json:"hidden"`
	Definition  struct {
		Fields []field `json:"fields"`
	} `json:"definition"`
	Answers []answer `json:"answers"`
}

type field struct {
	ID   string `json:"id"`
	Ref  string `json:"ref"`
	Type string `json:"type"`
}

// answer holds the values read; the others (email, phone_number, choice,
// …) are not decoded at all.
type answer struct {
	Type   string   `json:"type"`
	Field  field    `json:"field"`
	Number *float64 `json:"number"`
	Text   *string  `json:"text"`
}

// Decode reads one webhook delivery: a form_response event becomes the
// response's NPS answer and/or star rating, or, when the respondent
// answered neither, one entry of Skipped. Another event type is an error
// wrapping ErrIgnoredEvent. A body that is no Typeform event, a form
// without the chosen fields, or an answer of the wrong type or out of
// range is a *FieldError or a JSON error, and nothing is returned.
func Decode(r io.Reader, o Options) (source.Batch, error) {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	dec := json.NewDecoder(r)
	var ev event
	if err := dec.Decode(&ev); err != nil {
		return source.Batch{}, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return source.Batch{}, errors.New("invalid JSON: more data after the event")
	}
	switch ev.Type {
	case EventFormResponse:
	case "":
		return source.Batch{}, &FieldError{Path: "event_type", Reason: "is required"}
	default:
		return source.Batch{}, fmt.Errorf("event type %q: %w", source.Short(ev.Type), ErrIgnoredEvent)
	}
	if ev.Response == nil {
		return source.Batch{}, &FieldError{Path: "form_response", Reason: "is required for a form_response event"}
	}
	resp, err := ev.Response.response(o)
	if err != nil {
		return source.Batch{}, err
	}
	var b source.Batch
	b.Add(o.Source, resp)
	return b, nil
}

const fieldsPath = "form_response.definition.fields"

func (fr *formResponse) response(o Options) (source.Response, error) {
	id := strings.TrimSpace(fr.Token)
	if id == "" {
		return source.Response{}, &FieldError{Path: "form_response.token", Reason: "is required"}
	}
	if fr.SubmittedAt == "" {
		return source.Response{}, &FieldError{Path: "form_response.submitted_at", Reason: "is required"}
	}
	at, err := time.Parse(time.RFC3339, fr.SubmittedAt)
	if err != nil || at.Year() > 9999 {
		return source.Response{}, &FieldError{Path: "form_response.submitted_at", Reason: fmt.Sprintf("%q is no RFC 3339 time such as 2026-03-30T12:00:00Z", source.Short(fr.SubmittedAt))}
	}
	resp := source.Response{ID: id, CreatedAt: at}
	nps, err := fr.field(o.NPSField, "nps", "opinion_scale")
	if err != nil {
		return resp, err
	}
	stars, err := fr.field(o.RatingField, "rating")
	if err != nil {
		return resp, err
	}
	if nps == nil && stars == nil {
		return resp, &FieldError{Path: fieldsPath, Reason: "the form has no nps, opinion_scale or rating field; name the score's field by its ref in the source"}
	}
	comment, err := fr.field(o.CommentField, "long_text")
	if err != nil {
		return resp, err
	}
	if resp.NPS, err = fr.number(nps, 0, 10, "an NPS answer"); err != nil {
		return resp, err
	}
	if resp.Stars, err = fr.number(stars, 1, 5, "a star rating"); err != nil {
		return resp, err
	}
	if i := fr.answerOf(comment); i >= 0 && fr.Answers[i].Text != nil {
		resp.Comment = source.Clip(strings.TrimSpace(*fr.Answers[i].Text))
	}
	if o.TouchpointHidden != "" {
		if raw, ok := fr.Hidden[o.TouchpointHidden]; ok {
			var tp *string
			if err := json.Unmarshal(raw, &tp); err != nil {
				return resp, &FieldError{Path: fmt.Sprintf("form_response.hidden[%q]", o.TouchpointHidden), Reason: "is not text"}
			}
			if tp != nil && !strings.Contains(*tp, "@") { // an e-mail address is never a touchpoint
				resp.Touchpoint = strings.TrimSpace(*tp)
			}
		}
	}
	return resp, nil
}

// field returns the definition's field named name (by ref or id) or, when
// name is empty, the form's only field of the first of types it has; nil
// where the form has none of them. Two fields of that type are an error:
// which one is meant must be said.
func (fr *formResponse) field(name string, types ...string) (*field, error) {
	fields := fr.Definition.Fields
	if name != "" {
		for i := range fields {
			if fields[i].Ref == name || fields[i].ID == name {
				return &fields[i], nil
			}
		}
		return nil, &FieldError{Path: fieldsPath, Reason: fmt.Sprintf("no field with ref or id %q", name)}
	}
	for _, typ := range types {
		var found []*field
		for i := range fields {
			if fields[i].Type == typ {
				found = append(found, &fields[i])
			}
		}
		switch {
		case len(found) == 1 || len(found) > 1 && typ == "long_text": // the first comment box
			return found[0], nil
		case len(found) > 1:
			var refs []string
			for _, f := range found {
				refs = append(refs, f.Ref)
			}
			return nil, &FieldError{Path: fieldsPath, Reason: fmt.Sprintf("%d %s fields (refs %s); name the one to read in the source", len(found), typ, source.ShortList(refs))}
		}
	}
	return nil, nil
}

// answerOf returns the index of f's answer, or -1 where f is nil or the
// respondent skipped it.
func (fr *formResponse) answerOf(f *field) int {
	if f == nil {
		return -1
	}
	for i, a := range fr.Answers {
		if a.Field.ID != "" && a.Field.ID == f.ID || a.Field.ID == "" && a.Field.Ref != "" && a.Field.Ref == f.Ref {
			return i
		}
	}
	return -1
}

// number returns f's answer as a whole number in lo–hi; nil where it was
// skipped.
func (fr *formResponse) number(f *field, lo, hi int, what string) (*int, error) {
	i := fr.answerOf(f)
	if i < 0 {
		return nil, nil
	}
	v := fr.Answers[i].Number
	path := fmt.Sprintf("form_response.answers[%d].number", i)
	switch {
	case v == nil:
		return nil, &FieldError{Path: path, Reason: fmt.Sprintf("is missing; the answer to %s field %q is of type %q", f.Type, f.ref(), fr.Answers[i].Type)}
	case *v != math.Trunc(*v) || *v < float64(lo) || *v > float64(hi):
		return nil, &FieldError{Path: path, Reason: fmt.Sprintf("%v is not %s (%d–%d) in %s field %q", *v, what, lo, hi, f.Type, f.ref())}
	}
	return source.Int(int(*v)), nil
}

func (f *field) ref() string {
	if f.Ref != "" {
		return f.Ref
	}
	return f.ID
}

// jsonError is source.JSONError for a Typeform event: a body that is no
// JSON object is the path (event), an empty one says what is wanted.
func jsonError(err error) error {
	if errors.Is(err, io.EOF) {
		return errors.New("empty body; want a Typeform webhook event")
	}
	prefix := ""
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field == "" {
		prefix = "(event)"
	}
	return source.JSONError(err, prefix, "a Typeform event")
}
