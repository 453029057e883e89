package qualtrics_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/qualtrics"
)

// FuzzDecode: no panic; a failure returns nothing; what is accepted
// validates, is stored under the source, and survives a round trip through
// the JSON the server speaks unchanged. mode picks the options, so that
// configured columns and the fallback time zone are fuzzed too.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"choicetext.csv", "numeric.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
		f.Add(data, uint8(3))
	}
	f.Add([]byte(export(base, row{}, row{"Q1": "10 - Extremely likely", "Q2_1": "4.5"})), uint8(1))
	f.Add([]byte(export(base, row{"Finished": "0"}, row{"RecordedDate": "3/30/2026 2:30"})), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		var o qualtrics.Options
		if mode&1 != 0 {
			o.Columns.Stars = "QID2_1"
		}
		if mode&2 != 0 {
			o.Columns = qualtrics.Columns{Score: "QID1", Stars: "QID2", Comment: "QID3_TEXT", Touchpoint: "Standort"}
			o.TimeZone = time.UTC
		}
		b, err := qualtrics.Decode(strings.NewReader(string(data)), o)
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
			if item.Source != qualtrics.DefaultSource {
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
