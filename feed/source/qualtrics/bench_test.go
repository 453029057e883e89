package qualtrics_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/cxtv/cxtv/feed/source/qualtrics"
)

// bigExport is an export of n finished responses with an NPS answer, a star
// rating and a comment each.
func bigExport(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString(export(base))
	for i := range n {
		fmt.Fprintf(&buf, "True,2026-03-30 12:%02d:%02d,R_%07d,,anonymous,DE,,%d,%d,\"Kommentar Nummer %d, mit Komma\"\n",
			i/60%60, i%60, i, i%11, i%5+1, i)
	}
	return buf.Bytes()
}

func TestDecode100k(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	data := bigExport(100_000)
	b, err := qualtrics.Decode(bytes.NewReader(data), qualtrics.Options{Columns: qualtrics.Columns{Stars: "QID2_1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 200_000 || len(b.Skipped) != 0 {
		t.Errorf("Decode(100,000 rows) = %d answers, %d skipped; want 200,000 and 0", len(b.Items), len(b.Skipped))
	}
}

func BenchmarkDecode100k(b *testing.B) {
	data := bigExport(100_000)
	o := qualtrics.Options{Columns: qualtrics.Columns{Stars: "QID2_1"}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := qualtrics.Decode(bytes.NewReader(data), o); err != nil {
			b.Fatal(err)
		}
	}
}
