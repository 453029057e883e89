package typeform_test

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
	"github.com/cxtv/cxtv/feed/source/typeform"
)

// deliveries returns the request bodies of testdata/deliveries.json, each
// exactly as Typeform posts it: ten responses to a canteen form with an
// nps, a rating, a long_text, a name, an e-mail, a phone number and a
// choice field, and hidden fields for the location, a customer number and
// an e-mail.
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

// The fixtures' NPS, rating and comment fields are found by themselves.
var fixtureOptions = typeform.Options{TouchpointHidden: "standort"}

func decode(body string, o typeform.Options) (source.Batch, error) {
	return typeform.Decode(strings.NewReader(body), o)
}

func TestDecodeFixture(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	nps := func(id string, score int, comment, tp, when string) feed.Feedback {
		return feed.Feedback{ID: id, Source: "typeform", Scale: feed.ScaleNPS, Score: score, Comment: comment, Touchpoint: tp, CreatedAt: at(when)}
	}
	stars := func(id string, score int, comment, tp, when string) feed.Feedback {
		return feed.Feedback{ID: id + source.StarsSuffix, Source: "typeform", Scale: feed.ScaleStars, Score: score, Comment: comment, Touchpoint: tp, CreatedAt: at(when)}
	}
	want := [][]feed.Feedback{
		{nps("0a590029554e899283efd5bd0dcc3f8f", 10, "Das Schnitzel war hervorragend, danke!", "kantine-nord", "2026-03-30T10:05:09Z"),
			stars("0a590029554e899283efd5bd0dcc3f8f", 5, "", "kantine-nord", "2026-03-30T10:05:09Z")},
		{nps("eae78e001f68ca604b6a86f41152dfb6", 9, "Great salad bar, but the queue at noon was far too long.", "kantine-sued", "2026-03-30T10:11:30Z"),
			stars("eae78e001f68ca604b6a86f41152dfb6", 4, "", "kantine-sued", "2026-03-30T10:11:30Z")},
		{nps("b892cf59c341fe57a767afc1dca4f6d5", 0, "Kalt und versalzen.", "kantine-nord", "2026-03-30T10:22:15Z"),
			stars("b892cf59c341fe57a767afc1dca4f6d5", 1, "", "kantine-nord", "2026-03-30T10:22:15Z")},
		{nps("874d4d5b31f90fea9aa0d6a776ae6961", 7, "", "cafeteria-west", "2026-03-30T11:00:50Z")},
		{stars("434c62665d72b56d17b9d4df94817de9", 2, "Zu teuer für das, was man bekommt.", "cafeteria-west", "2026-03-30T11:31:05Z")},
		{nps("84c87459f1fac84bc48d5386a6bf3405", 8, "Gutes Essen.\nAber zu wenig vegetarische Optionen.", "kantine-sued", "2026-03-31T09:49:59Z"),
			stars("84c87459f1fac84bc48d5386a6bf3405", 3, "", "kantine-sued", "2026-03-31T09:49:59Z")},
		nil, // fa951ae2…: neither question answered
		{nps("4bc4128b018dedb95abd756d4655fae9", 6, `Der "Veggie-Day" ist super, aber die Soße war kalt.`, "kantine-nord", "2026-03-31T10:44:00Z"),
			stars("4bc4128b018dedb95abd756d4655fae9", 3, "", "kantine-nord", "2026-03-31T10:44:00Z")},
		{nps("ffcdb0fd056c6fb6898d5e73e1dda342", 10, "Beste Kantine der Stadt 👍", "kantine-sued", "2026-03-31T11:15:42Z")},
		{nps("a46004446cb0bc459e3a123933dfb4f8", 5, "Nettes Personal, lange Wege.", "", "2026-03-31T12:30:00Z"), // its standort holds an e-mail address
			stars("a46004446cb0bc459e3a123933dfb4f8", 4, "", "", "2026-03-31T12:30:00Z")},
	}
	bodies := deliveries(t)
	if len(bodies) != len(want) {
		t.Fatalf("%d deliveries, want %d", len(bodies), len(want))
	}
	for i, body := range bodies {
		b, err := typeform.Decode(strings.NewReader(string(body)), fixtureOptions)
		if err != nil {
			t.Fatalf("delivery %d: Decode = %v", i, err)
		}
		if !reflect.DeepEqual(b.Items, want[i]) {
			t.Errorf("delivery %d:\n got %+v\nwant %+v", i, b.Items, want[i])
		}
		for _, f := range b.Items {
			if err := f.Validate(); err != nil {
				t.Errorf("delivery %d: %v", i, err)
			}
		}
		wantSkipped := 0
		if want[i] == nil {
			wantSkipped = 1
		}
		if len(b.Skipped) != wantSkipped {
			t.Errorf("delivery %d: skipped %v", i, b.Skipped)
		}
	}
}

