package ingest_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/store"
)

const benchRows = 100_000

// benchCSV is a German survey export of benchRows answers over the last
// year, with personal-data columns, decimal commas, quoted and multi-line
// comments, as a survey tool writes it.
var benchCSV = sync.OnceValue(func() []byte {
	comments := []string{
		"",
		"",
		"Sehr freundliche Beratung in der Filiale.",
		"Die Wartezeit an der Hotline war viel zu lang.",
		`"Lieferung pünktlich; Verpackung leider beschädigt."`,
		`"Die App ist ""super"" – schnell und übersichtlich."`,
		"\"Zuerst gut,\nabends dann niemand mehr erreichbar.\"",
		"Alles bestens, gerne wieder!",
		"Preis-Leistung stimmt nicht mehr.",
	}
	touchpoints := []string{"Filiale", "Hotline", "App", "Webshop", "Lieferung"}
	names := []string{"Erika Mustermann", "Max Müller", "Hans Meier", "Jürgen Weiß", ""}
	rng := rand.New(rand.NewPCG(1, 2))
	start := now.Add(-365 * 24 * time.Hour)
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbfAntwort-ID;Datum;Weiterempfehlung;Kommentar;Kanal;Name;E-Mail\r\n")
	for i := range benchRows {
		at := start.Add(time.Duration(rng.Int64N(int64(364 * 24 * time.Hour)))).In(time.FixedZone("CET", 3600))
		name := names[rng.IntN(len(names))]
		email := ""
		if name != "" {
			email = fmt.Sprintf("kunde%d@example.de", i)
		}
		fmt.Fprintf(&b, "A-%07d;%s;%d,0;%s;%s;%s;%s\r\n",
			i, at.Format("02.01.2006 15:04"), rng.IntN(11),
			comments[rng.IntN(len(comments))], touchpoints[rng.IntN(len(touchpoints))], name, email)
	}
	return b.Bytes()
})

// BenchmarkImportCSV100k is what `cxtv-feed import` does with a large
// export: decode it, then store it in one transaction in a new bbolt file.
func BenchmarkImportCSV100k(b *testing.B) {
	data := benchCSV()
	opts := ingest.CSVOptions{Source: "survey", Scale: feed.ScaleNPS, Now: now}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		items, err := ingest.DecodeCSV(bytes.NewReader(data), opts)
		if err != nil {
			b.Fatal(err)
		}
		st, err := store.Open(filepath.Join(b.TempDir(), "feed.db"))
		if err != nil {
			b.Fatal(err)
		}
		added, err := st.AddFeedback(items)
		if err != nil {
			b.Fatal(err)
		}
		if added.New != benchRows || added.Stored() != benchRows {
			b.Fatalf("AddFeedback = %+v; want %d new", added, benchRows)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkDecodeCSV100k is the decoding part alone.
func BenchmarkDecodeCSV100k(b *testing.B) {
	data := benchCSV()
	opts := ingest.CSVOptions{Source: "survey", Scale: feed.ScaleNPS, Now: now}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		items, err := ingest.DecodeCSV(bytes.NewReader(data), opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(items) != benchRows {
			b.Fatalf("DecodeCSV = %d answers, want %d", len(items), benchRows)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
