package qualtrics_test

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
	"github.com/cxtv/cxtv/feed/source/qualtrics"
)

func berlin(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// fixtureOptions reads the fixtures' star question and touchpoint; the NPS
// question and the comment are found by themselves.
func fixtureOptions(tb testing.TB) qualtrics.Options {
	return qualtrics.Options{
		Columns:  qualtrics.Columns{Stars: "QID2", Touchpoint: "Standort"},
		TimeZone: berlin(tb), // numeric.csv names no time zone
	}
}

func decodeFile(tb testing.TB, name string, o qualtrics.Options) source.Batch {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	b, err := qualtrics.Decode(f, o)
	if err != nil {
		tb.Fatalf("Decode(%s) = %v", name, err)
	}
	return b
}

// The two fixtures are one survey exported twice: with choice text (German
// labels, a BOM, CRLF, time zone in the ImportId row) and with numeric
// values (English labels, LF, no time zone). Both must read alike.
func TestDecodeFixtures(t *testing.T) {
	t.Parallel()
	loc := berlin(t)
	at := func(d, hm string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", d+" "+hm, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	nps := func(id string, score int, comment, tp, lang string, created time.Time) feed.Feedback {
		return feed.Feedback{ID: id, Source: "qualtrics", Scale: feed.ScaleNPS, Score: score, Comment: comment, Touchpoint: tp, Language: lang, CreatedAt: created}
	}
	stars := func(id string, score int, comment, tp, lang string, created time.Time) feed.Feedback {
		return feed.Feedback{ID: id + source.StarsSuffix, Source: "qualtrics", Scale: feed.ScaleStars, Score: score, Comment: comment, Touchpoint: tp, Language: lang, CreatedAt: created}
	}
	want := []feed.Feedback{
		nps("R_1aBcD2eFgH3iJkL", 10, "Das Schnitzel war hervorragend, danke!", "Kantine Nord", "de", at("2026-03-30", "12:05:09")),
		stars("R_1aBcD2eFgH3iJkL", 5, "", "Kantine Nord", "de", at("2026-03-30", "12:05:09")),
		nps("R_2bCdE3fGhI4jKlM", 9, "Great salad bar, but the queue at noon was far too long.", "Kantine Süd", "en", at("2026-03-30", "12:11:30")),
		stars("R_2bCdE3fGhI4jKlM", 4, "", "Kantine Süd", "en", at("2026-03-30", "12:11:30")),
		nps("R_3cDeF4gHiJ5kLmN", 0, "Kalt und versalzen.", "Kantine Nord", "de", at("2026-03-30", "12:22:15")),
		stars("R_3cDeF4gHiJ5kLmN", 1, "", "Kantine Nord", "de", at("2026-03-30", "12:22:15")),
		nps("R_4dEfG5hIjK6lMnO", 7, "", "Cafeteria West", "de", at("2026-03-30", "13:00:50")),
		nps("R_7gHiJ8kLmN9oPqR", 8, "Gutes Essen.\nAber zu wenig vegetarische Optionen.", "Kantine Süd", "de", at("2026-03-31", "11:49:59")),
		stars("R_7gHiJ8kLmN9oPqR", 3, "", "Kantine Süd", "de", at("2026-03-31", "11:49:59")),
		stars("R_8hIjK9lMnO0pQrS", 2, "Too expensive for what you get.", "Cafeteria West", "en", at("2026-03-31", "12:31:05")),
		nps("R_9iJkL0mNoP1qRsT", 6, `Der "Veggie-Day" ist super, aber die Soße war kalt.`, "Kantine Nord", "de", at("2026-03-31", "12:44:00")),
		stars("R_9iJkL0mNoP1qRsT", 3, "", "Kantine Nord", "de", at("2026-03-31", "12:44:00")),
	}
	wantSkipped := map[string][]string{
		"choicetext.csv": {
			"R_5eFgH6iJkL7mNoP: unfinished response (Finished = False)",
			"R_6fGhI7jKlM8nOpQ: preview response (DistributionChannel = preview)",
			`R_0jKlM1nOpQ2rStU: response "R_0jKlM1nOpQ2rStU": no score (neither NPS nor stars answered)`,
		},
		"numeric.csv": {
			"R_5eFgH6iJkL7mNoP: unfinished response (Finished = 0)",
			"R_6fGhI7jKlM8nOpQ: preview response (DistributionChannel = preview)",
			`R_0jKlM1nOpQ2rStU: response "R_0jKlM1nOpQ2rStU": no score (neither NPS nor stars answered)`,
		},
	}
	for _, name := range []string{"choicetext.csv", "numeric.csv"} {
		t.Run(name, func(t *testing.T) {
			b := decodeFile(t, name, fixtureOptions(t))
			if len(b.Items) != len(want) {
				t.Fatalf("Decode(%s): %d answers, want %d: %+v", name, len(b.Items), len(want), b.Items)
			}
			for i := range want {
				if !reflect.DeepEqual(b.Items[i], want[i]) || !b.Items[i].CreatedAt.Equal(want[i].CreatedAt) {
					t.Errorf("answer %d:\n got %+v\nwant %+v", i, b.Items[i], want[i])
				}
				if err := b.Items[i].Validate(); err != nil {
					t.Errorf("answer %d: %v", i, err)
				}
			}
			var skipped []string
			for _, s := range b.Skipped {
				skipped = append(skipped, s.String())
			}
			if !reflect.DeepEqual(skipped, wantSkipped[name]) {
				t.Errorf("skipped:\n got %q\nwant %q", skipped, wantSkipped[name])
			}
		})
	}
}

// TestDecodeDropsPersonalData checks every personal cell of the fixtures
// against every text the answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	personalTags := []string{"IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude"}
	for _, name := range []string{"choicetext.csv", "numeric.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var personal []string
		for col, tag := range rows[0] {
			for _, p := range personalTags {
				if tag != p {
					continue
				}
				for _, r := range rows[3:] {
					if r[col] != "" {
						personal = append(personal, r[col])
					}
				}
			}
		}
		if len(personal) < 20 {
			t.Fatalf("%s: only %d personal cells; the fixture should carry names, e-mails, IPs and locations", name, len(personal))
		}
		b := decodeFile(t, name, fixtureOptions(t))
		for _, f := range b.Items {
			for _, text := range []string{f.ID, f.Comment, f.Touchpoint, f.Language, f.Source} {
				for _, p := range personal {
					if strings.Contains(text, p) {
						t.Errorf("%s: answer %s keeps personal data %q", name, f.ID, p)
					}
				}
			}
		}
	}
}

