package qualtrics_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source/qualtrics"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
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
		if !sourcetest.CheckDecoded(t, b, err, func(item feed.Feedback) error {
			if item.Source != qualtrics.DefaultSource {
				return fmt.Errorf("answer %s stored under %q", item.ID, item.Source)
			}
			return nil
		}) {
			return
		}
	})
}
