package delighted_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/delighted"
)

// deliveries returns the request bodies of testdata/deliveries.json, each
// exactly as Delighted posts it: ten NPS respondents, their later
// survey_response.updated events with the comments, one retried delivery
// and one unsubscribe.created event.
func deliveries(tb testing.TB) []json.RawMessage {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "deliveries.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var bodies []json.RawMessage
	if err := json.Unmarshal(data, &bodies); err != nil {
		tb.Fatal(err)
	}
	return bodies
}

var fixtureOptions = delighted.Options{TouchpointProperty: "Location"}

func decode(body string, o delighted.Options) (source.Batch, error) {
	return delighted.Decode(strings.NewReader(body), o)
}

func TestDecodeFixture(t *testing.T) {
	t.Parallel()
	at := func(unix int64) time.Time { return time.Unix(unix, 0).UTC() }
	nps := func(id string, score int, comment, tp, lang string, created, updated int64) feed.Feedback {
		f := feed.Feedback{ID: id, Source: "delighted", Scale: feed.ScaleNPS, Score: score, Comment: comment, Touchpoint: tp, Language: lang, CreatedAt: at(created)}
		if updated != 0 {
			f.UpdatedAt = at(updated)
		}
		return f
	}
	want := []feed.Feedback{
		nps("7001", 10, "", "Filiale Köln", "de", 1774864817, 0),
		nps("7002", 9, "", "Online Shop", "en", 1774865237, 0),
		nps("7003", 3, "", "Filiale Berlin", "de-DE", 1774865717, 0),
		nps("7004", 7, "", "", "", 1774866137, 0),
		nps("7005", 0, "", "Online Shop", "de", 1774866677, 0),
		nps("7006", 8, "Gut, aber teuer.", "Filiale Köln", "de", 1774867217, 0),
		nps("7007", 10, "", "Filiale Berlin", "de", 1774867937, 0),
		nps("7008", 6, "", "", "de", 1774868597, 0), // its Location holds an e-mail address
		nps("7009", 5, "", "App", "de", 1774869317, 0),
		nps("7010", 9, "", "Filiale Köln", "en-GB", 1774870097, 0),
		// The comments arrive in the updates, which replace the answers above.
		nps("7001", 10, "Super Beratung in der Filiale, danke!", "Filiale Köln", "de", 1774864817, 1774865417),
		nps("7002", 9, "Fast delivery, friendly staff.", "Online Shop", "en", 1774865237, 1774865477),
		nps("7003", 4, "Lange Wartezeit an der Kasse.", "Filiale Berlin", "de-DE", 1774865717, 1774866077),
		nps("7005", 0, "Nie wieder. Bestellung kam nie an.", "Online Shop", "de", 1774866677, 1774866857),
		nps("7007", 10, "Immer wieder gern!", "Filiale Berlin", "de", 1774867937, 1774868057),
		nps("7007", 10, "Immer wieder gern!", "Filiale Berlin", "de", 1774867937, 1774868057), // the retry: a duplicate
		nps("7008", 6, "Okay.", "", "de", 1774868597, 1774868897),
		nps("7009", 5, "Die App stürzt beim Bezahlen ab.\nBitte beheben!", "App", "de", 1774869317, 1774869797),
		nps("7010", 9, "Great selection, but parking is hard.", "Filiale Köln", "en-GB", 1774870097, 1774870817),
	}
	var got []feed.Feedback
	ignored := 0
	for i, body := range deliveries(t) {
		b, err := delighted.Decode(strings.NewReader(string(body)), fixtureOptions)
		if errors.Is(err, delighted.ErrIgnoredEvent) {
			ignored++
			continue
		}
		if err != nil {
			t.Fatalf("delivery %d: Decode = %v", i, err)
		}
		if len(b.Skipped) != 0 || len(b.Items) != 1 {
			t.Fatalf("delivery %d: %d answers, skipped %v; want one answer", i, len(b.Items), b.Skipped)
		}
		got = append(got, b.Items[0])
	}
	if ignored != 1 {
		t.Errorf("%d deliveries ignored, want 1 (the unsubscribe.created event)", ignored)
	}
	if len(got) != len(want) {
		t.Fatalf("%d answers, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("answer %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
		if err := got[i].Validate(); err != nil {
			t.Errorf("answer %d: %v", i, err)
		}
	}
}

// TestDecodeDropsPersonalData checks every text of the fixtures' person
// objects and person properties, but the touchpoint and the locale,
// against every text the answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	var personal []string
	var collect func(v any)
	collect = func(v any) {
		switch v := v.(type) {
		case string:
			personal = append(personal, v)
		case map[string]any:
			for k, e := range v {
				if k != "Location" && k != "locale" && k != "id" && k != "person_id" {
					collect(e)
				}
			}
		}
	}
	for _, body := range deliveries(t) {
		var ev struct {
			Data struct {
				Person     map[string]any `json:"person"`
				Properties map[string]any `json:"person_properties"`
				Email      any            `json:"email"`
				Name       any            `json:"name"`
			} `json:"event_data"`
		}
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Fatal(err)
		}
		collect(ev.Data.Person)
		collect(ev.Data.Properties)
		collect(ev.Data.Email)
		collect(ev.Data.Name)
	}
	personal = append(personal, "ben.wagner@example.de") // 7008's Location
	if len(personal) < 25 {
		t.Fatalf("only %d personal values; the fixture should carry names, e-mails, phone numbers and customer ids", len(personal))
	}
	for i, body := range deliveries(t) {
		b, err := delighted.Decode(strings.NewReader(string(body)), fixtureOptions)
		if err != nil && !errors.Is(err, delighted.ErrIgnoredEvent) {
			t.Fatalf("delivery %d: %v", i, err)
		}
		for _, f := range b.Items {
			for _, text := range []string{f.ID, f.Comment, f.Touchpoint, f.Language, f.Source} {
				for _, p := range personal {
					if strings.Contains(text, p) {
						t.Errorf("answer %s keeps personal data %q", f.ID, p)
					}
				}
			}
		}
	}
}