// col is one column of a test export: its export tag and ImportId cell.
type col struct{ tag, importID string }

// base is a short export: what Qualtrics puts first that the decoder reads,
// an NPS question, a star slider and a text-entry question.
var base = []col{
	{"Finished", `{"ImportId":"finished"}`},
	{"RecordedDate", `{"ImportId":"recordedDate","timeZone":"Europe/Berlin"}`},
	{"ResponseId", `{"ImportId":"_recordId"}`},
	{"RecipientEmail", `{"ImportId":"recipientEmail"}`},
	{"DistributionChannel", `{"ImportId":"distributionChannel"}`},
	{"UserLanguage", `{"ImportId":"userLanguage"}`},
	{"Q1_NPS_GROUP", `{"ImportId":"QID1_NPS_GROUP"}`},
	{"Q1", `{"ImportId":"QID1"}`},
	{"Q2_1", `{"ImportId":"QID2_1"}`},
	{"Q3", `{"ImportId":"QID3_TEXT"}`},
}

// row holds the cells of one response by export tag; the others are those
// of a finished response recorded 2026-03-30 12:00 with NPS 9.
type row map[string]string

var defaults = row{"Finished": "True", "RecordedDate": "2026-03-30 12:00:00", "ResponseId": "R_1", "DistributionChannel": "anonymous", "UserLanguage": "DE", "Q1": "9"}

