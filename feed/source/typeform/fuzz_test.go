package typeform_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
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
		if !sourcetest.CheckDecoded(t, b, err, func(item feed.Feedback) error {
			if item.Source != typeform.DefaultSource {
				return fmt.Errorf("answer %s stored under %q", item.ID, item.Source)
			}
			return nil
		}) {
			return
		}
	})
}