// response returns a survey_response event of type typ whose event_data is
// that of a response 1 at 2026-03-30 12:00 UTC with score 9, the fields in
// set replacing or (where nil) removing those.
func response(typ string, set map[string]any) string {
	data := map[string]any{
		"id":                 "1",
		"person":             map[string]any{"id": "9", "email": "anna@example.com", "name": "Anna", "created_at": 1774872000},
		"survey_type":        "nps",
		"score":              9,
		"comment":            nil,
		"permalink":          "https://app.delighted.com/r/x",
		"created_at":         1774872000,
		"updated_at":         1774872000,
		"person_properties":  nil,
		"notes":              []any{},
		"tags":               []any{},
		"additional_answers": []any{},
	}
	for k, v := range set {
		if v == nil {
			delete(data, k)
		} else {
			data[k] = v
		}
	}
	body, err := json.Marshal(map[string]any{"event_type": typ, "event_id": "e1", "event_data": data})
	if err != nil {
		panic(err)
	}
	return string(body)
}

func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	noon := time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		body    string
		o       delighted.Options
		want    []feed.Feedback
		skipped []string
	}{
		{"created: score only", response(delighted.EventCreated, nil), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, CreatedAt: noon}}, nil},
		{"updated: the comment and a later updated_at", response(delighted.EventUpdated, map[string]any{"comment": "  Schnell und freundlich. ", "updated_at": 1774872600}), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, Comment: "Schnell und freundlich.", CreatedAt: noon, UpdatedAt: noon.Add(10 * time.Minute)}}, nil},
		{"updated_at null (responses listed by the API)", response(delighted.EventCreated, map[string]any{"updated_at": json.RawMessage("null")}), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, CreatedAt: noon}}, nil},
		{"updated_at before created_at is no update", response(delighted.EventUpdated, map[string]any{"updated_at": 1774871000}), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, CreatedAt: noon}}, nil},
		{"eNPS is NPS", response(delighted.EventCreated, map[string]any{"survey_type": "enps", "score": 0}), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 0, CreatedAt: noon}}, nil},
		{"no survey type: NPS", response(delighted.EventCreated, map[string]any{"survey_type": nil}), delighted.Options{Source: "mail"},
			[]feed.Feedback{{ID: "1", Source: "mail", Scale: feed.ScaleNPS, Score: 9, CreatedAt: noon}}, nil},
		{"CSAT 1–5 is stars", response(delighted.EventCreated, map[string]any{"survey_type": "csat", "score": 4, "comment": "ok"}), delighted.Options{},
			[]feed.Feedback{{ID: "1" + source.StarsSuffix, Source: "delighted", Scale: feed.ScaleStars, Score: 4, Comment: "ok", CreatedAt: noon}}, nil},
		{"5-star is stars", response(delighted.EventCreated, map[string]any{"survey_type": "five_star", "score": 5}), delighted.Options{},
			[]feed.Feedback{{ID: "1" + source.StarsSuffix, Source: "delighted", Scale: feed.ScaleStars, Score: 5, CreatedAt: noon}}, nil},
		{"CSAT on another scale is skipped", response(delighted.EventCreated, map[string]any{"survey_type": "csat", "score": 7}), delighted.Options{},
			nil, []string{"1: csat score 7 is not on a 1–5 scale"}},
		{"CES is skipped", response(delighted.EventCreated, map[string]any{"survey_type": "ces", "score": 5}), delighted.Options{},
			nil, []string{`1: survey type "ces" has neither an NPS nor a 1–5 star scale`}},
		{"thumbs are skipped", response(delighted.EventCreated, map[string]any{"survey_type": "thumbs", "score": 1}), delighted.Options{},
			nil, []string{`1: survey type "thumbs" has neither an NPS nor a 1–5 star scale`}},
		{"no score is skipped", response(delighted.EventCreated, map[string]any{"score": json.RawMessage("null")}), delighted.Options{},
			nil, []string{"1: no score"}},
		{"a comment with a control character is skipped", response(delighted.EventUpdated, map[string]any{"comment": "a\x00b"}), delighted.Options{},
			nil, []string{`1: response "1": comment: has a control character (U+0000) at byte 1`}},
		{"touchpoint: a number property", response(delighted.EventCreated, map[string]any{"person_properties": map[string]any{"Store": 12}}), delighted.Options{TouchpointProperty: "Store"},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, Touchpoint: "12", CreatedAt: noon}}, nil},
		{"touchpoint: an e-mail address is dropped", response(delighted.EventCreated, map[string]any{"person_properties": map[string]any{"Store": "anna@example.com"}}), delighted.Options{TouchpointProperty: "Store"},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, CreatedAt: noon}}, nil},
		{"touchpoint: property absent", response(delighted.EventCreated, map[string]any{"person_properties": map[string]any{"Other": "x"}}), delighted.Options{TouchpointProperty: "Store"},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, CreatedAt: noon}}, nil},
		{"language: Delighted Language, a name is none", response(delighted.EventCreated, map[string]any{"person_properties": map[string]any{"locale": "English", "Delighted Language": "pt_BR"}}), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, Language: "pt-BR", CreatedAt: noon}}, nil},
		{"a long comment is clipped", response(delighted.EventUpdated, map[string]any{"comment": strings.Repeat("ä", 2100)}), delighted.Options{},
			[]feed.Feedback{{ID: "1", Source: "delighted", Scale: feed.ScaleNPS, Score: 9, Comment: strings.Repeat("ä", 1999) + "…", CreatedAt: noon}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := decode(tt.body, tt.o)
			if err != nil {
				t.Fatalf("Decode(%s) = %v", tt.body, err)
			}
			if len(b.Items) != len(tt.want) {
				t.Fatalf("Decode(%s): %d answers %+v, want %d", tt.body, len(b.Items), b.Items, len(tt.want))
			}
			for i := range tt.want {
				if !reflect.DeepEqual(b.Items[i], tt.want[i]) {
					t.Errorf("answer %d:\n got %+v\nwant %+v", i, b.Items[i], tt.want[i])
				}
			}
			var skipped []string
			for _, s := range b.Skipped {
				skipped = append(skipped, s.String())
			}
			if !reflect.DeepEqual(skipped, tt.skipped) {
				t.Errorf("skipped %q, want %q", skipped, tt.skipped)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		o       delighted.Options
		path    string // of the *FieldError; "" for another error
		message string
		ignored bool
	}{
		{"unsubscribe event", `{"event_type":"unsubscribe.created","event_id":"e","event_data":{"person_id":"1","email":"a@b.c"}}`, delighted.Options{},
			"", `event type "unsubscribe.created": not a survey response event; acknowledged and ignored`, true},
		{"an event type added later", response("survey_response.deleted", nil), delighted.Options{}, "", "", true},
		{"no event type", `{"event_data":{"id":"1"}}`, delighted.Options{}, "event_type", "event_type: is required", false},
		{"no event data", `{"event_type":"survey_response.created","event_id":"e"}`, delighted.Options{}, "event_data", "", false},
		{"no id", response(delighted.EventCreated, map[string]any{"id": nil}), delighted.Options{}, "event_data.id", "event_data.id: is required", false},
		{"no created_at", response(delighted.EventCreated, map[string]any{"created_at": nil}), delighted.Options{}, "event_data.created_at", "", false},
		{"created_at in milliseconds", response(delighted.EventCreated, map[string]any{"created_at": 1774872000000000}), delighted.Options{}, "event_data.created_at", "", false},
		{"score out of range", response(delighted.EventCreated, map[string]any{"score": 11}), delighted.Options{},
			"event_data.score", `event_data.score: 11 is outside 0–10 for survey type "nps"`, false},
		{"score as text", response(delighted.EventCreated, map[string]any{"score": "9"}), delighted.Options{},
			"event_data.score", "event_data.score: a JSON string where a Delighted event has int", false},
		{"comment as a number", response(delighted.EventUpdated, map[string]any{"comment": 5}), delighted.Options{}, "event_data.comment", "", false},
		{"touchpoint property an object", response(delighted.EventCreated, map[string]any{"person_properties": map[string]any{"Store": map[string]any{"a": 1}}}), delighted.Options{TouchpointProperty: "Store"},
			`event_data.person_properties["Store"]`, "", false},
		{"an array, not an event", `[{"event_type":"survey_response.created"}]`, delighted.Options{}, "(event)", "", false},
		{"empty body", ``, delighted.Options{}, "", "empty body; want a Delighted webhook event", false},
		{"bad JSON", `{"event_type":`, delighted.Options{}, "", "", false},
		{"data after the event", response(delighted.EventCreated, nil) + `{}`, delighted.Options{}, "", "invalid JSON: more data after the event", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := decode(tt.body, tt.o)
			if err == nil {
				t.Fatalf("Decode(%s) = %+v, want an error", tt.body, b)
			}
			if b.Items != nil || b.Skipped != nil {
				t.Errorf("Decode(%s) failed but returned %+v", tt.body, b)
			}
			if got := errors.Is(err, delighted.ErrIgnoredEvent); got != tt.ignored {
				t.Errorf("Decode(%s) = %v; errors.Is(ErrIgnoredEvent) = %v, want %v", tt.body, err, got, tt.ignored)
			}
			var fe *delighted.FieldError
			switch {
			case tt.path != "" && !errors.As(err, &fe):
				t.Errorf("Decode(%s) = %v, want a *FieldError for %s", tt.body, err, tt.path)
			case tt.path != "" && fe.Path != tt.path:
				t.Errorf("Decode(%s) = %v, want the path %s", tt.body, err, tt.path)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("Decode(%s) = %q, want %q", tt.body, err, tt.message)
			}
		})
	}
}
