package delighted_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/delighted"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
)

// FuzzDecode: no panic; a failure returns nothing; what is accepted
// validates, is stored under the source, and survives a round trip through
// the JSON the server speaks unchanged. touchpoint picks whether a
// person property is read as the touchpoint.
func FuzzDecode(f *testing.F) {
	for _, body := range deliveries(f) {
		f.Add([]byte(body), true)
	}
	f.Add([]byte(response(delighted.EventCreated, map[string]any{"survey_type": "csat", "score": 3})), false)
	f.Add([]byte(response(delighted.EventUpdated, map[string]any{"person_properties": map[string]any{"Location": 1.5e300, "locale": "de_AT"}})), true)
	f.Add([]byte(`{"event_type":"survey_response.created","event_data":{"id":"1","score":10,"created_at":1}}`), false)
	f.Fuzz(func(t *testing.T, data []byte, touchpoint bool) {
		var o delighted.Options
		if touchpoint {
			o.TouchpointProperty = "Location"
		}
		b, err := delighted.Decode(strings.NewReader(string(data)), o)
		if !sourcetest.CheckDecoded(t, b, err, func(item feed.Feedback) error {
			if item.Source != delighted.DefaultSource {
				return fmt.Errorf("answer %s stored under %q", item.ID, item.Source)
			}
			return nil
		}) {
			return
		}
		if len(b.Items)+len(b.Skipped) != 1 {
			t.Fatalf("one delivery gave %d answers and %d skipped", len(b.Items), len(b.Skipped))
		}
	})
}
