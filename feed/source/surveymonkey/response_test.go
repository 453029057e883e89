package surveymonkey_test

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
	"github.com/cxtv/cxtv/feed/source/surveymonkey"
)

const surveyID = "512349876"

func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// fixtureSurvey is testdata/survey-details.json: an NPS question (a rating
// with eleven choices weighted -100, 0 and 100, so scored by position,
// with a comment field), a 5-star rating, a comment box, a choice
// question, a name question and a contact-information question.
func fixtureSurvey(tb testing.TB, o surveymonkey.Options) *surveymonkey.Survey {
	tb.Helper()
	s, err := surveymonkey.ParseSurvey(strings.NewReader(string(readFile(tb, "survey-details.json"))), o)
	if err != nil {
		tb.Fatalf("ParseSurvey(survey-details.json) = %v", err)
	}
	return s
}

// fixtureResponses returns the ten responses of
// testdata/responses-bulk.json, each as its own details document.
func fixtureResponses(tb testing.TB) []json.RawMessage {
	tb.Helper()
	var page struct{ Data []json.RawMessage }
	if err := json.Unmarshal(readFile(tb, "responses-bulk.json"), &page); err != nil {
		tb.Fatal(err)
	}
	return page.Data
}

var fixtureOptions = surveymonkey.Options{TouchpointVariable: "standort"}

func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// fixtureWant is what the ten fixture responses become.
func fixtureWant(tb testing.TB) ([]feed.Feedback, []string) {
	nps := func(id string, score int, comment, tp, created, modified string) feed.Feedback {
		return feed.Feedback{ID: id, Source: "surveymonkey", Scale: feed.ScaleNPS, Score: score, Comment: comment, Touchpoint: tp, Language: "de", CreatedAt: at(tb, created), UpdatedAt: at(tb, modified)}
	}
	stars := func(id string, score int, comment, tp, created, modified string) feed.Feedback {
		return feed.Feedback{ID: id + source.StarsSuffix, Source: "surveymonkey", Scale: feed.ScaleStars, Score: score, Comment: comment, Touchpoint: tp, Language: "de", CreatedAt: at(tb, created), UpdatedAt: at(tb, modified)}
	}
	return []feed.Feedback{
			nps("114000001", 10, "Super Beratung, danke!", "koeln", "2026-03-30T08:05:09+00:00", "2026-03-30T08:06:44+00:00"),
			stars("114000001", 5, "", "koeln", "2026-03-30T08:05:09+00:00", "2026-03-30T08:06:44+00:00"),
			nps("114000002", 9, "Friendly staff, but the queue was long.", "berlin", "2026-03-30T08:11:30+00:00", "2026-03-30T08:13:02+00:00"),
			stars("114000002", 4, "", "berlin", "2026-03-30T08:11:30+00:00", "2026-03-30T08:13:02+00:00"),
			nps("114000003", 2, "Ware nicht vorrätig, niemand wusste Bescheid.", "koeln", "2026-03-30T09:22:15+00:00", "2026-03-30T09:24:00+00:00"),
			nps("114000005", 7, "", "hamburg", "2026-03-30T11:31:05+00:00", "2026-03-30T11:32:00+00:00"),
			stars("114000005", 3, "", "hamburg", "2026-03-30T11:31:05+00:00", "2026-03-30T11:32:00+00:00"),
			stars("114000007", 1, "Kalt und ungemütlich.", "berlin", "2026-03-31T07:49:59+00:00", "2026-03-31T07:51:12+00:00"),
			nps("114000008", 0, "Nie wieder, die Reklamation wurde ignoriert.", "koeln", "2026-03-31T08:44:00+00:00", "2026-03-31T08:45:20+00:00"),
			nps("114000009", 8, "Gute Auswahl.", "", "2026-03-31T09:15:42+00:00", "2026-03-31T09:16:30+00:00"), // its standort is an e-mail address
			stars("114000009", 4, "", "", "2026-03-31T09:15:42+00:00", "2026-03-31T09:16:30+00:00"),
		}, []string{
			"114000004: partial response (response_status = partial)",
			"114000006: preview response (collection_mode = survey_preview)",
			`114000010: response "114000010": no score (neither NPS nor stars answered)`,
		}
}

func checkBatch(t *testing.T, b source.Batch, want []feed.Feedback, wantSkipped []string) {
	t.Helper()
	if len(b.Items) != len(want) {
		t.Fatalf("%d answers, want %d: %+v", len(b.Items), len(want), b.Items)
	}
	for i := range want {
		got := b.Items[i]
		if got.CreatedAt.Equal(want[i].CreatedAt) && got.UpdatedAt.Equal(want[i].UpdatedAt) {
			got.CreatedAt, got.UpdatedAt = want[i].CreatedAt, want[i].UpdatedAt
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("answer %d:\n got %+v\nwant %+v", i, got, want[i])
		}
		if err := got.Validate(); err != nil {
			t.Errorf("answer %d: %v", i, err)
		}
	}
	var skipped []string
	for _, s := range b.Skipped {
		skipped = append(skipped, s.String())
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped:\n got %q\nwant %q", skipped, wantSkipped)
	}
}

