package ingest_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

// FuzzDecodeCSV: no panic; a failure is reported with a row number and
// nothing else; what is accepted validates and survives a round trip through
// the JSON API unchanged. mode picks the source's csv options, so that
// configured separators, decimals, date formats and mappings are fuzzed too.
func FuzzDecodeCSV(f *testing.F) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "csv", "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range fixtures {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	for _, seed := range []string{
		"ID;Score\n1;9\n",
		"ID,Score,Comment\n1,9.0,\"a\nb\"\n\n2,10,\"\"\"x\"\"\"\n",
		"sep=;\nID;Score;Datum\n1;9,0;23.11.2026 14:05\n",
		"ID\tScore\tSkala\n1\t4\tsterne\n",
		"ID;Score\n1;\"9\n", "ID;Score\n1;9;x\n", "\xef\xbb\xbf", "\xff\xfeI\x00",
		"Nr;Wert;Datum\n1;5;2026-11-23T10:00:00+01:00\n",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Add([]byte("Nr;Wert;Datum\n1;5;23.11.2026\n"), uint8(0xff))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		o := ingest.CSVOptions{Source: "survey", Scale: feed.ScaleNPS, Now: now}
		o.Separator = []string{"", ";", ",", "\t"}[mode&3]
		o.Decimal = []string{"", ",", ".", ""}[mode>>2&3]
		if mode&0x10 != 0 {
			o.Scale = feed.ScaleStars
		}
		if mode&0x20 != 0 {
			o.DateFormat = "02.01.2006"
		}
		if mode&0x40 != 0 {
			o.TimeZone = "America/New_York"
		}
		if mode&0x80 != 0 {
			o.Columns = map[string]string{"id": "Nr", "score": "Wert", "touchpoint": ""}
		}
		items, err := ingest.DecodeCSV(strings.NewReader(string(data)), o)
		if err != nil {
			if items != nil {
				t.Fatalf("DecodeCSV returned %d items with error %v", len(items), err)
			}
			var re *ingest.RowError
			if errors.As(err, &re) && (re.Row < 1 || re.Reason == "") {
				t.Fatalf("DecodeCSV error %#v has no row or reason", re)
			}
			return
		}
		for i, it := range items {
			if err := it.Validate(); err != nil {
				t.Fatalf("accepted item %d does not validate: %v (%+v)", i, err, it)
			}
			if it.Source != "survey" {
				t.Fatalf("accepted item %d has source %q", i, it.Source)
			}
		}
		for start := 0; start < len(items); start += ingest.MaxBatch {
			batch := items[start:min(start+ingest.MaxBatch, len(items))]
			again, err := json.Marshal(batch)
			if err != nil {
				t.Fatalf("accepted items do not encode: %v", err)
			}
			back, err := ingest.DecodeFeedback(again, "survey", feed.ScaleNPS, now)
			if err != nil {
				t.Fatalf("re-encoded %s does not decode: %v", again, err)
			}
			for i := range batch {
				if back[i] != batch[i] {
					t.Fatalf("round trip changed item %d: %+v → %+v", start+i, batch[i], back[i])
				}
			}
		}
	})
}
