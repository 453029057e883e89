// Package delighted turns Delighted webhook deliveries into stored
// feedback: the score of a survey_response.created or
// survey_response.updated event, with its comment, touchpoint and language.
//
// The format follows Delighted's "Webhooks" API page: a JSON body with
// event_type, event_id and event_data, the survey response object of the
// "Listing survey responses" page (id, survey_type, score, comment,
// created_at and updated_at in Unix seconds, person_properties). The
// comment usually arrives only in a later survey_response.updated event
// of the same response id; its later updated_at makes it replace the
// version stored first.
//
// Read are event_type, event_data.id, survey_type, score, comment,
// created_at, updated_at and, of person_properties, only the key named by
// Options.TouchpointProperty and the locale ("locale", "Delighted
// Language"). The person object (name, e-mail, phone number), every other
// person property (customer ids, e-mails), notes, tags, permalink and
// additional_answers are never kept.
//
// Delighted cannot sign its webhooks; the server authenticates them by the
// source token, so this package only decodes.
package delighted

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "delighted"

// The event types that carry a survey response.
const (
	EventCreated = "survey_response.created"
	EventUpdated = "survey_response.updated"
)

// ErrIgnoredEvent is returned, wrapped with the event type, for a delivery
// that carries no survey response (unsubscribe.created, or a type
// Delighted adds later). The server acknowledges it so that Delighted does
// not retry it, and stores nothing.
var ErrIgnoredEvent = fmt.Errorf("not a survey response event; %w", source.ErrIgnored)

// Options says how to read one source's deliveries.
type Options struct {
	Source string // the source the answers are stored under; empty: DefaultSource
	// TouchpointProperty is the person_properties key whose value is the
	// touchpoint, such as "Location" or "Purchase Experience"; empty: no
	// touchpoint. Name a property that says where or how, never one that
	// says who: a value that looks like an e-mail address is dropped
	// anyway.
	TouchpointProperty string
}

// FieldError names the element of a delivery that could not be read by its
// JSON path, such as event_data.score. It is source.FieldError, which the
// other adapters return too.
type FieldError = source.FieldError

// event is a delivery, reduced to what is read.
type event struct {
	Type string          `json:"event_type"`
	Data *surveyResponse `json:"event_data"`
}

// surveyResponse is Delighted's survey response object without person,
// notes, tags, permalink and additional_answers.
type surveyResponse struct {
	ID         string                     `json:"id"`
	SurveyType string                     `json:"survey_type"`
	Score      *int                       `json:"score"`
	Comment    *string                    `json:"comment"`
	CreatedAt  *int64                     `json:"created_at"`
	UpdatedAt  *int64                     `json:"updated_at"`
	Properties map[string]json.RawMessage `json:"person_properties"`
}

// Decode reads one webhook delivery. A survey response becomes one answer
// (NPS or stars) or, when it cannot be counted (no score, a survey type
// without an NPS or star scale), one entry of Skipped with the reason.
// Another event type is an error wrapping ErrIgnoredEvent; a body that is
// no Delighted event, or a field of the wrong type or out of range, is a
// *FieldError or a JSON error, and nothing is returned.
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
	case EventCreated, EventUpdated:
	case "":
		return source.Batch{}, &FieldError{Path: "event_type", Reason: "is required"}
	default:
		return source.Batch{}, fmt.Errorf("event type %q: %w", source.Short(ev.Type), ErrIgnoredEvent)
	}
	if ev.Data == nil {
		return source.Batch{}, &FieldError{Path: "event_data", Reason: "is required for a " + ev.Type + " event"}
	}
	resp, skip, err := ev.Data.response(o)
	if err != nil {
		return source.Batch{}, err
	}
	var b source.Batch
	if skip != "" {
		b.Skip(resp.ID, skip)
	} else {
		b.Add(o.Source, resp)
	}
	return b, nil
}

