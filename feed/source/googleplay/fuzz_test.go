package googleplay_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/googleplay"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
)

// FuzzDecode: no panic; a failure returns nothing; what is accepted is star
// ratings that validate and survive a round trip through the JSON the
// server speaks unchanged.
func FuzzDecode(f *testing.F) {
	f.Add(readFile(f, "reviews-page1.json"))
	f.Add(readFile(f, "reviews-page2.json"))
	f.Add([]byte(page(userReview("r1", okComment))))
	f.Add([]byte(page(userReview("r1", strings.Replace(okComment, `"1774872000"`, `1774872000`, 1)), `{"reviewId":"r2","comments":[]}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := googleplay.Decode(strings.NewReader(string(data)), googleplay.Options{})
		if !sourcetest.CheckDecoded(t, b, err, func(item feed.Feedback) error {
			if item.Scale != feed.ScaleStars || !strings.HasSuffix(item.ID, source.StarsSuffix) || !item.UpdatedAt.Equal(item.CreatedAt) {
				return fmt.Errorf("answer %+v is not a star rating with its time", item)
			}
			return nil
		}) {
			return
		}
	})
}
