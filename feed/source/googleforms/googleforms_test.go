package googleforms_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/googleforms"
)

func berlin(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// The fixtures are one form's sheet downloaded from an en-US account
// (Responses → Download responses: every cell quoted) and from a de-DE one
// (File → Download → CSV: quoted where needed, CRLF), 10 responses each.
var fixtures = map[string]googleforms.Columns{
	"responses-en-US.csv": {
		Score:      "How likely are you to recommend our canteen to a colleague?",
		Stars:      "How would you rate today's meal?",
		Comment:    "What could we do better?",
		Touchpoint: "Which canteen did you visit?",
	},
	"responses-de-DE.csv": {
		Score:      "Wie wahrscheinlich ist es, dass Sie unsere Kantine weiterempfehlen?",
		Stars:      "Wie bewerten Sie das heutige Essen?",
		Comment:    "Was können wir besser machen?",
		Touchpoint: "Welche Kantine haben Sie besucht?",
	},
}

func decodeFile(tb testing.TB, name string) source.Batch {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	b, err := googleforms.Decode(f, googleforms.Options{Columns: fixtures[name], TimeZone: berlin(tb)})
	if err != nil {
		tb.Fatalf("Decode(%s) = %v", name, err)
	}
	return b
}

func TestDecodeFixtures(t *testing.T) {
	t.Parallel()
	loc := berlin(t)
	type answer struct {
		scale      feed.Scale
		score      int
		comment    string
		touchpoint string
		at         time.Time
	}
	at := func(mo time.Month, d, h, mi, s int) time.Time { return time.Date(2026, mo, d, h, mi, s, 0, loc) }
	want := []answer{
		{feed.ScaleNPS, 10, "Das Schnitzel war hervorragend, danke!", "Kantine Nord", at(3, 30, 12, 5, 9)},
		{feed.ScaleStars, 5, "", "Kantine Nord", at(3, 30, 12, 5, 9)},
		{feed.ScaleNPS, 9, "Great salad bar, but the queue at noon was far too long.", "Kantine Süd", at(3, 30, 12, 11, 30)},
		{feed.ScaleStars, 4, "", "Kantine Süd", at(3, 30, 12, 11, 30)},
		{feed.ScaleNPS, 0, "Kalt und versalzen.", "Kantine Nord", at(3, 30, 12, 22, 15)},
		{feed.ScaleStars, 1, "", "Kantine Nord", at(3, 30, 12, 22, 15)},
		{feed.ScaleNPS, 7, "", "Cafeteria West", at(3, 30, 13, 0, 50)},
		{feed.ScaleNPS, 8, "Gutes Essen.\nAber zu wenig vegetarische Optionen.", "Kantine Süd", at(3, 31, 11, 49, 59)},
		{feed.ScaleStars, 3, "", "Kantine Süd", at(3, 31, 11, 49, 59)},
		{feed.ScaleStars, 2, "Too expensive for what you get.", "Cafeteria West", at(3, 31, 12, 31, 5)},
		{feed.ScaleNPS, 6, `Der "Veggie-Day" ist super, aber die Soße war kalt.`, "Kantine Nord", at(3, 31, 12, 44, 0)},
		{feed.ScaleStars, 3, "", "Kantine Nord", at(3, 31, 12, 44, 0)},
		{feed.ScaleNPS, 10, "Tolles Frühstück!", "Cafeteria West", at(4, 1, 9, 5, 0)},
		{feed.ScaleStars, 5, "", "Cafeteria West", at(4, 1, 9, 5, 0)},
		{feed.ScaleNPS, 5, "Portions were small, staff friendly though.", "Kantine Nord", at(4, 1, 14, 30, 0)},
		{feed.ScaleStars, 2, "", "Kantine Nord", at(4, 1, 14, 30, 0)},
	}
	for name := range fixtures {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := decodeFile(t, name)
			var got []answer
			ids := map[string]bool{}
			for _, f := range b.Items {
				got = append(got, answer{f.Scale, f.Score, f.Comment, f.Touchpoint, f.CreatedAt.In(loc)})
				if err := f.Validate(); err != nil {
					t.Errorf("%s: %v", f.ID, err)
				}
				if f.Source != googleforms.DefaultSource {
					t.Errorf("%s: source %q, want %q", f.ID, f.Source, googleforms.DefaultSource)
				}
				ids[strings.TrimSuffix(f.ID, source.StarsSuffix)] = true
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Decode(%s):\n got %v\nwant %v", name, got, want)
			}
			// Nine responses with a score, one without; the repeat
			// respondent (rows 5 and 6) answered twice.
			if len(ids) != 9 {
				t.Errorf("%d distinct response ids, want 9: %v", len(ids), ids)
			}
			if len(b.Skipped) != 1 || !strings.Contains(b.Skipped[0].Reason, "no score") {
				t.Errorf("skipped = %v, want the comment-only response", b.Skipped)
			}
		})
	}
}

