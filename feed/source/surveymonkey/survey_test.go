package surveymonkey_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/source/surveymonkey"
)

// rating returns a matrix/rating question with choices of the weights,
// at positions 1, 2, …; star makes it a star rating; na adds an N/A
// choice "na".
func rating(qid string, weights []int, star, na bool) map[string]any {
	var choices []any
	for i, w := range weights {
		choices = append(choices, map[string]any{"id": qid + "-" + string(rune('a'+i)), "position": i + 1, "visible": true, "text": "", "weight": w, "is_na": false})
	}
	if na {
		choices = append(choices, map[string]any{"id": "na", "position": len(weights) + 1, "visible": true, "text": "N/A", "is_na": true})
	}
	q := map[string]any{"id": qid, "family": "matrix", "subtype": "rating", "position": 1, "visible": true,
		"headings": []any{map[string]any{"heading": "?"}},
		"answers":  map[string]any{"rows": []any{map[string]any{"id": qid + "-row", "text": "", "position": 1}}, "choices": choices}}
	if star {
		q["display_options"] = map[string]any{"display_type": "emoji", "display_subtype": "star"}
	}
	return q
}

func essay(qid string) map[string]any {
	return map[string]any{"id": qid, "family": "open_ended", "subtype": "essay", "position": 2, "visible": true, "headings": []any{map[string]any{"heading": "Warum?"}}}
}

func details(questions ...map[string]any) string {
	var qs []any
	for _, q := range questions {
		qs = append(qs, q)
	}
	body, err := json.Marshal(map[string]any{"id": "77", "title": "T", "language": "en", "pages": []any{map[string]any{"id": "1", "questions": qs}}})
	if err != nil {
		panic(err)
	}
	return string(body)
}

var (
	zeroToTen = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tenToZero = []int{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
	npsGroups = []int{-100, -100, -100, -100, -100, -100, -100, 0, 0, 100, 100}
	oneToFive = []int{1, 2, 3, 4, 5}
	ones      = []int{1, 1, 1, 1, 1}
)

// score decodes a completed response choosing choice in question qid.
func score(t *testing.T, s *surveymonkey.Survey, qid, choice string) (nps, stars int) {
	t.Helper()
	doc := strings.ReplaceAll(responseDoc(map[string][]map[string]any{"3001001": {{"choice_id": choice}}}, map[string]any{"survey_id": "77"}), `"3001001"`, `"`+qid+`"`)
	b, err := surveymonkey.Decode(strings.NewReader(doc), s, surveymonkey.Options{})
	if err != nil {
		t.Fatalf("Decode(%s) = %v", doc, err)
	}
	nps, stars = -1, -1
	for _, f := range b.Items {
		if f.Scale == "nps" {
			nps = f.Score
		} else {
			stars = f.Score
		}
	}
	return nps, stars
}

func TestParseSurveyScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		details   string
		o         surveymonkey.Options
		qid, pick string
		nps, star int
	}{
		{"weights 0–10 are the scores", details(rating("q", zeroToTen, false, false)), surveymonkey.Options{}, "q", "q-d", 3, -1},
		{"weights 10–0 too", details(rating("q", tenToZero, false, false)), surveymonkey.Options{}, "q", "q-b", 9, -1},
		{"NPS group weights: the position", details(rating("q", npsGroups, false, false)), surveymonkey.Options{}, "q", "q-h", 7, -1},
		{"star weights 1–5", details(rating("s", oneToFive, true, false)), surveymonkey.Options{}, "s", "s-e", -1, 5},
		{"equal star weights: the position", details(rating("s", ones, true, false)), surveymonkey.Options{}, "s", "s-b", -1, 2},
		{"an N/A choice is no answer", details(rating("q", zeroToTen, false, true), rating("s", oneToFive, true, false)), surveymonkey.Options{}, "q", "na", -1, -1},
		{"a named rating of 11 among others", details(rating("a", zeroToTen, false, false), rating("b", tenToZero, false, false)), surveymonkey.Options{NPSQuestion: "b"}, "b", "b-a", 10, -1},
		{"a named star question", details(rating("a", oneToFive, true, false), rating("b", ones, false, false)), surveymonkey.Options{StarsQuestion: "b"}, "b", "b-c", -1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := surveymonkey.ParseSurvey(strings.NewReader(tt.details), tt.o)
			if err != nil {
				t.Fatalf("ParseSurvey(%s) = %v", tt.details, err)
			}
			if s.ID != "77" || s.Language != "en" {
				t.Errorf("ParseSurvey: survey %q in %q, want 77 in en", s.ID, s.Language)
			}
			nps, star := score(t, s, tt.qid, tt.pick)
			if nps != tt.nps || star != tt.star {
				t.Errorf("choice %s: NPS %d, stars %d; want %d, %d", tt.pick, nps, star, tt.nps, tt.star)
			}
		})
	}
}

func TestParseSurveyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		details string
		o       surveymonkey.Options
		path    string // of the *FieldError; "" for another error
		reason  string // a part of the error
	}{
		{"no score question", details(essay("c"), rating("q", oneToFive, false, false)), surveymonkey.Options{}, "pages", "has no NPS question"},
		{"two NPS candidates", details(rating("a", zeroToTen, false, false), rating("b", zeroToTen, false, false)), surveymonkey.Options{}, "pages", "2 rating questions with 11 choices (NPS) (questions a, b)"},
		{"two star ratings", details(rating("a", oneToFive, true, false), rating("b", oneToFive, true, false)), surveymonkey.Options{}, "pages", "2 star ratings"},
		{"a 10-star rating is none", details(rating("a", zeroToTen[1:], true, false)), surveymonkey.Options{}, "pages", "has no NPS question"},
		{"a named question the survey lacks", details(rating("a", zeroToTen, false, false)), surveymonkey.Options{NPSQuestion: "x"}, "pages", "has no question x"},
		{"a named NPS question of 5 choices", details(rating("a", oneToFive, false, false)), surveymonkey.Options{NPSQuestion: "a"}, "pages[0].questions[0].answers.choices", "5 choices; an NPS question needs 11"},
		{"a weight as text", strings.Replace(details(rating("a", zeroToTen, false, false)), `"weight":0`, `"weight":"0"`, 1), surveymonkey.Options{}, "pages.questions.answers.choices.weight", ""},
		{"not JSON", `{"pages":`, surveymonkey.Options{}, "", "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := surveymonkey.ParseSurvey(strings.NewReader(tt.details), tt.o)
			if err == nil {
				t.Fatalf("ParseSurvey(%s) = %+v, want an error", tt.details, s)
			}
			var fe *surveymonkey.FieldError
			switch {
			case tt.path != "" && !errors.As(err, &fe):
				t.Errorf("ParseSurvey(%s) = %v, want a *FieldError for %s", tt.details, err, tt.path)
			case tt.path != "" && fe.Path != tt.path:
				t.Errorf("ParseSurvey(%s) = %v, want the path %s", tt.details, err, tt.path)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("ParseSurvey(%s) = %v, want %q in it", tt.details, err, tt.reason)
			}
		})
	}
}