// response turns d into a Response, or says why it is skipped.
func (d *surveyResponse) response(o Options) (resp source.Response, skip string, err error) {
	id := strings.TrimSpace(d.ID)
	if id == "" {
		return resp, "", &FieldError{Path: "event_data.id", Reason: "is required"}
	}
	created, err := unixTime("event_data.created_at", d.CreatedAt)
	if err != nil {
		return resp, "", err
	}
	if created.IsZero() {
		return resp, "", &FieldError{Path: "event_data.created_at", Reason: "is required"}
	}
	resp = source.Response{ID: id, CreatedAt: created}
	updated, err := unixTime("event_data.updated_at", d.UpdatedAt)
	if err != nil {
		return resp, "", err
	}
	if updated.After(created) {
		resp.UpdatedAt = updated
	}
	if skip, err = d.score(&resp); skip != "" || err != nil {
		return resp, skip, err
	}
	if d.Comment != nil {
		resp.Comment = source.Clip(strings.TrimSpace(*d.Comment))
	}
	if o.TouchpointProperty != "" {
		tp, err := d.property(o.TouchpointProperty)
		if err != nil {
			return resp, "", err
		}
		if !strings.Contains(tp, "@") { // an e-mail address is never a touchpoint
			resp.Touchpoint = tp
		}
	}
	for _, key := range []string{"locale", "Delighted Language"} {
		v, err := d.property(key)
		if err != nil {
			return resp, "", err
		}
		if resp.Language = source.Language(v); resp.Language != "" {
			break
		}
	}
	return resp, "", nil
}

// score sets the NPS answer or star rating of resp by the survey type.
// NPS and eNPS projects answer 0–10; CSAT and 5-star projects 1–5 stars.
// CES, Smileys, Thumbs and PMF scales mean something else and are skipped.
func (d *surveyResponse) score(resp *source.Response) (skip string, err error) {
	if d.Score == nil {
		return "no score", nil
	}
	v := *d.Score
	switch t := normType(d.SurveyType); t {
	case "", "nps", "enps": // responses from before survey types have none
		if v < 0 || v > 10 {
			return "", &FieldError{Path: "event_data.score", Reason: fmt.Sprintf("%d is outside 0–10 for survey type %q", v, d.SurveyType)}
		}
		resp.NPS = source.Int(v)
	case "csat", "fivestar", "5star":
		if v < 1 || v > 5 {
			return fmt.Sprintf("%s score %d is not on a 1–5 scale", d.SurveyType, v), nil
		}
		resp.Stars = source.Int(v)
	default:
		return fmt.Sprintf("survey type %q has neither an NPS nor a 1–5 star scale", source.Short(d.SurveyType)), nil
	}
	return "", nil
}

// normType folds the spellings of a survey type: "5-star", "five_star".
func normType(t string) string {
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(t)))
}

// property returns the person property key as text: a string trimmed, a
// number as written; "" where it is absent or null.
func (d *surveyResponse) property(key string) (string, error) {
	raw, ok := d.Properties[key]
	if !ok {
		return "", nil
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", jsonError(err)
	}
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	case json.Number:
		return v.String(), nil
	}
	return "", &FieldError{Path: fmt.Sprintf("event_data.person_properties[%q]", key), Reason: "is neither text nor a number"}
}

// maxUnix is the start of year 10000, which no JSON time can hold.
const maxUnix = 253402300800

func unixTime(path string, v *int64) (time.Time, error) {
	switch {
	case v == nil || *v == 0:
		return time.Time{}, nil
	case *v < 0 || *v >= maxUnix:
		return time.Time{}, &FieldError{Path: path, Reason: fmt.Sprintf("%d is no Unix time in seconds", *v)}
	}
	return time.Unix(*v, 0).UTC(), nil
}

// jsonError is source.JSONError for a Delighted event: a body that is no
// JSON object is the path (event), an empty one says what is wanted.
func jsonError(err error) error {
	if errors.Is(err, io.EOF) {
		return errors.New("empty body; want a Delighted webhook event")
	}
	prefix := ""
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field == "" {
		prefix = "(event)"
	}
	return source.JSONError(err, prefix, "a Delighted event")
}