// TestDecodeDropsPersonalData checks the e-mail and name cells of the
// fixtures against every text the answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	for name := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var personal []string
		for _, r := range rows[1:] {
			for _, v := range []string{r[1], r[6]} { // e-mail address, name question
				if v != "" {
					personal = append(personal, v, strings.Split(v, "@")[0])
				}
			}
		}
		if len(personal) < 10 {
			t.Fatalf("%s: only %d personal cells", name, len(personal))
		}
		for _, f := range decodeFile(t, name).Items {
			for _, text := range []string{f.ID, f.Comment, f.Touchpoint} {
				for _, p := range personal {
					if strings.Contains(text, p) {
						t.Errorf("%s: answer %s keeps personal data %q", name, f.ID, p)
					}
				}
			}
		}
	}
}

// sheet writes a responses sheet.
func sheet(rows ...[]string) string {
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	w.WriteAll(rows)
	return sb.String()
}

var header = []string{"Timestamp", "Email Address", "NPS?", "Sterne?", "Kommentar?"}

var cols = googleforms.Columns{Score: "NPS?", Stars: "Sterne?", Comment: "Kommentar?"}

func decode(tb testing.TB, data string, o googleforms.Options) source.Batch {
	tb.Helper()
	if o.TimeZone == nil {
		o.TimeZone = berlin(tb)
	}
	if o.Columns == (googleforms.Columns{}) {
		o.Columns = cols
	}
	b, err := googleforms.Decode(strings.NewReader(data), o)
	if err != nil {
		tb.Fatalf("Decode = %v\n%s", err, data)
	}
	return b
}

func ids(b source.Batch) []string {
	var out []string
	for _, f := range b.Items {
		out = append(out, f.ID)
	}
	return out
}

func TestDecodeIDs(t *testing.T) {
	t.Parallel()
	a := []string{"3/30/2026 12:00:00", "a@example.com", "9", "4", "gut"}
	first := ids(decode(t, sheet(header, a), googleforms.Options{}))
	if len(first) != 2 || !strings.HasPrefix(first[0], "gf-") || first[1] != first[0]+source.StarsSuffix {
		t.Fatalf("ids = %v, want gf-… and gf-…#stars", first)
	}
	same := []struct {
		name string
		csv  string
	}{
		{"the same sheet again", sheet(header, a)},
		{"another e-mail address", sheet(header, []string{a[0], "b@example.com", a[2], a[3], a[4]})},
		{"a question added later", sheet(append(header, "Neue Frage?"), append(a, ""))},
		{"the columns moved", sheet(
			[]string{"Timestamp", "Kommentar?", "Sterne?", "NPS?", "Email Address"},
			[]string{a[0], a[4], a[3], a[2], a[1]})},
		{"a de-DE download of the sheet", sheet(
			[]string{"Zeitstempel", "E-Mail-Adresse", "NPS?", "Sterne?", "Kommentar?"},
			[]string{"30.03.2026 12:00:00", a[1], a[2], a[3], a[4]})},
	}
	for _, tt := range same {
		if got := ids(decode(t, tt.csv, googleforms.Options{})); !reflect.DeepEqual(got, first) {
			t.Errorf("%s: ids = %v, want %v", tt.name, got, first)
		}
	}
	// The same person answering again, and two rows alike in every cell.
	b := decode(t, sheet(header, a, []string{"3/31/2026 12:00:00", a[1], "3", "2", "schlecht"}, a), googleforms.Options{})
	got := ids(b)
	if len(got) != 6 || got[2] == got[0] || got[4] != first[0]+"-2" {
		t.Errorf("ids = %v, want a new id for the new answer and %s-2 for the repeated row", got, first[0])
	}
}