func TestDecodeFixture(t *testing.T) {
	t.Parallel()
	s := fixtureSurvey(t, fixtureOptions)
	var all source.Batch
	for i, doc := range fixtureResponses(t) {
		b, err := surveymonkey.Decode(strings.NewReader(string(doc)), s, fixtureOptions)
		if err != nil {
			t.Fatalf("response %d: Decode = %v", i, err)
		}
		all.Items = append(all.Items, b.Items...)
		all.Skipped = append(all.Skipped, b.Skipped...)
	}
	want, skipped := fixtureWant(t)
	checkBatch(t, all, want, skipped)
}

// TestDecodeDropsPersonalData checks the fixtures' IP addresses, contact
// metadata, names, e-mails and phone numbers against every text the
// answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	var personal []string
	var collect func(v any)
	collect = func(v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				personal = append(personal, v)
			}
		case map[string]any:
			for _, e := range v {
				collect(e)
			}
		case []any:
			for _, e := range v {
				collect(e)
			}
		}
	}
	for _, doc := range fixtureResponses(t) {
		var r struct {
			IP       string         `json:"ip_address"`
			Metadata map[string]any `json:"metadata"`
			Pages    []struct {
				Questions []struct {
					ID      string           `json:"id"`
					Answers []map[string]any `json:"answers"`
				} `json:"questions"`
			} `json:"pages"`
		}
		if err := json.Unmarshal(doc, &r); err != nil {
			t.Fatal(err)
		}
		collect(r.IP)
		collect(r.Metadata)
		for _, p := range r.Pages {
			for _, q := range p.Questions {
				if q.ID == "3002002" || q.ID == "3002003" { // name, contact information
					for _, a := range q.Answers {
						collect(a["text"])
					}
				}
			}
		}
	}
	personal = append(personal, "lena.hoffmann@example.de") // 114000009's standort
	if len(personal) < 25 {
		t.Fatalf("only %d personal values; the fixture should carry IP addresses, names, e-mails and phone numbers", len(personal))
	}
	s := fixtureSurvey(t, fixtureOptions)
	for _, doc := range fixtureResponses(t) {
		b, err := surveymonkey.Decode(strings.NewReader(string(doc)), s, fixtureOptions)
		if err != nil {
			t.Fatal(err)
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

// responseDoc returns the details of a completed response r1 to the
// fixture survey created 2026-03-30 12:00 UTC, with answers to the
// questions in pages (question id → answers), the fields in set replacing
// or (where nil) removing those.
func responseDoc(answers map[string][]map[string]any, set map[string]any) string {
	var qs []any
	for _, qid := range []string{"3001001", "3001002", "3001003", "3002001", "3002003"} {
		if a, ok := answers[qid]; ok {
			qs = append(qs, map[string]any{"id": qid, "answers": a})
		}
	}
	d := map[string]any{
		"id": "r1", "survey_id": surveyID, "collector_id": "1", "recipient_id": "", "response_status": "completed", "collection_mode": "default",
		"date_created": "2026-03-30T12:00:00+00:00", "date_modified": "2026-03-30T12:00:00+00:00",
		"ip_address": "203.0.113.9", "custom_variables": map[string]any{"standort": "koeln"}, "custom_value": "", "metadata": map[string]any{},
		"pages": []any{map[string]any{"id": "2001001", "questions": qs}},
	}
	for k, v := range set {
		if v == nil {
			delete(d, k)
		} else {
			d[k] = v
		}
	}
	body, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(body)
}

func choice(id string) map[string]any { return map[string]any{"choice_id": id, "row_id": "4001100"} }
func textAnswer(s string) map[string]any {
	return map[string]any{"text": s}
}

func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	noon := time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC)
	nps := func(score int, comment string) feed.Feedback {
		return feed.Feedback{ID: "r1", Source: "surveymonkey", Scale: feed.ScaleNPS, Score: score, Comment: comment, Language: "de", CreatedAt: noon}
	}
	s := fixtureSurvey(t, surveymonkey.Options{})
	tests := []struct {
		name    string
		doc     string
		want    []feed.Feedback
		skipped []string
	}{
		{"the first NPS choice scores 0", responseDoc(map[string][]map[string]any{"3001001": {choice("4001000")}}, nil),
			[]feed.Feedback{nps(0, "")}, nil},
		{"the last scores 10", responseDoc(map[string][]map[string]any{"3001001": {choice("4001010")}}, nil),
			[]feed.Feedback{nps(10, "")}, nil},
		{"the comment box wins over the question's comment field", responseDoc(map[string][]map[string]any{
			"3001001": {choice("4001006"), {"other_id": "4001200", "text": "Feld"}}, "3001003": {textAnswer(" Box ")}}, nil),
			[]feed.Feedback{nps(6, "Box")}, nil},
		{"a later date_modified is an update", responseDoc(map[string][]map[string]any{"3001001": {choice("4001009")}}, map[string]any{"date_modified": "2026-03-30T16:00:00+02:00"}),
			[]feed.Feedback{func() feed.Feedback { f := nps(9, ""); f.UpdatedAt = noon.Add(2 * time.Hour); return f }()}, nil},
		{"date_modified equal to date_created is none", responseDoc(map[string][]map[string]any{"3001001": {choice("4001009")}}, map[string]any{"date_modified": "2026-03-30T14:00:00+02:00"}),
			[]feed.Feedback{nps(9, "")}, nil},
		{"no date_modified", responseDoc(map[string][]map[string]any{"3001001": {choice("4001009")}}, map[string]any{"date_modified": nil}),
			[]feed.Feedback{nps(9, "")}, nil},
		{"ids as numbers", strings.NewReplacer(`"4001007"`, `4001007`, `"3001001"`, `3001001`).Replace(responseDoc(map[string][]map[string]any{"3001001": {choice("4001007")}}, nil)),
			[]feed.Feedback{nps(7, "")}, nil},
		{"disqualified", responseDoc(nil, map[string]any{"response_status": "disqualified"}), nil, []string{"r1: disqualified response (response_status = disqualified)"}},
		{"over quota", responseDoc(nil, map[string]any{"response_status": "overquota"}), nil, []string{"r1: overquota response (response_status = overquota)"}},
		{"a preview", responseDoc(nil, map[string]any{"collection_mode": "preview"}), nil, []string{"r1: preview response (collection_mode = preview)"}},
		{"data entry is kept", responseDoc(map[string][]map[string]any{"3001001": {choice("4001008")}}, map[string]any{"collection_mode": "data_entry"}),
			[]feed.Feedback{nps(8, "")}, nil},
		{"no touchpoint variable configured", responseDoc(map[string][]map[string]any{"3001001": {choice("4001008")}}, nil),
			[]feed.Feedback{nps(8, "")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := surveymonkey.Decode(strings.NewReader(tt.doc), s, surveymonkey.Options{})
			if err != nil {
				t.Fatalf("Decode(%s) = %v", tt.doc, err)
			}
			checkBatch(t, b, tt.want, tt.skipped)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	s := fixtureSurvey(t, fixtureOptions)
	tests := []struct {
		name    string
		doc     string
		path    string // of the *FieldError; "" for another error
		unknown bool   // errors.Is ErrUnknownChoice
	}{
		{"a choice the details lack", responseDoc(map[string][]map[string]any{"3001001": {choice("4009999")}}, nil), "pages[0].questions[0].answers[0].choice_id", true},
		{"a star choice the details lack", responseDoc(map[string][]map[string]any{"3001002": {choice("4001003")}}, nil), "pages[0].questions[0].answers[0].choice_id", true},
		{"no id", responseDoc(nil, map[string]any{"id": nil}), "id", false},
		{"another survey's response", responseDoc(nil, map[string]any{"survey_id": "1"}), "survey_id", false},
		{"no date_created", responseDoc(nil, map[string]any{"date_created": nil}), "date_created", false},
		{"a date without an offset", responseDoc(nil, map[string]any{"date_created": "2026-03-30T12:00:00"}), "date_created", false},
		{"a touchpoint that is no text", responseDoc(nil, map[string]any{"custom_variables": map[string]any{"standort": []int{1}}}), `custom_variables["standort"]`, false},
		{"an id as an object", responseDoc(nil, map[string]any{"id": map[string]any{}}), "id", false},
		{"pages as an object", responseDoc(nil, map[string]any{"pages": map[string]any{}}), "pages", false},
		{"empty", ``, "", false},
		{"not JSON", `<html>`, "", false},
		{"data after the response", responseDoc(nil, nil) + `[]`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := surveymonkey.Decode(strings.NewReader(tt.doc), s, fixtureOptions)
			if err == nil {
				t.Fatalf("Decode(%s) = %+v, want an error", tt.doc, b)
			}
			if b.Items != nil || b.Skipped != nil {
				t.Errorf("Decode(%s) failed but returned %+v", tt.doc, b)
			}
			var fe *surveymonkey.FieldError
			switch {
			case tt.path != "" && !errors.As(err, &fe):
				t.Errorf("Decode(%s) = %v, want a *FieldError for %s", tt.doc, err, tt.path)
			case tt.path != "" && fe.Path != tt.path:
				t.Errorf("Decode(%s) = %v, want the path %s", tt.doc, err, tt.path)
			}
			if got := errors.Is(err, surveymonkey.ErrUnknownChoice); got != tt.unknown {
				t.Errorf("Decode(%s) = %v; errors.Is(ErrUnknownChoice) = %v, want %v", tt.doc, err, got, tt.unknown)
			}
		})
	}
}
