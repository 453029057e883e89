package surveymonkey_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/source/surveymonkey"
)

// fixtureEvents returns the callbacks of testdata/events.json, each as
// SurveyMonkey posts it: response_completed for the fixture responses,
// response_created for the partial one, and a response_updated.
func fixtureEvents(tb testing.TB) []json.RawMessage {
	tb.Helper()
	var events []json.RawMessage
	if err := json.Unmarshal(readFile(tb, "events.json"), &events); err != nil {
		tb.Fatal(err)
	}
	return events
}

func TestDecodeEventFixture(t *testing.T) {
	t.Parallel()
	var fetch []string
	ignored := 0
	for i, body := range fixtureEvents(t) {
		ev, err := surveymonkey.DecodeEvent(strings.NewReader(string(body)))
		if errors.Is(err, surveymonkey.ErrIgnoredEvent) {
			ignored++
			continue
		}
		if err != nil {
			t.Fatalf("event %d: DecodeEvent = %v", i, err)
		}
		if ev.SurveyID != surveyID || ev.ID == "" || ev.At.IsZero() {
			t.Errorf("event %d: %+v", i, ev)
		}
		fetch = append(fetch, ev.Type+" "+ev.ResponseID)
	}
	if ignored != 1 {
		t.Errorf("%d events ignored, want 1 (response_created)", ignored)
	}
	want := "response_completed 114000001,response_completed 114000002,response_completed 114000003,response_completed 114000005,response_completed 114000006," +
		"response_completed 114000007,response_completed 114000008,response_completed 114000009,response_completed 114000010,response_updated 114000005"
	if got := strings.Join(fetch, ","); got != want {
		t.Errorf("responses to fetch:\n got %s\nwant %s", got, want)
	}
}

func TestDecodeEvent(t *testing.T) {
	t.Parallel()
	// The "Example Response Event Data" of SurveyMonkey's webhook documentation.
	const documented = `{"name":"My Webhook","filter_type":"collector","filter_id":"123456789","event_type":"response_completed","event_id":"123456789",
		"object_type":"response","object_id":"123456","event_datetime":"2016-01-01T21:56:31.182613+00:00",
		"resources":{"respondent_id":"123456789","recipient_id":"123456789","collector_id":"123456789","survey_id":"123456789","user_id":"123456789"}}`
	ev, err := surveymonkey.DecodeEvent(strings.NewReader(documented))
	if err != nil {
		t.Fatalf("DecodeEvent(documented) = %v", err)
	}
	want := surveymonkey.Event{ID: "123456789", Type: "response_completed", SurveyID: "123456789", ResponseID: "123456",
		At: time.Date(2016, 1, 1, 21, 56, 31, 182613000, time.UTC)}
	if !ev.At.Equal(want.At) || ev.ID != want.ID || ev.Type != want.Type || ev.SurveyID != want.SurveyID || ev.ResponseID != want.ResponseID {
		t.Errorf("DecodeEvent(documented) = %+v, want %+v", ev, want)
	}

	tests := []struct {
		name     string
		body     string
		response string // the response to fetch; "" for an error
		survey   string
		ignored  bool
		path     string
	}{
		{"respondent_id where object_id is missing", `{"event_type":"response_updated","object_type":"response","resources":{"respondent_id":"5","survey_id":"6"}}`, "5", "6", false, ""},
		{"the survey from a survey filter", `{"event_type":"response_completed","object_type":"response","object_id":"5","filter_type":"survey","filter_id":"6","resources":{}}`, "5", "6", false, ""},
		{"ids as numbers", `{"event_type":"response_completed","object_type":"response","object_id":5,"resources":{"survey_id":6}}`, "5", "6", false, ""},
		{"response_created", `{"event_type":"response_created","object_type":"response","object_id":"5","resources":{"survey_id":"6"}}`, "", "", true, ""},
		{"response_deleted", `{"event_type":"response_deleted","object_type":"response","object_id":"5","resources":{"survey_id":"6"}}`, "", "", true, ""},
		{"a survey event", `{"event_type":"survey_updated","object_type":"survey","object_id":"6"}`, "", "", true, ""},
		{"a completed collector", `{"event_type":"response_completed","object_type":"collector","object_id":"6"}`, "", "", true, ""},
		{"no event type", `{"object_type":"response","object_id":"5"}`, "", "", false, "event_type"},
		{"no response", `{"event_type":"response_completed","object_type":"response","resources":{"survey_id":"6"}}`, "", "", false, "object_id"},
		{"no survey", `{"event_type":"response_completed","object_type":"response","object_id":"5","resources":{}}`, "", "", false, "resources.survey_id"},
		{"a path in the id", `{"event_type":"response_completed","object_type":"response","object_id":"../../users/me","resources":{"survey_id":"6"}}`, "", "", false, "object_id"},
		{"an id as an object", `{"event_type":"response_completed","object_id":{}}`, "", "", false, "object_id"},
		{"not JSON", `event_type=response_completed`, "", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := surveymonkey.DecodeEvent(strings.NewReader(tt.body))
			if tt.response != "" {
				if err != nil || ev.ResponseID != tt.response || ev.SurveyID != tt.survey {
					t.Errorf("DecodeEvent(%s) = %+v, %v; want response %s of survey %s", tt.body, ev, err, tt.response, tt.survey)
				}
				return
			}
			if err == nil {
				t.Fatalf("DecodeEvent(%s) = %+v, want an error", tt.body, ev)
			}
			if got := errors.Is(err, surveymonkey.ErrIgnoredEvent); got != tt.ignored {
				t.Errorf("DecodeEvent(%s) = %v; errors.Is(ErrIgnoredEvent) = %v, want %v", tt.body, err, got, tt.ignored)
			}
			var fe *surveymonkey.FieldError
			if tt.path != "" && (!errors.As(err, &fe) || fe.Path != tt.path) {
				t.Errorf("DecodeEvent(%s) = %v, want a *FieldError for %s", tt.body, err, tt.path)
			}
		})
	}
}