// TestDecodeDropsPersonalData checks every text of the fixtures' hidden
// fields (but the location) and of the answers to the name, e-mail and
// phone number questions against every text the answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	var personal []string
	for _, body := range deliveries(t) {
		var ev struct {
			Response struct {
				Hidden  map[string]string `json:"hidden"`
				Answers []struct {
					Field       struct{ Ref string } `json:"field"`
					Text        string               `json:"text"`
					Email       string               `json:"email"`
					PhoneNumber string               `json:"phone_number"`
				} `json:"answers"`
			} `json:"form_response"`
		}
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Fatal(err)
		}
		for k, v := range ev.Response.Hidden {
			if k != "standort" {
				personal = append(personal, v)
			}
		}
		for _, a := range ev.Response.Answers {
			switch a.Field.Ref {
			case "vorname", "email", "telefon":
				personal = append(personal, a.Text+a.Email+a.PhoneNumber)
			}
		}
	}
	personal = append(personal, "laura.meier@example.com") // the last respondent's standort
	if len(personal) < 25 {
		t.Fatalf("only %d personal values; the fixture should carry names, e-mails, phone numbers and customer numbers", len(personal))
	}
	for i, body := range deliveries(t) {
		b, err := typeform.Decode(strings.NewReader(string(body)), fixtureOptions)
		if err != nil {
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

// fld and ans build the definition fields and answers of a test event.
type fld struct{ id, ref, typ string }

func (f fld) json() map[string]any {
	return map[string]any{"id": f.id, "ref": f.ref, "type": f.typ, "title": f.ref + "?", "allow_multiple_selections": false, "allow_other_choice": false}
}

func ans(f fld, value map[string]any) map[string]any {
	a := map[string]any{"field": map[string]any{"id": f.id, "type": f.typ, "ref": f.ref}}
	for k, v := range value {
		a[k] = v
	}
	return a
}

func num(v any) map[string]any   { return map[string]any{"type": "number", "number": v} }
func text(v any) map[string]any  { return map[string]any{"type": "text", "text": v} }
func email(v any) map[string]any { return map[string]any{"type": "email", "email": v} }

var (
	npsF     = fld{"f1", "empfehlung", "nps"}
	scaleF   = fld{"f2", "skala", "opinion_scale"}
	scale2F  = fld{"f3", "skala2", "opinion_scale"}
	ratingF  = fld{"f4", "sterne", "rating"}
	rating2F = fld{"f5", "sterne2", "rating"}
	longF    = fld{"f6", "grund", "long_text"}
	long2F   = fld{"f7", "sonst", "long_text"}
	emailF   = fld{"f8", "mail", "email"}
)

// formEvent returns a form_response event of a response r1 submitted
// 2026-03-30 12:00 UTC to a form of fields, with answers; set replaces or
// (where nil) removes fields of form_response.
func formEvent(fields []fld, answers []map[string]any, set map[string]any) string {
	var defs []any
	for _, f := range fields {
		defs = append(defs, f.json())
	}
	fr := map[string]any{
		"form_id": "abc123", "token": "r1", "landed_at": "2026-03-30T11:58:00Z", "submitted_at": "2026-03-30T12:00:00Z",
		"hidden":     map[string]any{"standort": "Kantine Nord", "kundennummer": "K-1"},
		"definition": map[string]any{"id": "abc123", "title": "Feedback", "fields": defs},
		"answers":    answers,
	}
	for k, v := range set {
		if v == nil {
			delete(fr, k)
		} else {
			fr[k] = v
		}
	}
	body, err := json.Marshal(map[string]any{"event_id": "01ABC", "event_type": "form_response", "form_response": fr})
	if err != nil {
		panic(err)
	}
	return string(body)
}

func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	noon := time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC)
	npsAnswer := func(score int, comment, tp string) feed.Feedback {
		return feed.Feedback{ID: "r1", Source: "typeform", Scale: feed.ScaleNPS, Score: score, Comment: comment, Touchpoint: tp, CreatedAt: noon}
	}
	starAnswer := func(score int, comment string) feed.Feedback {
		return feed.Feedback{ID: "r1" + source.StarsSuffix, Source: "typeform", Scale: feed.ScaleStars, Score: score, Comment: comment, CreatedAt: noon}
	}
	all := []fld{npsF, ratingF, longF, emailF}
	tests := []struct {
		name    string
		body    string
		o       typeform.Options
		want    []feed.Feedback
		skipped []string
	}{
		{"nps, rating and comment found by type", formEvent(all, []map[string]any{ans(npsF, num(9)), ans(ratingF, num(4)), ans(longF, text(" Gut. ")), ans(emailF, email("a@example.com"))}, nil),
			typeform.Options{}, []feed.Feedback{npsAnswer(9, "Gut.", ""), starAnswer(4, "")}, nil},
		{"the only opinion_scale is the NPS question", formEvent([]fld{scaleF, longF}, []map[string]any{ans(scaleF, num(0))}, nil),
			typeform.Options{}, []feed.Feedback{npsAnswer(0, "", "")}, nil},
		{"an nps field wins over opinion scales", formEvent([]fld{scaleF, scale2F, npsF}, []map[string]any{ans(scaleF, num(3)), ans(npsF, num(10))}, nil),
			typeform.Options{}, []feed.Feedback{npsAnswer(10, "", "")}, nil},
		{"fields named by ref and id", formEvent([]fld{scaleF, scale2F, ratingF, rating2F, longF, long2F}, []map[string]any{ans(scale2F, num(8)), ans(rating2F, num(2)), ans(longF, text("a")), ans(long2F, text("b"))}, nil),
			typeform.Options{NPSField: "skala2", RatingField: "f5", CommentField: "sonst"}, []feed.Feedback{npsAnswer(8, "b", ""), starAnswer(2, "")}, nil},
		{"the first long_text is the comment", formEvent([]fld{ratingF, longF, long2F}, []map[string]any{ans(ratingF, num(5)), ans(long2F, text("b")), ans(longF, text("a"))}, nil),
			typeform.Options{}, []feed.Feedback{starAnswer(5, "a")}, nil},
		{"a skipped rating leaves the NPS answer", formEvent(all, []map[string]any{ans(npsF, num(6))}, nil),
			typeform.Options{}, []feed.Feedback{npsAnswer(6, "", "")}, nil},
		{"nothing answered is skipped", formEvent(all, []map[string]any{ans(longF, text("nur Text"))}, nil),
			typeform.Options{}, nil, []string{`r1: response "r1": no score (neither NPS nor stars answered)`}},
		{"an answer named by ref only", formEvent(all, []map[string]any{{"type": "number", "number": 7, "field": map[string]any{"ref": "empfehlung", "type": "nps"}}}, nil),
			typeform.Options{}, []feed.Feedback{npsAnswer(7, "", "")}, nil},
		{"touchpoint from a hidden field", formEvent(all, []map[string]any{ans(npsF, num(9))}, nil),
			typeform.Options{TouchpointHidden: "standort"}, []feed.Feedback{npsAnswer(9, "", "Kantine Nord")}, nil},
		{"an e-mail address is no touchpoint", formEvent(all, []map[string]any{ans(npsF, num(9))}, map[string]any{"hidden": map[string]any{"standort": "x@example.com"}}),
			typeform.Options{TouchpointHidden: "standort"}, []feed.Feedback{npsAnswer(9, "", "")}, nil},
		{"no hidden fields", formEvent(all, []map[string]any{ans(npsF, num(9))}, map[string]any{"hidden": nil}),
			typeform.Options{TouchpointHidden: "standort"}, []feed.Feedback{npsAnswer(9, "", "")}, nil},
		{"submitted_at with an offset", formEvent(all, []map[string]any{ans(npsF, num(9))}, map[string]any{"submitted_at": "2026-03-30T14:00:00+02:00"}),
			typeform.Options{}, []feed.Feedback{npsAnswer(9, "", "")}, nil},
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
				if b.Items[i].CreatedAt.Equal(tt.want[i].CreatedAt) {
					b.Items[i].CreatedAt = tt.want[i].CreatedAt
				}
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
	all := []fld{npsF, ratingF, longF}
	tests := []struct {
		name    string
		body    string
		o       typeform.Options
		path    string // of the *FieldError; "" for another error
		message string
		ignored bool
	}{
		{"a partial response", `{"event_id":"1","event_type":"form_response_partial","form_response":{}}`, typeform.Options{},
			"", `event type "form_response_partial": not a submitted form response; acknowledged and ignored`, true},
		{"no event type", `{"event_id":"1","form_response":{}}`, typeform.Options{}, "event_type", "event_type: is required", false},
		{"no form_response", `{"event_id":"1","event_type":"form_response"}`, typeform.Options{}, "form_response", "", false},
		{"no token", formEvent(all, nil, map[string]any{"token": nil}), typeform.Options{}, "form_response.token", "", false},
		{"no submitted_at", formEvent(all, nil, map[string]any{"submitted_at": nil}), typeform.Options{}, "form_response.submitted_at", "", false},
		{"submitted_at no time", formEvent(all, nil, map[string]any{"submitted_at": "30.03.2026 12:00"}), typeform.Options{},
			"form_response.submitted_at", `form_response.submitted_at: "30.03.2026 12:00" is no RFC 3339 time such as 2026-03-30T12:00:00Z`, false},
		{"a form without a score field", formEvent([]fld{longF, emailF}, nil, nil), typeform.Options{}, "form_response.definition.fields", "", false},
		{"two opinion scales", formEvent([]fld{scaleF, scale2F}, nil, nil), typeform.Options{},
			"form_response.definition.fields", "form_response.definition.fields: 2 opinion_scale fields (refs skala, skala2); name the one to read in the source", false},
		{"two ratings", formEvent([]fld{npsF, ratingF, rating2F}, nil, nil), typeform.Options{}, "form_response.definition.fields", "", false},
		{"a named field the form lacks", formEvent(all, nil, nil), typeform.Options{NPSField: "gibtsnicht"},
			"form_response.definition.fields", `form_response.definition.fields: no field with ref or id "gibtsnicht"`, false},
		{"a named comment field the form lacks", formEvent(all, nil, nil), typeform.Options{CommentField: "x"}, "form_response.definition.fields", "", false},
		{"NPS 11", formEvent(all, []map[string]any{ans(npsF, num(11))}, nil), typeform.Options{},
			"form_response.answers[0].number", `form_response.answers[0].number: 11 is not an NPS answer (0–10) in nps field "empfehlung"`, false},
		{"a 10-step rating", formEvent(all, []map[string]any{ans(npsF, num(3)), ans(ratingF, num(7))}, nil), typeform.Options{},
			"form_response.answers[1].number", "", false},
		{"a fraction", formEvent(all, []map[string]any{ans(npsF, num(7.5))}, nil), typeform.Options{}, "form_response.answers[0].number", "", false},
		{"the score field answered with text", formEvent(all, []map[string]any{ans(npsF, text("9"))}, nil), typeform.Options{},
			"form_response.answers[0].number", `form_response.answers[0].number: is missing; the answer to nps field "empfehlung" is of type "text"`, false},
		{"a number as text", formEvent(all, []map[string]any{ans(npsF, num("9"))}, nil), typeform.Options{}, "form_response.answers.number", "", false},
		{"hidden touchpoint not text", formEvent(all, []map[string]any{ans(npsF, num(9))}, map[string]any{"hidden": map[string]any{"standort": 5}}), typeform.Options{TouchpointHidden: "standort"},
			`form_response.hidden["standort"]`, "", false},
		{"an array, not an event", `[]`, typeform.Options{}, "(event)", "", false},
		{"empty body", ``, typeform.Options{}, "", "empty body; want a Typeform webhook event", false},
		{"data after the event", formEvent(all, nil, nil) + ` x`, typeform.Options{}, "", "", false},
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
			if got := errors.Is(err, typeform.ErrIgnoredEvent); got != tt.ignored {
				t.Errorf("Decode(%s) = %v; errors.Is(ErrIgnoredEvent) = %v, want %v", tt.body, err, got, tt.ignored)
			}
			var fe *typeform.FieldError
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
