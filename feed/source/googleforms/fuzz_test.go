package googleforms_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/source/googleforms"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
)

// FuzzDecode: no panic; a failure returns nothing; what is accepted
// validates, has unique ids, and survives a round trip through the JSON the
// server speaks unchanged. Decoding the same input twice gives the same
// ids.
func FuzzDecode(f *testing.F) {
	for name := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Add([]byte(sheet(header, []string{"3/29/2026 2:30:00", "a@example.com", "10 - Extremely likely", "4.5", "gut"})), uint8(0))
	f.Add([]byte(sheet(header, []string{"25.10.2026 02:30:00", "", "", "", ""}, []string{"", "", "9"})), uint8(1))
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		o := googleforms.Options{Columns: cols, TimeZone: loc}
		if mode&1 != 0 {
			o.Columns = fixtures["responses-de-DE.csv"]
		}
		if mode&2 != 0 {
			o.Columns = fixtures["responses-en-US.csv"]
		}
		b, err := googleforms.Decode(strings.NewReader(string(data)), o)
		if !sourcetest.CheckDecoded(t, b, err, nil) {
			return
		}
		// The ids are stable (the same file gives the same ids) and unique.
		again, err := googleforms.Decode(strings.NewReader(string(data)), o)
		if err != nil || len(again.Items) != len(b.Items) {
			t.Fatalf("second Decode = %d answers, %v; first %d", len(again.Items), err, len(b.Items))
		}
		seen := map[string]bool{}
		for i, item := range b.Items {
			if seen[item.ID] {
				t.Fatalf("id %s twice", item.ID)
			}
			seen[item.ID] = true
			if again.Items[i].ID != item.ID {
				t.Fatalf("answer %d: id %s, then %s", i, item.ID, again.Items[i].ID)
			}
		}
	})
}
