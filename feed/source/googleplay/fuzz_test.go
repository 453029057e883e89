package googleplay_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/googleplay"
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
			if item.Scale != feed.ScaleStars || !strings.HasSuffix(item.ID, source.StarsSuffix) || !item.UpdatedAt.Equal(item.CreatedAt) {
				t.Fatalf("answer %+v is not a star rating with its time", item)
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
