package delighted_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/delighted"
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
		if err != nil {
			if b.Items != nil || b.Skipped != nil {
				t.Fatalf("Decode failed (%v) but returned %d answers, %d skipped", err, len(b.Items), len(b.Skipped))
			}
			return
		}
		if len(b.Items)+len(b.Skipped) != 1 {
			t.Fatalf("one delivery gave %d answers and %d skipped", len(b.Items), len(b.Skipped))
		}
		for _, item := range b.Items {
			if err := item.Validate(); err != nil {
				t.Fatalf("accepted an invalid answer %+v: %v", item, err)
			}
			if item.Source != delighted.DefaultSource {
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
