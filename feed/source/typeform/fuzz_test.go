package typeform_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/typeform"
)

// FuzzDecode: no panic; a failure returns nothing; what is accepted
// validates, is stored under the source, and survives a round trip through
// the JSON the server speaks unchanged. named picks whether the fields are
// named in the options or found by type.
func FuzzDecode(f *testing.F) {
	for _, body := range deliveries(f) {
		f.Add([]byte(body), false)
	}
	all := []fld{npsF, ratingF, longF, emailF}
	f.Add([]byte(formEvent(all, []map[string]any{ans(npsF, num(9)), ans(ratingF, num(4)), ans(longF, text("x"))}, nil)), true)
	f.Add([]byte(formEvent([]fld{scaleF, scale2F, ratingF}, []map[string]any{ans(scale2F, num(1e300))}, nil)), true)
	f.Fuzz(func(t *testing.T, data []byte, named bool) {
		o := typeform.Options{TouchpointHidden: "standort"}
		if named {
			o.NPSField, o.RatingField, o.CommentField = "empfehlung", "f4", "grund"
		}
		b, err := typeform.Decode(strings.NewReader(string(data)), o)
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
			if item.Source != typeform.DefaultSource {
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
			if back.ID != item.ID || back.Score != item.Score || back.Comment != item.Comment || !back.CreatedAt.Equal(item.CreatedAt) {
				t.Fatalf("round trip changed %+v into %+v", item, back)
			}
		}
	})
}
