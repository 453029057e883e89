package surveymonkey_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/surveymonkey"
)

// FuzzDecode: no panic; a failure returns nothing; what is accepted
// validates, is stored under the source, and survives a round trip through
// the JSON the server speaks unchanged.
func FuzzDecode(f *testing.F) {
	for _, doc := range fixtureResponses(f) {
		f.Add([]byte(doc))
	}
	f.Add([]byte(responseDoc(map[string][]map[string]any{"3001001": {choice("4001003"), {"other_id": "4001200", "text": "x"}}}, nil)))
	s := fixtureSurvey(f, fixtureOptions)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := surveymonkey.Decode(strings.NewReader(string(data)), s, fixtureOptions)
		if err != nil {
			if b.Items != nil || b.Skipped != nil {
				t.Fatalf("Decode failed (%v) but returned %d answers, %d skipped", err, len(b.Items), len(b.Skipped))
			}
			return
		}
		for _, item := range b.Items {
			if err := item.Validate(); err != nil {
				t.Fatalf("accepted an invalid answer %+v: %v", item, err)
			}
			if item.Source != surveymonkey.DefaultSource {
				t.Fatalf("answer %s stored under %q", item.ID, item.Source)
			}
			data, err := json.Marshal(item)
			if err != nil {
				t.Fatal(err)
			}
			var back feed.Feedback
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			if back.ID != item.ID || back.Score != item.Score || back.Comment != item.Comment || !back.CreatedAt.Equal(item.CreatedAt) || !back.UpdatedAt.Equal(item.UpdatedAt) {
				t.Fatalf("round trip changed %+v into %+v", item, back)
			}
		}
	})
}

// FuzzDecodeEvent: no panic; an accepted callback names ids that are safe
// in an API path.
func FuzzDecodeEvent(f *testing.F) {
	for _, ev := range fixtureEvents(f) {
		f.Add([]byte(ev))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := surveymonkey.DecodeEvent(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		for _, id := range []string{ev.SurveyID, ev.ResponseID} {
			if id == "" || strings.ContainsAny(id, "/?#%.") {
				t.Fatalf("accepted %+v", ev)
			}
		}
	})
}

// FuzzParseSurvey: no panic, and a survey or an error.
func FuzzParseSurvey(f *testing.F) {
	f.Add(readFile(f, "survey-details.json"))
	f.Add([]byte(details(rating("a", zeroToTen, false, true), rating("b", ones, true, false), essay("c"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := surveymonkey.ParseSurvey(strings.NewReader(string(data)), surveymonkey.Options{})
		if err != nil {
			return
		}
		if s == nil {
			t.Fatal("ParseSurvey returned neither a survey nor an error")
		}
	})
}
