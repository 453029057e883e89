// Package surveymonkey turns SurveyMonkey survey responses into stored
// feedback: a response's NPS answer and/or star rating, with its comment,
// touchpoint and language. SurveyMonkey's webhook callback names a
// response but carries none of its answers, so the server checks the
// callback's Sm-Signature (VerifySignature), reads it (DecodeEvent) and
// has a Client fetch the response's details; a Client also pulls a
// survey's responses page by page.
//
// The formats follow SurveyMonkey's v3 API documentation ("Webhooks",
// "Survey Responses", "Surveys", "Formatting Question Types"): a response
// holds pages[].questions[].answers[] of choice_id, row_id, other_id and
// text; what a choice means is in the survey's details
// (GET /v3/surveys/{id}/details), read once per survey and again when a
// response names a choice they lack.
//
// Read are the response's id, response_status, collection_mode,
// date_created, date_modified, the answers to the NPS, star and comment
// questions and the one custom variable named by Options.TouchpointVariable;
// of the survey details the question families, choices and the language.
// ip_address, recipient_id, metadata (the contact's name and e-mail),
// custom_value, every other custom variable and every other answer
// (contact-information questions included) are never kept.
package surveymonkey

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "surveymonkey"

// The callback event types that name a response to fetch.
const (
	EventResponseCompleted = "response_completed"
	EventResponseUpdated   = "response_updated"
)

// ErrIgnoredEvent is returned, wrapped with the event type, for a callback
// that names no response to store (response_created, response_deleted,
// survey and collector events, types SurveyMonkey adds later). The server
// acknowledges it and fetches nothing.
var ErrIgnoredEvent = fmt.Errorf("not a completed or updated response; %w", source.ErrIgnored)

// ErrUnknownChoice is wrapped by the *FieldError of a response that names a
// choice the survey details lack: the survey was changed since its details
// were read. A Client reads them again once.
var ErrUnknownChoice = errors.New("a choice not in the survey details")

// Options says how to read one source's responses. Questions are named by
// their ids, as the survey details list them.
type Options struct {
	Source string // the source the answers are stored under; empty: DefaultSource
	// NPSQuestion, StarsQuestion and CommentQuestion name the questions
	// to read; empty: found by their type (see ParseSurvey).
	NPSQuestion, StarsQuestion, CommentQuestion string
	// TouchpointVariable is the custom variable that holds the touchpoint,
	// as in a collector link ending ?standort=koeln; empty: none. A value
	// that looks like an e-mail address is dropped.
	TouchpointVariable string
}

// FieldError names the element of a SurveyMonkey document that could not
// be read by its JSON path, such as pages[0].questions[1].answers[0].choice_id.
// Unlike source.FieldError, which the other adapters return, it can wrap a
// sentinel: a Client tells by errors.Is(err, ErrUnknownChoice) that it must
// read the survey details again.
type FieldError struct {
	Path   string
	Reason string
	Err    error // a sentinel such as ErrUnknownChoice, or nil
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Reason }

func (e *FieldError) Unwrap() error { return e.Err }

// Event is a webhook callback.
type Event struct {
	ID         string    // event_id
	Type       string    // event_type
	SurveyID   string    // resources.survey_id
	ResponseID string    // object_id: the response to fetch
	At         time.Time // event_datetime; zero where absent
}

type eventDoc struct {
	EventID    id     `json:"event_id"`
	Type       string `json:"event_type"`
	ObjectType string `json:"object_type"`
	ObjectID   id     `json:"object_id"`
	FilterType string `json:"filter_type"`
	FilterID   id     `json:"filter_id"`
	At         string `json:"event_datetime"`
	Resources  struct {
		SurveyID     id `json:"survey_id"`
		RespondentID id `json:"respondent_id"`
	} `json:"resources"`
}

// idPattern is what a SurveyMonkey id looks like; it goes into API paths.
var idPattern = regexp.MustCompile(`^[0-9A-Za-z_-]{1,64}$`)

// DecodeEvent reads a webhook callback. A response_completed or
// response_updated event names the survey and the response to fetch; any
// other type is returned with an error wrapping ErrIgnoredEvent. A body
// that is no callback is a *FieldError or a JSON error.
func DecodeEvent(r io.Reader) (Event, error) {
	var d eventDoc
	dec := json.NewDecoder(r)
	if err := dec.Decode(&d); err != nil {
		return Event{}, jsonError(err, "", "a callback")
	}
	if _, err := dec.Token(); err != io.EOF {
		return Event{}, errors.New("invalid JSON: more data after the callback")
	}
	ev := Event{ID: string(d.EventID), Type: d.Type, SurveyID: string(d.Resources.SurveyID), ResponseID: string(d.ObjectID)}
	if d.At != "" {
		if t, err := time.Parse(time.RFC3339, d.At); err == nil {
			ev.At = t
		}
	}
	switch {
	case d.Type == "":
		return Event{}, &FieldError{Path: "event_type", Reason: "is required"}
	case d.Type != EventResponseCompleted && d.Type != EventResponseUpdated:
		return ev, fmt.Errorf("event type %q: %w", source.Short(d.Type), ErrIgnoredEvent)
	case d.ObjectType != "" && d.ObjectType != "response":
		return ev, fmt.Errorf("object type %q: %w", source.Short(d.ObjectType), ErrIgnoredEvent)
	}
	if ev.ResponseID == "" {
		ev.ResponseID = string(d.Resources.RespondentID)
	}
	if ev.SurveyID == "" && d.FilterType == "survey" {
		ev.SurveyID = string(d.FilterID)
	}
	switch {
	case ev.ResponseID == "":
		return Event{}, &FieldError{Path: "object_id", Reason: "is required: the response to fetch"}
	case !idPattern.MatchString(ev.ResponseID):
		return Event{}, &FieldError{Path: "object_id", Reason: fmt.Sprintf("%q is no SurveyMonkey id", source.Short(ev.ResponseID))}
	case ev.SurveyID == "":
		return Event{}, &FieldError{Path: "resources.survey_id", Reason: "is required: the survey of the response"}
	case !idPattern.MatchString(ev.SurveyID):
		return Event{}, &FieldError{Path: "resources.survey_id", Reason: fmt.Sprintf("%q is no SurveyMonkey id", source.Short(ev.SurveyID))}
	}
	return ev, nil
}

// id is a SurveyMonkey id: a string in the examples, a number in some of
// the documented schemas; both are read.
type id string

func (v *id) UnmarshalJSON(data []byte) error {
	var n json.Number
	if err := json.Unmarshal(data, &n); err == nil {
		*v = id(n.String())
		return nil
	}
	var s *string
	if err := json.Unmarshal(data, &s); err != nil {
		return &json.UnmarshalTypeError{Value: jsonKind(data), Type: reflect.TypeFor[string]()}
	}
	if s != nil {
		*v = id(strings.TrimSpace(*s))
	}
	return nil
}

func jsonKind(data []byte) string {
	switch data[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "value"
}

// jsonError is source.JSONError for a SurveyMonkey document, which doc
// names in every message (a callback, a response, the survey details): a
// document that is no JSON object is the path (document), an empty one says
// what is wanted, and a value of the wrong type is this package's
// *FieldError.
func jsonError(err error, prefix, doc string) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("empty body; want %s", doc)
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && prefix == "" && te.Field == "" {
		prefix = "(document)"
	}
	err = source.JSONError(err, prefix, doc)
	if fe, ok := errors.AsType[*source.FieldError](err); ok {
		return &FieldError{Path: fe.Path, Reason: fe.Reason}
	}
	return fmt.Errorf("%s: %w", doc, err)
}
