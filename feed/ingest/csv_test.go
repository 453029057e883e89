package ingest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

// berlin returns a wall time in Europe/Berlin (CET in November) as UTC.
func berlin(day, hour, minute, sec int) time.Time {
	return time.Date(2026, 11, day, hour-1, minute, sec, 0, time.UTC)
}

func openFixture(tb testing.TB, name string) *os.File {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "csv", name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func TestDecodeCSV(t *testing.T) {
	survey := func(id string, score int, comment, touchpoint string, at time.Time) feed.Feedback {
		return feed.Feedback{ID: id, Source: "survey", Scale: feed.ScaleNPS, Score: score, Comment: comment, Touchpoint: touchpoint, CreatedAt: at}
	}
	tests := []struct {
		name    string
		fixture string
		opts    ingest.CSVOptions
		want    []feed.Feedback
	}{{
		name:    "German export: BOM, CRLF, semicolons, decimal comma, multi-line comment, blank rows",
		fixture: "de_survey.csv",
		opts:    ingest.CSVOptions{Source: "survey", Scale: feed.ScaleNPS, Now: now},
		want: []feed.Feedback{
			survey("A-1001", 9, "Sehr freundliche Beratung in der Filiale.", "Filiale", berlin(23, 14, 5, 0)),
			survey("A-1002", 3, "Lange Wartezeit an der Hotline;\nniemand hat zurückgerufen.", "Hotline", berlin(23, 16, 30, 0)),
			survey("A-1003", 10, `Die App ist "super" – schnell und übersichtlich.`, "App", berlin(24, 8, 15, 0)),
			survey("A-1004", 7, "", "Filiale", berlin(22, 0, 0, 0)),
		},
	}, {
		name:    "English export: commas, decimal point, London time",
		fixture: "en_survey.csv",
		opts: ingest.CSVOptions{Source: "survey", Now: now,
			Decimal: ".", TimeZone: "Europe/London"},
		want: []feed.Feedback{
			survey("R_3kX9", 10, "Quick, friendly and helpful.", "Hotline", time.Date(2026, 11, 23, 9, 12, 0, 0, time.UTC)),
			survey("R_7pQ2", 6, "The \"express\" delivery took a week.\nWould not order again.", "Delivery", time.Date(2026, 11, 22, 17, 45, 0, 0, time.UTC)),
			survey("R_1aB4", 8, "", "Web shop", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)),
		},
	}, {
		name:    "stars source with mapped columns",
		fixture: "stars.csv",
		opts: ingest.CSVOptions{Source: "reviews", Scale: feed.ScaleStars, Now: now,
			Columns: map[string]string{"id": "Review ID", "comment": "Bewertungstext", "touchpoint": "Standort"}},
		want: []feed.Feedback{
			{ID: "G-1", Source: "reviews", Scale: feed.ScaleStars, Score: 5, Comment: "Top Service, gerne wieder!", Touchpoint: "Filiale Mitte", CreatedAt: berlin(20, 0, 0, 0)},
			{ID: "G-2", Source: "reviews", Scale: feed.ScaleStars, Score: 2, Comment: "Zu voll am Samstag.", Touchpoint: "Filiale Nord", CreatedAt: berlin(21, 11, 0, 0)},
		},
	}, {
		name:    "Excel sep= line, date format, scale and language columns, a column switched off",
		fixture: "mapped.csv",
		opts: ingest.CSVOptions{Source: "survey", Now: now,
			DateFormat: "02.01.2006 15:04:05", Columns: map[string]string{
				"id":         "Ticket",
				"score":      "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
				"comment":    "ihre anmerkungen", // case and spaces do not count
				"created_at": "Erfasst am",
				"touchpoint": "", // "Kanal" is an internal field here
			}},
		want: []feed.Feedback{
			{ID: "T-17", Source: "survey", Scale: feed.ScaleNPS, Score: 8, Comment: "Alles gut.", Language: "de", CreatedAt: berlin(23, 10, 0, 0)},
			{ID: "T-18", Source: "survey", Scale: feed.ScaleStars, Score: 4, Comment: "Lieferung kam beschädigt an.", Language: "de", CreatedAt: berlin(23, 11, 30, 15)},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ingest.DecodeCSV(openFixture(t, tt.fixture), tt.opts)
			if err != nil {
				t.Fatalf("DecodeCSV(%s) = %v", tt.fixture, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("DecodeCSV(%s) = %d answers, want %d: %+v", tt.fixture, len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("DecodeCSV(%s)[%d] =\n %+v, want\n %+v", tt.fixture, i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestDecodeCSVDropsPersonalData: names, e-mail addresses and phone numbers
// in other columns never reach a feedback value.
func TestDecodeCSVDropsPersonalData(t *testing.T) {
	for _, fixture := range []string{"de_survey.csv", "stars.csv", "mapped.csv"} {
		opts := ingest.CSVOptions{Source: "survey", Now: now}
		if fixture == "stars.csv" {
			opts.Scale = feed.ScaleStars
			opts.Columns = map[string]string{"id": "Review ID"}
		}
		if fixture == "mapped.csv" {
			opts.Columns = map[string]string{"id": "Ticket", "score": "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"}
		}
		items, err := ingest.DecodeCSV(openFixture(t, fixture), opts)
		if err != nil {
			t.Fatalf("DecodeCSV(%s) = %v", fixture, err)
		}
		b, err := json.Marshal(items)
		if err != nil {
			t.Fatal(err)
		}
		for _, personal := range []string{"Mustermann", "Müller", "Meier", "@example.de", "Peter", "Anna", "+49"} {
			if strings.Contains(string(b), personal) {
				t.Errorf("DecodeCSV(%s) kept %q: %s", fixture, personal, b)
			}
		}
	}
}

func TestDecodeCSVFormats(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		opts ingest.CSVOptions
		want []string // id:score per answer
	}{
		{"header only", "ID;Score\r\n", ingest.CSVOptions{}, nil},
		{"tab separated", "ID\tScore\tKommentar\n1\t9\tgut; sehr gut\n", ingest.CSVOptions{}, []string{"1:9"}},
		{"one separator each: semicolon wins", "ID;Score,Note\n1;9,0\n", ingest.CSVOptions{Columns: map[string]string{"score": "Score,Note"}}, []string{"1:9"}},
		{"more commas than semicolons", "ID,Score,Comment\n1,9,\"a; b\"\n", ingest.CSVOptions{}, []string{"1:9"}},
		{"separator in a quoted header", "\"ID;x\",Score\n1,9\n", ingest.CSVOptions{Columns: map[string]string{"id": "ID;x"}}, []string{"1:9"}},
		{"configured separator", "ID,Score;Kommentar\n1,9;x\n", ingest.CSVOptions{Separator: ";", Columns: map[string]string{"id": "ID,Score", "score": "Kommentar"}}, nil},
		{"blank lines before the header", "\n\nID;Score\n1;9\n", ingest.CSVOptions{}, []string{"1:9"}},
		{"no final line break", "ID;Score\n1;9\n2;10", ingest.CSVOptions{}, []string{"1:9", "2:10"}},
		{"spaces around cells", "ID ; Score \n 1 ; 9,00 \n", ingest.CSVOptions{}, []string{"1:9"}},
		{"space before a quoted cell", "ID, Score, Comment\n1, 9, \"Good, thanks\"\n2, 8, \"a\nb\"\n", ingest.CSVOptions{}, []string{"1:9", "2:8"}},
		{"empty cells between tabs", "ID\tKommentar\tKanal\tScore\n1\t\t\t9\n", ingest.CSVOptions{}, []string{"1:9"}},
		{"header synonyms in English", "response_id,NPS\nx,0\n", ingest.CSVOptions{}, []string{"x:0"}},
		{"repeated id is kept for the store to count", "ID;Score\n1;9\n1;9\n", ingest.CSVOptions{}, []string{"1:9", "1:9"}},
		{"no date column: dated now", "ID;Score\n1;9\n", ingest.CSVOptions{}, []string{"1:9"}},
		{"Excel sep= line with comma", "sep=,\nID,Score\n1,9\n", ingest.CSVOptions{}, []string{"1:9"}},
		{"a longer sep= line is a header", "sep=;x;Score\n1;a;9\n", ingest.CSVOptions{Columns: map[string]string{"id": "sep=", "score": "Score"}}, []string{"1:9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.Source, tt.opts.Now = "survey", now
			items, err := ingest.DecodeCSV(strings.NewReader(tt.csv), tt.opts)
			if tt.name == "configured separator" {
				// "Kommentar" holds "x": the configured ; was used, not the
				// detected ,.
				var re *ingest.RowError
				if !errors.As(err, &re) || re.Row != 2 || re.Column != "Kommentar" {
					t.Fatalf("DecodeCSV(%q) = %v, want a row 2 error in Kommentar", tt.csv, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeCSV(%q) = %v", tt.csv, err)
			}
			var got []string
			for _, f := range items {
				got = append(got, fmt.Sprintf("%s:%d", f.ID, f.Score))
				if f.CreatedAt.IsZero() {
					t.Errorf("DecodeCSV(%q): %s has no date", tt.csv, f.ID)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("DecodeCSV(%q) = %v, want %v", tt.csv, got, tt.want)
			}
		})
	}
}

func TestDecodeCSVErrors(t *testing.T) {
	nps := ingest.CSVOptions{}
	mapped := func(cols map[string]string) ingest.CSVOptions {
		return ingest.CSVOptions{Columns: cols}
	}
	const head = "Antwort-ID;Datum;Weiterempfehlung;Kommentar;Kanal;Name;E-Mail\n"
	tests := []struct {
		name   string
		csv    string
		opts   ingest.CSVOptions
		row    int
		column string
		reason string
	}{
		{"bad score", head + "1;23.11.2026;9;gut;App;;\n2;23.11.2026;neun;gut;App;;\n", nps, 3, "Weiterempfehlung", `"neun" is not a score`},
		{"score out of range", head + "1;23.11.2026;11;gut;App;;\n", nps, 2, "Weiterempfehlung", "11 is outside 0–10 for scale nps"},
		{"negative score", head + "1;23.11.2026;-1;gut;App;;\n", nps, 2, "Weiterempfehlung", "-1 is outside 0–10"},
		{"stars out of range", "ID;Sterne\n1;0\n", ingest.CSVOptions{Scale: feed.ScaleStars}, 2, "Sterne", "0 is outside 1–5 for scale stars"},
		{"half a point", head + "1;23.11.2026;8,5;gut;App;;\n", nps, 2, "Weiterempfehlung", `"8,5" is not a whole number`},
		{"decimal comma where a point is configured", "ID;Score\n1;9,0\n", ingest.CSVOptions{Decimal: "."}, 2, "Score", `"9,0" is not a score (csv.decimal is ".")`},
		{"empty score", head + "1;23.11.2026;;gut;App;;\n", nps, 2, "Weiterempfehlung", "is empty; every answer needs a score"},
		{"empty id", head + ";23.11.2026;9;gut;App;;\n", nps, 2, "Antwort-ID", "is required"},
		{"unknown scale", "ID;Score;Skala\n1;3;CSAT\n", nps, 2, "Skala", `"CSAT" is not a scale`},
		{"future date", head + "1;24.11.2026 13:00;9;;;;\n2;24.11.2026 14:05;9;;;;\n", nps, 3, "Datum", `"24.11.2026 14:05" is in the future`},
		{"not a date", head + "1;31.02.2026;9;;;;\n", nps, 2, "Datum", `"31.02.2026" is not a date`},
		{"date before 1970", head + "1;01.01.1960;9;;;;\n", nps, 2, "Datum", "is before 1970"},
		{"date not in the configured format", "ID;Score;Datum\n1;9;2026-11-23\n", ingest.CSVOptions{DateFormat: "02.01.2006"}, 2, "Datum", `does not match csv.date_format "02.01.2006"`},
		{"control character in the id", "ID;Score\n\"a\x07b\";9\n", nps, 2, "ID", "control character (U+0007)"},
		{"comment too long", "ID;Score;Kommentar\n1;9;" + strings.Repeat("ü", 2001) + "\n", nps, 2, "Kommentar", "is 2001 characters long; at most 2000"},
		{"row number counts multi-line cells once and blank lines", head + "1;23.11.2026;9;\"eins\nzwei\ndrei\";;;\n\n;;;;;;\n\n5;23.11.2026;99;;;;\n", nps, 6, "Weiterempfehlung", "99 is outside"},
		{"a line of spaces is a row", "ID;Score\n1;9\n   \n2;x\n", nps, 4, "Score", `"x" is not a score`},
		{"a sep= line is not a row, as in Excel", "sep=;\r\nID;Score\r\n1;x\r\n", nps, 2, "Score", `"x" is not a score`},

		{"mapped column not in the header", head + "1;23.11.2026;9;;;;\n", mapped(map[string]string{"score": "NPS-Wert"}), 1, "", `no column "NPS-Wert" (set as csv.columns.score of source "survey"); the header has "Antwort-ID", "Datum"`},
		{"mapped column twice in the header", "ID;Note;Note\n1;9;9\n", mapped(map[string]string{"score": "Note"}), 1, "", `column "Note" (set as csv.columns.score of source "survey") appears 2 times`},
		{"ambiguous columns", "ID;NPS;Score\n1;9;9\n", nps, 1, "", `columns "NPS" and "Score" could each be the score; set csv.columns.score of source "survey" to one of them`},
		{"no score column", "ID;Punkte\n1;9\n", nps, 1, "", `no score column among "ID", "Punkte" (split at ";"); set csv.columns.score of source "survey"`},
		{"wrong separator shows as one header", "ID|Score\n1|9\n", nps, 1, "", `no id or score column among "ID|Score" (split at ",")`},

		{"bare quote", head + "1;23.11.2026;9;gut;App;;\n2;23.11.2026;9;Das war \"okay\";App;;\n", nps, 3, "", `a " inside a cell that does not start with "`},
		{"quote not closed", head + "1;23.11.2026;9;\"gut\n2;23.11.2026;9;gut;App;;\n", nps, 2, "", "a cell in quotes is not closed"},
		{"text after a closing quote", head + "1;23.11.2026;9;\"gut\" oder;App;;\n", nps, 2, "", "has text after its closing"},
		{"too many cells", head + "1;23.11.2026;9;gut;App;;\n2;23.11.2026;9;gut; sehr gut;App;;\n", nps, 3, "", `has 8 cells, the header has 7 (a ";" inside a cell that is not in quotes?)`},
		{"too few cells", head + "1;23.11.2026;9\n", nps, 2, "", "has 3 cells, the header has 7"},
		{"Windows-1252 in a dropped column", head + "1;23.11.2026;9;gut;App;M\xfcller;\n", nps, 2, "Name", "is not valid UTF-8"},
		{"Windows-1252 in a comment", head + "1;23.11.2026;9;gr\xfc\xdfe;App;;\n", nps, 2, "Kommentar", "is not valid UTF-8"},
		{"Windows-1252 in the header", "ID;Score;Ma\xdfnahme\n1;9;x\n", nps, 1, "", "is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.Source, tt.opts.Now = "survey", now
			items, err := ingest.DecodeCSV(strings.NewReader(tt.csv), tt.opts)
			var re *ingest.RowError
			if !errors.As(err, &re) {
				t.Fatalf("DecodeCSV(%q) = %d items, %v; want a *RowError", tt.csv, len(items), err)
			}
			if items != nil {
				t.Errorf("DecodeCSV(%q) returned %d items with its error", tt.csv, len(items))
			}
			if re.Row != tt.row || re.Column != tt.column || !strings.Contains(re.Reason, tt.reason) {
				t.Errorf("DecodeCSV(%q) = row %d, column %q, reason %q; want row %d, column %q, reason containing %q",
					tt.csv, re.Row, re.Column, re.Reason, tt.row, tt.column, tt.reason)
			}
		})
	}
}

// TestDecodeCSVFileErrors covers what is wrong with the file as a whole.
func TestDecodeCSVFileErrors(t *testing.T) {
	utf16le := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	tests := []struct {
		name string
		csv  string
		opts ingest.CSVOptions
		want error  // errors.Is, if set
		text string // in the message
	}{
		{"empty file", "", ingest.CSVOptions{}, ingest.ErrEmpty, "the file is empty"},
		{"BOM only", "\xef\xbb\xbf", ingest.CSVOptions{}, ingest.ErrEmpty, ""},
		{"blank lines only", "\r\n\r\n;;\n", ingest.CSVOptions{}, ingest.ErrEmpty, ""},
		{"UTF-16 with BOM", "\xff\xfe" + utf16le("ID;Score\r\n1;9\r\n"), ingest.CSVOptions{}, ingest.ErrUTF16, `save it as "CSV UTF-8"`},
		{"UTF-16 big endian", "\xfe\xff\x00I\x00D", ingest.CSVOptions{}, ingest.ErrUTF16, ""},
		{"UTF-16 without BOM", utf16le("ID;Score\r\n1;9\r\n"), ingest.CSVOptions{}, ingest.ErrUTF16, ""},
		{"unknown field in the mapping", "ID;Score\n1;9\n", ingest.CSVOptions{Columns: map[string]string{"author": "Name"}}, nil, `csv.columns.author of source "survey": unknown field`},
		{"bad separator option", "ID;Score\n1;9\n", ingest.CSVOptions{Separator: "|"}, nil, `csv separator "|"`},
		{"bad time zone", "ID;Score\n1;9\n", ingest.CSVOptions{TimeZone: "Mars/Olympus"}, nil, "csv time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.Source, tt.opts.Now = "survey", now
			items, err := ingest.DecodeCSV(strings.NewReader(tt.csv), tt.opts)
			if err == nil {
				t.Fatalf("DecodeCSV(%q) = %d items, nil error", tt.csv, len(items))
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("DecodeCSV(%q) = %v, want %v", tt.csv, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("DecodeCSV(%q) = %v, want it to say %q", tt.csv, err, tt.text)
			}
		})
	}
}

func TestRowError(t *testing.T) {
	for _, tt := range []struct {
		err  ingest.RowError
		want string
	}{
		{ingest.RowError{Row: 3, Column: "Weiterempfehlung", Field: "score", Reason: `"neun" is not a score`}, `row 3, column "Weiterempfehlung": "neun" is not a score`},
		{ingest.RowError{Row: 7, Reason: "has 8 cells, the header has 7"}, "row 7: has 8 cells, the header has 7"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("RowError.Error() = %q, want %q", got, tt.want)
		}
	}
}
