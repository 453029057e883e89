package appstore_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/appstore"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
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
		if !sourcetest.CheckDecoded(t, b, err, func(item feed.Feedback) error {
			if item.Scale != feed.ScaleStars || !strings.HasSuffix(item.ID, source.StarsSuffix) {
				return fmt.Errorf("answer %+v is not a star rating", item)
			}
			return nil
		}) {
			return
		}
	})
}
