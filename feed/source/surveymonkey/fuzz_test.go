package surveymonkey_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
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
		if !sourcetest.CheckDecoded(t, b, err, func(item feed.Feedback) error {
			if item.Source != surveymonkey.DefaultSource {
				return fmt.Errorf("answer %s stored under %q", item.ID, item.Source)
			}
			return nil
		}) {
			return
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
