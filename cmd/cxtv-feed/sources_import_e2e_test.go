package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// End-to-end tests of the types whose exports are imported: qualtrics,
// google-forms. The harness is in sources_e2e_test.go.

// importCase is an export of a tool posted to a source's import route.
type importCase struct {
	source string // the YAML list item of a source named "export"
	token  string // its token
	file   []byte
	want   []importAnswer // what the file stores
	// skipped is how many of its responses are left out; comments how
	// many answers carry one.
	skipped, comments int
	// broken is file with a good response added and, after it, one that
	// cannot be read; brokenCell is what the error names.
	broken     []byte
	brokenCell string
	personal   []string
}

// runImportE2E imports c's export into a running server: refused without
// a token, taken with the source's token, taken again (with the admin
// token) as duplicates; a broken export is refused as a whole, leaves what
// is stored as it is and makes /healthz name the source. The channel shows
// the comments at their times; the data file holds exactly the answers
// wanted and no personal data.
func runImportE2E(t *testing.T, c importCase) {
	e := startSourcesE2E(t, c.source, "export")
	const route = "/api/v1/sources/export/import"
	csv := func(set func(*http.Request)) func(*http.Request) { return withContentType(set, "text/csv") }

	if code, body := e.request(http.MethodPost, route, c.file, csv(withBearer("t-wrong"))); code != http.StatusUnauthorized {
		t.Errorf("import with a wrong token = %d %s, want 401", code, body)
	}
	if code, body := e.request(http.MethodPost, route, c.file, csv(nil)); code != http.StatusUnauthorized {
		t.Errorf("import without a token = %d %s, want 401", code, body)
	}
	if s := e.source("export"); s.Stored != 0 {
		t.Errorf("after refused imports the board says %+v, want nothing stored", s)
	}
	code, body := e.request(http.MethodPost, route, c.file, csv(withBearer(c.token)))
	if r := decodeResult(t, body); code != http.StatusAccepted || r.Accepted != len(c.want) || r.Skipped != c.skipped {
		t.Fatalf("import = %d %s, want 202 with %d accepted, %d skipped", code, body, len(c.want), c.skipped)
	}
	code, body = e.request(http.MethodPost, route, c.file, csv(withBearer("admin")))
	if r := decodeResult(t, body); code != http.StatusAccepted || r.Accepted != 0 || r.Duplicates != len(c.want) {
		t.Errorf("the same export again = %d %s, want 202 with %d duplicates", code, body, len(c.want))
	}

	code, body = e.request(http.MethodPost, route, c.broken, csv(withBearer(c.token)))
	var refused struct{ Error string }
	if json.Unmarshal(body, &refused); code != http.StatusBadRequest || !strings.Contains(refused.Error, c.brokenCell) {
		t.Errorf("a broken export = %d %s, want 400 naming %s", code, body, c.brokenCell)
	}
	if s := e.source("export"); s.OK || s.Stored != int64(len(c.want)) || s.Duplicates != int64(len(c.want)) || s.Rejected != 1 {
		t.Errorf("after the broken export the board says %+v, want it failing with %d stored, %d duplicates, 1 rejected", s, len(c.want), len(c.want))
	}
	if h, raw := e.healthz(); h.Status != "degraded" || len(h.Failing) != 1 || h.Failing[0].Source != "export" {
		t.Errorf("/healthz = %s, want it to name source export", raw)
	}
	if s := e.source("export"); !strings.Contains(s.LastError, c.brokenCell) {
		t.Errorf("the board's last error = %q, want it to name the broken cell %s", s.LastError, c.brokenCell)
	}

	snap, snapJSON := e.waitSnapshot("the export's comments", func(s feed.Snapshot) bool { return len(s.Comments) >= c.comments })
	var wantComments, shown []string
	for _, a := range c.want {
		if a.Comment != "" {
			wantComments = append(wantComments, a.String())
		}
	}
	for _, cm := range snap.Comments {
		shown = append(shown, importAnswer{cm.Scale, cm.Score, cm.Text, cm.Touchpoint, cm.CreatedAt.UTC().Format(time.RFC3339)}.String())
	}
	slices.Sort(wantComments)
	slices.Sort(shown)
	if len(wantComments) != c.comments || !slices.Equal(shown, wantComments) {
		t.Errorf("comments shown:\n%s\nwant (%d):\n%s", strings.Join(shown, "\n"), c.comments, strings.Join(wantComments, "\n"))
	}

	checkNoPersonalData(t, "the snapshot", snapJSON, c.personal)
	stored, file := e.stored()
	checkNoPersonalData(t, "the data file", file, c.personal)
	var got, want []string
	for _, f := range stored {
		got = append(got, importAnswer{f.Scale, f.Score, f.Comment, f.Touchpoint, f.CreatedAt.UTC().Format(time.RFC3339)}.String())
	}
	for _, a := range c.want {
		want = append(want, a.String())
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("stored:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// csvColumns returns the cells of the columns named by the header row
// headerRow of an export, in the rows from first on.
func csvColumns(t *testing.T, file []byte, headerRow, first int, names ...string) []string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(file, []byte("\xef\xbb\xbf"))))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range rows[first:] {
		for i, h := range rows[headerRow] {
			if slices.Contains(names, h) && row[i] != "" {
				out = append(out, row[i])
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no cells in columns %v", names)
	}
	return out
}

// berlinAt is a wall-clock time in Europe/Berlin as UTC. The fixtures'
// dates follow the change to summer time on 29 March 2026: 12:05 on the
// 30th is 10:05 UTC (CEST), not 11:05 (CET).
func berlinAt(t *testing.T, wall string) string {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04:05", wall, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC().Format(time.RFC3339)
}

// TestSourcesE2EQualtrics imports the two Qualtrics exports of one survey
// (numeric values without a time zone, read in the source's time_zone;
// choice text with a BOM, CRLF and Europe/Berlin in the ImportId row, which
// wins over the source's) by POST /api/v1/sources/{name}/import: both give
// the same twelve answers, the NPS answer and the star rating of each
// response, with the summer-time times.
func TestSourcesE2EQualtrics(t *testing.T) {
	t.Parallel()
	if got := berlinAt(t, "2026-03-30 12:05:09"); got != "2026-03-30T10:05:09Z" {
		t.Fatalf("berlinAt = %s, want CEST", got)
	}
	nps := func(score int, comment, tp, wall string) importAnswer {
		return importAnswer{feed.ScaleNPS, score, comment, tp, berlinAt(t, wall)}
	}
	stars := func(score int, comment, tp, wall string) importAnswer {
		return importAnswer{feed.ScaleStars, score, comment, tp, berlinAt(t, wall)}
	}
	want := []importAnswer{
		nps(10, "Das Schnitzel war hervorragend, danke!", "Kantine Nord", "2026-03-30 12:05:09"),
		stars(5, "", "Kantine Nord", "2026-03-30 12:05:09"),
		nps(9, "Great salad bar, but the queue at noon was far too long.", "Kantine Süd", "2026-03-30 12:11:30"),
		stars(4, "", "Kantine Süd", "2026-03-30 12:11:30"),
		nps(0, "Kalt und versalzen.", "Kantine Nord", "2026-03-30 12:22:15"),
		stars(1, "", "Kantine Nord", "2026-03-30 12:22:15"),
		nps(7, "", "Cafeteria West", "2026-03-30 13:00:50"),
		nps(8, "Gutes Essen.\nAber zu wenig vegetarische Optionen.", "Kantine Süd", "2026-03-31 11:49:59"),
		stars(3, "", "Kantine Süd", "2026-03-31 11:49:59"),
		stars(2, "Too expensive for what you get.", "Cafeteria West", "2026-03-31 12:31:05"), // no NPS answer
		nps(6, `Der "Veggie-Day" ist super, aber die Soße war kalt.`, "Kantine Nord", "2026-03-31 12:44:00"),
		stars(3, "", "Kantine Nord", "2026-03-31 12:44:00"),
	}
	for _, tc := range []struct {
		name, file, timeZone, good, bad, eol string
	}{
		{"numeric", "numeric.csv", "Europe/Berlin",
			"2026-04-02 12:00:00,2026-04-02 12:01:00,0,192.0.2.250,100,60,1,2026-04-02 12:01:00,R_NewGoodRow00001,,,,,,,anonymous,DE,3,9,4,Neu und gut.,Kantine Nord",
			"2026-04-02 12:02:00,2026-04-02 12:03:00,0,192.0.2.251,100,60,1,2026-04-02 12:03:00,R_NewBadRow000001,,,,,,,anonymous,DE,3,sehr wahrscheinlich,4,,Kantine Nord",
			"\n"},
		{"choice text", "choicetext.csv", "America/New_York",
			"2026-04-02 12:00:00,2026-04-02 12:01:00,IP Address,192.0.2.250,100,60,True,2026-04-02 12:01:00,R_NewGoodRow00001,,,,,,,anonymous,DE,Promoter,9,4 - Gut,Neu und gut.,Kantine Nord",
			"2026-04-02 12:02:00,2026-04-02 12:03:00,IP Address,192.0.2.251,100,60,True,2026-04-02 12:03:00,R_NewBadRow000001,,,,,,,anonymous,DE,Promoter,sehr wahrscheinlich,4 - Gut,,Kantine Nord",
			"\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			file := fixture(t, "qualtrics", tc.file)
			personal := personalData([][]byte{file}, csvColumns(t, file, 0, 3, "IPAddress", "RecipientLastName", "RecipientFirstName",
				"RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude")...)
			runImportE2E(t, importCase{
				source: `  - {name: export, type: qualtrics, token: "t-qualtrics", time_zone: ` + tc.timeZone + `,
     columns: {stars: QID2, touchpoint: Standort}}`,
				token: "t-qualtrics", file: file, want: want, skipped: 3, comments: 6,
				broken:     slices.Concat(file, []byte(tc.good+tc.eol+tc.bad+tc.eol)),
				brokenCell: `row 15, column "Q1" (ImportId QID1)`,
				personal:   append(personal, "192.0.2.250", "192.0.2.251"),
			})
		})
	}
}

// TestSourcesE2EGoogleForms imports the responses sheet of one Google Form
// downloaded from an en-US and a de-DE account, each mapped by its
// question texts: the same sixteen answers with their summer-time times,
// the repeat respondent's two answers both kept, and neither the e-mail
// nor the name column stored.
func TestSourcesE2EGoogleForms(t *testing.T) {
	t.Parallel()
	nps := func(score int, comment, tp, wall string) importAnswer {
		return importAnswer{feed.ScaleNPS, score, comment, tp, berlinAt(t, wall)}
	}
	stars := func(score int, comment, tp, wall string) importAnswer {
		return importAnswer{feed.ScaleStars, score, comment, tp, berlinAt(t, wall)}
	}
	want := []importAnswer{
		nps(10, "Das Schnitzel war hervorragend, danke!", "Kantine Nord", "2026-03-30 12:05:09"),
		stars(5, "", "Kantine Nord", "2026-03-30 12:05:09"),
		nps(9, "Great salad bar, but the queue at noon was far too long.", "Kantine Süd", "2026-03-30 12:11:30"),
		stars(4, "", "Kantine Süd", "2026-03-30 12:11:30"),
		nps(0, "Kalt und versalzen.", "Kantine Nord", "2026-03-30 12:22:15"),
		stars(1, "", "Kantine Nord", "2026-03-30 12:22:15"),
		nps(7, "", "Cafeteria West", "2026-03-30 13:00:50"),
		nps(8, "Gutes Essen.\nAber zu wenig vegetarische Optionen.", "Kantine Süd", "2026-03-31 11:49:59"), // the same respondent again
		stars(3, "", "Kantine Süd", "2026-03-31 11:49:59"),
		stars(2, "Too expensive for what you get.", "Cafeteria West", "2026-03-31 12:31:05"),
		nps(6, `Der "Veggie-Day" ist super, aber die Soße war kalt.`, "Kantine Nord", "2026-03-31 12:44:00"),
		stars(3, "", "Kantine Nord", "2026-03-31 12:44:00"),
		nps(10, "Tolles Frühstück!", "Cafeteria West", "2026-04-01 09:05:00"),
		stars(5, "", "Cafeteria West", "2026-04-01 09:05:00"),
		nps(5, "Portions were small, staff friendly though.", "Kantine Nord", "2026-04-01 14:30:00"),
		stars(2, "", "Kantine Nord", "2026-04-01 14:30:00"),
	}
	for _, tc := range []struct {
		name, file, columns, good, bad, eol, cell string
	}{
		{"en-US", "responses-en-US.csv",
			`{score: "How likely are you to recommend our canteen to a colleague?", stars: "How would you rate today's meal?",
       comment: "What could we do better?", touchpoint: "Which canteen did you visit?"}`,
			`"4/2/2026 12:00:00","neu.gut@example.com","9","4","Neu und gut.","Kantine Nord","Nina Neu"`,
			`"4/2/2026 12:01:00","","sehr wahrscheinlich","","","Kantine Nord",""`,
			"\n", `row 13, column "How likely are you to recommend our canteen to a colleague?"`},
		{"de-DE", "responses-de-DE.csv",
			`{score: "Wie wahrscheinlich ist es, dass Sie unsere Kantine weiterempfehlen?", stars: "Wie bewerten Sie das heutige Essen?",
       comment: "Was können wir besser machen?", touchpoint: "Welche Kantine haben Sie besucht?"}`,
			`02.04.2026 12:00:00,neu.gut@example.com,9,4,Neu und gut.,Kantine Nord,Nina Neu`,
			`02.04.2026 12:01:00,,sehr wahrscheinlich,,,Kantine Nord,`,
			"\r\n", `row 13, column "Wie wahrscheinlich ist es, dass Sie unsere Kantine weiterempfehlen?"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			file := fixture(t, "googleforms", tc.file)
			personal := personalData([][]byte{file}, csvColumns(t, file, 0, 1, "Email Address", "E-Mail-Adresse", "Your name (optional)", "Ihr Name (optional)")...)
			runImportE2E(t, importCase{
				source: `  - {name: export, type: google-forms, token: "t-forms", time_zone: Europe/Berlin,
     columns: ` + tc.columns + `}`,
				token: "t-forms", file: file, want: want, skipped: 1, comments: 8,
				broken:     slices.Concat(file, []byte(tc.good+tc.eol+tc.bad+tc.eol)),
				brokenCell: tc.cell,
				personal:   append(personal, "neu.gut@example.com", "Nina Neu"),
			})
		})
	}
}

// TestSourcesE2EImportCommand imports the Qualtrics and Google Forms
// fixtures with `cxtv-feed import --source NAME FILE`, as the issue's
// contract has an admin do: into the data file while no server runs, and
// through the running server's import route while one holds the file.
func TestSourcesE2EImportCommand(t *testing.T) {
	t.Parallel()
	// The command finds a running server by the config's listen address,
	// so it must name a port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.yaml")
	cfg := strings.NewReplacer(`listen: "127.0.0.1:0"`, `listen: "`+listen+`"`, "DATA", filepath.Join(dir, "feed.db"), "NAMES", "quarterly, forms", "SOURCES",
		`  - {name: quarterly, type: qualtrics, token: "t-qualtrics", time_zone: Europe/Berlin, columns: {stars: QID2, touchpoint: Standort}}
  - {name: forms, type: google-forms, token: "t-forms", time_zone: Europe/Berlin,
     columns: {score: "How likely are you to recommend our canteen to a colleague?", stars: "How would you rate today's meal?",
               comment: "What could we do better?", touchpoint: "Which canteen did you visit?"}}`).Replace(sourcesE2EConfig)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	testdata := func(tool, name string) string {
		return filepath.Join("..", "..", "feed", "source", tool, "testdata", name)
	}
	imp := func(source, file, want string) {
		t.Helper()
		var out, errOut strings.Builder
		err := run(context.Background(), []string{"import", "--config", path, "--source", source, file}, &out, &errOut)
		if err != nil || !strings.Contains(out.String(), want) {
			t.Errorf("import --source %s %s = %v, %q (stderr %q); want it to say %q", source, file, err, out.String(), errOut.String(), want)
		}
	}

	// No server: into the data file.
	imp("quarterly", testdata("qualtrics", "numeric.csv"), "imported 12 answers")

	addr, _ := serveStoppable(t, path)
	if addr != listen {
		t.Fatalf("serve listens on %s, want %s", addr, listen)
	}
	e := &sourcesE2E{t: t, addr: addr}
	// A server running: through its import route.
	imp("quarterly", testdata("qualtrics", "choicetext.csv"), "12 duplicates")
	imp("forms", testdata("googleforms", "responses-en-US.csv"), "imported 16 answers")
	if s := e.source("forms"); s.Stored != 16 {
		t.Errorf("the running server's board says %+v, want the 16 answers imported through it", s)
	}
	e.waitSnapshot("both exports' comments", func(s feed.Snapshot) bool { return len(s.Comments) == 6+8 })
}

// TestSourcesE2EHealthzShowsNoAnswers: an export refused for a cell that
// holds something else than its column should (here an e-mail address in
// the score column) answers the importer with the cell, but the public
// /healthz names the failing source without the cell's contents.
func TestSourcesE2EHealthzShowsNoAnswers(t *testing.T) {
	t.Parallel()
	e := startSourcesE2E(t, `  - {name: forms, type: google-forms, token: "t-forms", columns: {score: "NPS?"}}`, "forms")
	code, body := e.request(http.MethodPost, "/api/v1/sources/forms/import",
		[]byte("Timestamp,NPS?\n3/30/2026 12:00:00,anna.schmidt@example.com\n"), withContentType(withBearer("t-forms"), "text/csv"))
	if code != http.StatusBadRequest {
		t.Fatalf("import = %d %s, want 400", code, body)
	}
	msg := e.waitFailing("forms")
	if _, raw := e.healthz(); strings.Contains(string(raw), "anna.schmidt@example.com") {
		t.Errorf("/healthz = %s; it shows the refused cell to anyone (failing: %q)", raw, msg)
	}
}