// export writes a Qualtrics CSV export of cols and rows.
func export(cols []col, rows ...row) string {
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	var tags, texts, ids []string
	for _, c := range cols {
		tags, texts, ids = append(tags, c.tag), append(texts, c.tag+" text"), append(ids, c.importID)
	}
	w.Write(tags)
	w.Write(texts)
	w.Write(ids)
	for _, r := range rows {
		var rec []string
		for _, c := range cols {
			v, ok := r[c.tag]
			if !ok {
				v = defaults[c.tag]
			}
			rec = append(rec, v)
		}
		w.Write(rec)
	}
	w.Flush()
	return sb.String()
}

// with returns base with the columns named in replace changed and extra
// ones added.
func with(replace map[string]string, extra ...col) []col {
	var out []col
	for _, c := range base {
		if id, ok := replace[c.tag]; ok {
			if id == "" {
				continue
			}
			c.importID = id
		}
		out = append(out, c)
	}
	return append(out, extra...)
}

// TestDecodeQuirks has a case per documented quirk of the export.
func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	loc := berlin(t)
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Fatal(err)
	}
	noon := time.Date(2026, 3, 30, 12, 0, 0, 0, loc)
	type answer struct {
		id    string
		scale feed.Scale
		score int
	}
	tests := []struct {
		name    string
		csv     string
		o       qualtrics.Options
		want    []answer
		skipped []string
		check   func(t *testing.T, b source.Batch)
	}{
		{name: "NPS as choice text, both ends", csv: export(base,
			row{"ResponseId": "R_hi", "Q1": "10 - Extremely likely"},
			row{"ResponseId": "R_lo", "Q1": "0 - Not at all likely"},
			row{"ResponseId": "R_de", "Q1": "10 - Äußerst wahrscheinlich"}),
			want: []answer{{"R_hi", feed.ScaleNPS, 10}, {"R_lo", feed.ScaleNPS, 0}, {"R_de", feed.ScaleNPS, 10}}},
		{name: "numeric export", csv: export(base, row{"Finished": "1", "Q1": "7", "Q1_NPS_GROUP": "2"}),
			want: []answer{{"R_1", feed.ScaleNPS, 7}}},
		{name: "stars as digits, choice text and a half-star slider", o: qualtrics.Options{Columns: qualtrics.Columns{Stars: "QID2_1"}},
			csv: export(base,
				row{"ResponseId": "R_a", "Q1": "", "Q2_1": "4"},
				row{"ResponseId": "R_b", "Q1": "", "Q2_1": "2 - Schlecht"},
				row{"ResponseId": "R_c", "Q1": "", "Q2_1": "4.5"},
				row{"ResponseId": "R_d", "Q1": "", "Q2_1": "2,4"}),
			want: []answer{{"R_a#stars", feed.ScaleStars, 4}, {"R_b#stars", feed.ScaleStars, 2}, {"R_c#stars", feed.ScaleStars, 5}, {"R_d#stars", feed.ScaleStars, 2}}},
		{name: "a star question one respondent skipped beside the NPS question", o: qualtrics.Options{Columns: qualtrics.Columns{Stars: "QID2_1"}},
			csv: export(base,
				row{"ResponseId": "R_both", "Q1": "8", "Q2_1": "4"},
				row{"ResponseId": "R_nps", "Q1": "6", "Q2_1": ""}),
			want: []answer{{"R_both", feed.ScaleNPS, 8}, {"R_both#stars", feed.ScaleStars, 4}, {"R_nps", feed.ScaleNPS, 6}}},
		{name: "neither score answered", csv: export(base, row{"Q1": "", "Q3": "nur Text"}),
			skipped: []string{`R_1: response "R_1": no score (neither NPS nor stars answered)`}},
		{name: "score out of range is a skipped response", csv: export(base, row{"Q1": "11"}),
			skipped: []string{`R_1: response "R_1": score: 11 is outside 0–10 for scale nps`}},
		{name: "unfinished, as choice text and numeric, and empty", csv: export(base,
			row{"ResponseId": "R_f", "Finished": "False"},
			row{"ResponseId": "R_0", "Finished": "0"},
			row{"ResponseId": "R_e", "Finished": ""}),
			skipped: []string{"R_f: unfinished response (Finished = False)", "R_0: unfinished response (Finished = 0)", "R_e: Finished is empty"}},
		{name: "preview and test channels", csv: export(base,
			row{"ResponseId": "R_p", "DistributionChannel": "preview"},
			row{"ResponseId": "R_t", "DistributionChannel": "test"}),
			skipped: []string{"R_p: preview response (DistributionChannel = preview)", "R_t: test response (DistributionChannel = test)"}},
		{name: "preview, test and spam by Status", csv: export(with(nil, col{"Status", `{"ImportId":"status"}`}),
			row{"ResponseId": "R_p", "Status": "Survey Preview"},
			row{"ResponseId": "R_t", "Status": "2"},
			row{"ResponseId": "R_s", "Status": "Spam"},
			row{"ResponseId": "R_ok", "Status": "IP Address"}),
			want:    []answer{{"R_ok", feed.ScaleNPS, 9}},
			skipped: []string{"R_p: preview response (Status = Survey Preview)", "R_t: test response (Status = 2)", "R_s: spam response (Status = Spam)"}},
		{name: "no ResponseId is listed by row", csv: export(base, row{"ResponseId": ""}),
			skipped: []string{"row 4: no ResponseId"}},
		{name: "no date is a skipped response", csv: export(base, row{"RecordedDate": ""}),
			skipped: []string{"R_1: no RecordedDate or EndDate"}},
		{name: "time zone of the ImportId row", csv: export(with(map[string]string{"RecordedDate": `{"ImportId":"recordedDate","timeZone":"America/Denver"}`}), row{}),
			o: qualtrics.Options{TimeZone: loc}, want: []answer{{"R_1", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				if want := time.Date(2026, 3, 30, 12, 0, 0, 0, denver); !b.Items[0].CreatedAt.Equal(want) {
					t.Errorf("CreatedAt = %v, want %v", b.Items[0].CreatedAt, want)
				}
			}},
		{name: "Options.TimeZone where the ImportId row names none", csv: export(with(map[string]string{"RecordedDate": `{"ImportId":"recordedDate"}`}), row{}),
			o: qualtrics.Options{TimeZone: denver}, want: []answer{{"R_1", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				if want := time.Date(2026, 3, 30, 12, 0, 0, 0, denver); !b.Items[0].CreatedAt.Equal(want) {
					t.Errorf("CreatedAt = %v, want %v", b.Items[0].CreatedAt, want)
				}
			}},
		{name: "EndDate where RecordedDate is empty", csv: export(with(nil, col{"EndDate", `{"ImportId":"endDate","timeZone":"Europe/Berlin"}`}), row{"RecordedDate": "", "EndDate": "2026-03-30 12:00:00"}),
			want: []answer{{"R_1", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				if !b.Items[0].CreatedAt.Equal(noon) {
					t.Errorf("CreatedAt = %v, want %v", b.Items[0].CreatedAt, noon)
				}
			}},
		{name: "dates as Excel saves them again, and with an offset", csv: export(base,
			row{"ResponseId": "R_x", "RecordedDate": "3/30/2026 12:00"},
			row{"ResponseId": "R_z", "RecordedDate": "2026-03-30T10:00:00Z"}),
			want: []answer{{"R_x", feed.ScaleNPS, 9}, {"R_z", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				for _, f := range b.Items {
					if !f.CreatedAt.Equal(noon) {
						t.Errorf("%s: CreatedAt = %v, want %v", f.ID, f.CreatedAt, noon)
					}
				}
			}},
		{name: "comment found by its _TEXT ImportId, not an Other box", csv: export(with(nil, col{"Q5_4_TEXT", `{"ImportId":"QID5_4_TEXT"}`}), row{"Q3": "  Mehr Salat, bitte.  ", "Q5_4_TEXT": "Sonstiges"}),
			want: []answer{{"R_1", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				if got := b.Items[0].Comment; got != "Mehr Salat, bitte." {
					t.Errorf("Comment = %q, want %q", got, "Mehr Salat, bitte.")
				}
			}},
		{name: "configured columns win over the ones found", o: qualtrics.Options{Columns: qualtrics.Columns{Score: "QID7", Comment: "QID8_TEXT", Touchpoint: "distributionChannel"}},
			csv:  export(with(nil, col{"Q7", `{"ImportId":"QID7"}`}, col{"Q8", `{"ImportId":"QID8_TEXT"}`}), row{"Q1": "1", "Q7": "10", "Q3": "no", "Q8": "ja"}),
			want: []answer{{"R_1", feed.ScaleNPS, 10}},
			check: func(t *testing.T, b source.Batch) {
				if f := b.Items[0]; f.Comment != "ja" || f.Touchpoint != "anonymous" {
					t.Errorf("Comment, Touchpoint = %q, %q; want ja, anonymous", f.Comment, f.Touchpoint)
				}
			}},
		{name: "language codes", csv: export(base,
			row{"ResponseId": "R_gb", "UserLanguage": "EN-GB"},
			row{"ResponseId": "R_bad", "UserLanguage": "x1"}),
			want: []answer{{"R_gb", feed.ScaleNPS, 9}, {"R_bad", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				if b.Items[0].Language != "en-GB" || b.Items[1].Language != "" {
					t.Errorf("languages = %q, %q; want en-GB and none", b.Items[0].Language, b.Items[1].Language)
				}
			}},
		{name: "a blank row is no response", csv: export(base, row{}) + strings.Repeat(",", len(base)-1) + "\n",
			want: []answer{{"R_1", feed.ScaleNPS, 9}}},
		{name: "a long comment is cut, not the answer lost", csv: export(base, row{"Q3": strings.Repeat("ä", 3000)}),
			want: []answer{{"R_1", feed.ScaleNPS, 9}},
			check: func(t *testing.T, b source.Batch) {
				if n := len([]rune(b.Items[0].Comment)); n != feed.MaxCommentLength {
					t.Errorf("comment has %d characters, want %d", n, feed.MaxCommentLength)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := qualtrics.Decode(strings.NewReader(tt.csv), tt.o)
			if err != nil {
				t.Fatalf("Decode = %v\n%s", err, tt.csv)
			}
			var got []answer
			for _, f := range b.Items {
				got = append(got, answer{f.ID, f.Scale, f.Score})
				if err := f.Validate(); err != nil {
					t.Errorf("%s: %v", f.ID, err)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("answers = %v, want %v", got, tt.want)
			}
			var skipped []string
			for _, s := range b.Skipped {
				skipped = append(skipped, s.String())
			}
			if !reflect.DeepEqual(skipped, tt.skipped) {
				t.Errorf("skipped = %q, want %q", skipped, tt.skipped)
			}
			if tt.check != nil && len(b.Items) > 0 {
				tt.check(t, b)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		csv  string
		o    qualtrics.Options
		want string
	}{
		{"empty file", "", qualtrics.Options{}, "the file is empty"},
		{"two header rows", "ResponseId,Q1\nResponse ID,Q1 text\n", qualtrics.Options{}, "row 3: missing: a Qualtrics export has three header rows"},
		{"legacy export", "V1,V2,Q1\nResponseID,ResponseSet,Q1 text\nR_1,Default Response Set,9\n", qualtrics.Options{}, `row 3, column "V1": "R_1" is no ImportId`},
		{"no ResponseId column", export(with(map[string]string{"ResponseId": ""}), row{}), qualtrics.Options{}, "no ResponseId column (ImportId _recordId)"},
		{"no date column", export(with(map[string]string{"RecordedDate": ""}), row{}), qualtrics.Options{}, "no RecordedDate or EndDate column"},
		{"NPS without a number", export(base, row{"Q1": "Extremely likely"}), qualtrics.Options{},
			`row 4, column "Q1" (ImportId QID1): NPS answer "Extremely likely" does not start with a number`},
		{"stars without a number", export(base, row{"Q2_1": "sehr gut"}), qualtrics.Options{Columns: qualtrics.Columns{Stars: "QID2_1"}},
			`row 4, column "Q2_1" (ImportId QID2_1): star rating "sehr gut" does not start with a number`},
		{"bad date", export(base, row{}, row{"RecordedDate": "30.03.2026"}), qualtrics.Options{},
			`row 5, column "RecordedDate" (ImportId recordedDate): "30.03.2026" is no date`},
		{"Finished neither true nor false", export(base, row{"Finished": "vielleicht"}), qualtrics.Options{},
			`row 4, column "Finished" (ImportId finished): "vielleicht" is neither True/False nor 1/0`},
		{"short row", export(base, row{}) + "True,2026-03-30 12:00:00,R_2\n", qualtrics.Options{}, "row 5: has 3 cells, the header 10"},
		{"bare quote", export(base, row{}) + "True,2026-03-30 12:00:00,R_2,x,\"a\"b,DE,,9,,\n", qualtrics.Options{}, "row 5: line 5, column"},
		{"unknown time zone", export(with(map[string]string{"RecordedDate": `{"ImportId":"recordedDate","timeZone":"Mars/Olympus"}`}), row{}), qualtrics.Options{},
			`row 3, column "RecordedDate" (ImportId recordedDate): unknown time zone "Mars/Olympus"`},
		{"no time zone anywhere", export(with(map[string]string{"RecordedDate": `{"ImportId":"recordedDate"}`}), row{}), qualtrics.Options{},
			"column RecordedDate: the ImportId row names no time zone for its dates, and none is configured (time_zone)"},
		{"a personal column as touchpoint", export(base, row{}), qualtrics.Options{Columns: qualtrics.Columns{Touchpoint: "recipientEmail"}},
			"columns.touchpoint: recipientEmail (RecipientEmail) identifies a person and is never read"},
		{"an export tag instead of the ImportId", export(base, row{}), qualtrics.Options{Columns: qualtrics.Columns{Score: "Q1"}},
			`columns.score: "Q1" is the export tag of the column with ImportId QID1`},
		{"an ImportId the export lacks", export(base, row{}), qualtrics.Options{Columns: qualtrics.Columns{Stars: "QID9"}},
			`columns.stars: no column has ImportId "QID9" (the export's questions: QID1_NPS_GROUP, QID1, QID2_1, QID3_TEXT)`},
		{"two NPS questions", export(with(nil, col{"Q7_NPS_GROUP", `{"ImportId":"QID7_NPS_GROUP"}`}, col{"Q7", `{"ImportId":"QID7"}`}), row{}), qualtrics.Options{},
			"columns.score: the export has more than one NPS question (a column with a _NPS_GROUP companion) (QID1, QID7)"},
		{"two text questions", export(with(nil, col{"Q8", `{"ImportId":"QID8_TEXT"}`}), row{}), qualtrics.Options{},
			"columns.comment: the export has more than one text-entry question (ImportId QIDn_TEXT) (QID3_TEXT, QID8_TEXT)"},
		{"no score column at all", export(with(map[string]string{"Q1_NPS_GROUP": ""}), row{}), qualtrics.Options{},
			"no NPS question found (no column has a _NPS_GROUP companion) and no star question named"},
		{"UTF-16", "\xff\xfeS\x00t\x00", qualtrics.Options{}, qualtrics.ErrUTF16.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.o.TimeZone == nil && !strings.Contains(tt.name, "time zone") {
				tt.o.TimeZone = time.UTC
			}
			b, err := qualtrics.Decode(strings.NewReader(tt.csv), tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode(%q) = %v, want an error containing %q", tt.csv, err, tt.want)
			}
			if len(b.Items) != 0 || len(b.Skipped) != 0 {
				t.Errorf("Decode returned %d answers and %d skipped with its error; want nothing", len(b.Items), len(b.Skipped))
			}
		})
	}
	_, err := qualtrics.Decode(strings.NewReader(export(base, row{"Q1": "x"})), qualtrics.Options{})
	var re *qualtrics.RowError
	if !errors.As(err, &re) || re.Row != 4 || re.Column != "Q1" || re.ImportID != "QID1" {
		t.Errorf("Decode error = %#v, want a *RowError for row 4, column Q1, ImportId QID1", err)
	}
}