// TestDecodeDST: the timestamps of a sheet in Europe/Berlin around both
// changes of 2026. The clock jumps from 02:00 to 03:00 on 29 March and
// from 03:00 back to 02:00 on 25 October.
func TestDecodeDST(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ts   string
		want string // UTC
	}{
		{"3/29/2026 1:30:00", "2026-03-29T00:30:00Z"},
		{"3/29/2026 2:00:00", "2026-03-29T01:00:00Z"}, // in the gap: read as CET, 03:00 CEST
		{"3/29/2026 2:30:00", "2026-03-29T01:30:00Z"}, // in the gap: read as CET, 03:30 CEST
		{"29.03.2026 02:59:59", "2026-03-29T01:59:59Z"},
		{"3/29/2026 3:30:00", "2026-03-29T01:30:00Z"},
		{"10/25/2026 1:30:00", "2026-10-24T23:30:00Z"},
		{"10/25/2026 2:30:00", "2026-10-25T00:30:00Z"}, // twice on the clock: the first, CEST
		{"25.10.2026 02:00:00", "2026-10-25T00:00:00Z"},
		{"25.10.2026 02:59:59", "2026-10-25T00:59:59Z"},
		{"10/25/2026 3:00:00", "2026-10-25T02:00:00Z"},
		{"10/25/2026 3:30:00", "2026-10-25T02:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.ts, func(t *testing.T) {
			t.Parallel()
			b := decode(t, sheet(header, []string{tt.ts, "", "9", "", ""}), googleforms.Options{})
			if got := b.Items[0].CreatedAt.UTC().Format(time.RFC3339); got != tt.want {
				t.Errorf("Decode(%q): CreatedAt = %s, want %s", tt.ts, got, tt.want)
			}
		})
	}
}

