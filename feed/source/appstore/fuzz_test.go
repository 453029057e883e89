package appstore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/appstore"
)

// FuzzDecode: no panic, for either form of the feed; a failure returns
// nothing; what is accepted is star ratings that validate and survive a
// round trip through the JSON the server speaks unchanged.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"customerreviews-page1.json", "customerreviews-page2.json", "customerreviews-page1.xml", "customerreviews-empty.json"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte(jsonPage(reviewJSON)))
	f.Add([]byte(jsonPage("[" + appJSON + "]")))
	f.Add([]byte(atomPage(atomReview("1", "5", `<content type="text">a</content><content type="html">b</content>`))))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := appstore.Decode(strings.NewReader(string(data)), appstore.Options{})
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
			if item.Scale != feed.ScaleStars || !strings.HasSuffix(item.ID, source.StarsSuffix) {
				t.Fatalf("answer %+v is not a star rating", item)
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