// TestDecodeQuirks has a case per documented quirk of the sheet.
func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	type answer struct {
		scale feed.Scale
		score int
	}
	tests := []struct {
		name    string
		csv     string
		o       googleforms.Options
		want    []answer
		skipped []string
	}{
		{name: "choice text with the number first", csv: sheet(header,
			[]string{"3/30/2026 12:00:00", "", "10 - Extremely likely", "4 Sterne", ""},
			[]string{"3/30/2026 12:01:00", "", "0 - Überhaupt nicht wahrscheinlich", "", ""}),
			want: []answer{{feed.ScaleNPS, 10}, {feed.ScaleStars, 4}, {feed.ScaleNPS, 0}}},
		{name: "a star question skipped beside the NPS question", csv: sheet(header,
			[]string{"3/30/2026 12:00:00", "", "8", "", "ok"}),
			want: []answer{{feed.ScaleNPS, 8}}},
		{name: "neither score answered", csv: sheet(header, []string{"3/30/2026 12:00:00", "x@example.com", "", "", "nur Text"}),
			skipped: []string{"no score"}},
		{name: "a score out of range is a skipped response", csv: sheet(header, []string{"3/30/2026 12:00:00", "", "", "6", ""}),
			skipped: []string{"score: 6 is outside 1–5"}},
		{name: "blank rows, and a row with only an e-mail address", csv: sheet(header,
			[]string{"3/30/2026 12:00:00", "", "9", "", ""}, []string{"", "", "", "", ""}, []string{"", "x@example.com", "", "", ""}),
			want: []answer{{feed.ScaleNPS, 9}}},
		{name: "a short row", csv: sheet(header, []string{"3/30/2026 12:00:00", "", "9"}),
			want: []answer{{feed.ScaleNPS, 9}}},
		{name: "answers without a timestamp", csv: sheet(header, []string{"", "", "9", "", ""}),
			skipped: []string{"no timestamp"}},
		{name: "headers compared trimmed, e-mail header in lower case", o: googleforms.Options{Columns: googleforms.Columns{Score: " NPS? "}},
			csv:  sheet([]string{" Timestamp ", "Email address", "NPS?  "}, []string{"3/30/2026 12:00:00", "a@example.com", "7"}),
			want: []answer{{feed.ScaleNPS, 7}}},
		{name: "12-hour clock", csv: sheet(header, []string{"3/30/2026 1:05:00 PM", "", "9", "", ""}),
			want: []answer{{feed.ScaleNPS, 9}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := decode(t, tt.csv, tt.o)
			var got []answer
			for _, f := range b.Items {
				got = append(got, answer{f.Scale, f.Score})
				if err := f.Validate(); err != nil {
					t.Errorf("%s: %v", f.ID, err)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("answers = %v, want %v", got, tt.want)
			}
			if len(b.Skipped) != len(tt.skipped) {
				t.Fatalf("skipped = %v, want %q", b.Skipped, tt.skipped)
			}
			for i, s := range b.Skipped {
				if !strings.Contains(s.String(), tt.skipped[i]) {
					t.Errorf("skipped[%d] = %q, want it to contain %q", i, s, tt.skipped[i])
				}
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	ok := []string{"3/30/2026 12:00:00", "", "9", "4", ""}
	tests := []struct {
		name string
		csv  string
		o    googleforms.Options
		want string
	}{
		{"no time zone", sheet(header, ok), googleforms.Options{Columns: cols}, "no time zone configured (time_zone)"},
		{"empty file", "", googleforms.Options{}, "the file is empty"},
		{"not a responses sheet", sheet([]string{"Name", "NPS?"}, []string{"x", "9"}), googleforms.Options{},
			`row 1, column "Name": the first column is not "Timestamp"`},
		{"a question the sheet lacks", sheet(header, ok), googleforms.Options{Columns: googleforms.Columns{Score: "Wie war's?"}},
			`columns.score: no column is headed "Wie war's?" (the sheet's questions: "NPS?", "Sterne?", "Kommentar?")`},
		{"the e-mail column as touchpoint", sheet(header, ok), googleforms.Options{Columns: googleforms.Columns{Score: "NPS?", Touchpoint: "Email Address"}},
			`columns.touchpoint: "Email Address" identifies a person and is never read`},
		{"the timestamp as score", sheet(header, ok), googleforms.Options{Columns: googleforms.Columns{Score: "Timestamp"}},
			`columns.score: "Timestamp" is the timestamp column`},
		{"no score column named", sheet(header, ok), googleforms.Options{Columns: googleforms.Columns{Comment: "Kommentar?"}},
			"no score column named: set columns.score or columns.stars"},
		{"two columns with the question", sheet(append(header, "NPS?"), append(ok, "1")), googleforms.Options{},
			`columns.score: more than one column is headed "NPS?"`},
		{"a timestamp in no layout", sheet(header, ok, []string{"2026/03/30 12:00", "", "9", "", ""}), googleforms.Options{},
			`row 3, column "Timestamp": "2026/03/30 12:00" is no timestamp`},
		{"a day the month lacks", sheet(header, []string{"31.02.2026 10:00:00", "", "9", "", ""}), googleforms.Options{},
			`row 2, column "Timestamp": "31.02.2026 10:00:00" is no timestamp`},
		{"a score that is no number", sheet(header, []string{"3/30/2026 12:00:00", "", "sehr wahrscheinlich", "", ""}), googleforms.Options{},
			`row 2, column "NPS?": NPS answer "sehr wahrscheinlich" does not start with a number`},
		{"a row longer than the header", sheet(header, ok, append(ok, "extra")), googleforms.Options{}, "row 3: has 6 cells, the header 5"},
		{"a bare quote", sheet(header, ok) + "3/30/2026 12:00:00,,9,4,\"a\"b\n", googleforms.Options{}, "row 3: line 3, column"},
		{"UTF-16", "\xff\xfeT\x00i\x00", googleforms.Options{}, googleforms.ErrUTF16.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := tt.o
			if o.TimeZone == nil && tt.name != "no time zone" {
				o.TimeZone = time.UTC
			}
			if o.Columns == (googleforms.Columns{}) {
				o.Columns = cols
			}
			b, err := googleforms.Decode(strings.NewReader(tt.csv), o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode(%q) = %v, want an error containing %q", tt.csv, err, tt.want)
			}
			if len(b.Items) != 0 || len(b.Skipped) != 0 {
				t.Errorf("Decode returned %d answers and %d skipped with its error; want nothing", len(b.Items), len(b.Skipped))
			}
		})
	}
	_, err := googleforms.Decode(strings.NewReader(sheet(header, ok, []string{"x", "", "9", "", ""})), googleforms.Options{Columns: cols, TimeZone: time.UTC})
	var re *googleforms.RowError
	if !errors.As(err, &re) || re.Row != 3 || re.Column != "Timestamp" {
		t.Errorf("Decode error = %#v, want a *RowError for row 3, column Timestamp", err)
	}
}
