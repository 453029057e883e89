package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/store"
)

const importTestConfig = `listen: "127.0.0.1:0"
data: DATA
admin_token: "admin"
sources:
  - {name: survey, token: "survey-token", scale: nps}
  - name: reviews
    token: "reviews-token"
    scale: stars
    csv:
      columns: {id: "Review ID", comment: "Bewertungstext"}
channels:
  - name: canteen
    title: "Stimme unserer Kunden"
    display_token: "canteen-token"
    sources: [survey, reviews]
`

// A German survey export as the survey tool writes it: BOM, CRLF, decimal
// commas, a multi-line comment, personal data, and A-1 twice.
const importTestCSV = "\xef\xbb\xbfAntwort-ID;Datum;Weiterempfehlung;Kommentar;Kanal;Name;E-Mail\r\n" +
	"A-1;20.11.2025 14:05;9,0;\"Sehr freundlich;\r\ngerne wieder\";Filiale;Erika Mustermann;erika@example.de\r\n" +
	"A-2;21.11.2025;3;Zu lange gewartet.;Hotline;;\r\n" +
	"\r\n" +
	"A-1;20.11.2025 14:05;9,0;doppelt exportiert;Filiale;Erika Mustermann;erika@example.de\r\n"

// importEnv is a config file and its (not yet created) store in a temporary
// folder.
type importEnv struct {
	dir, config, data string
}

func newImportEnv(tb testing.TB, extraConfig ...string) importEnv {
	tb.Helper()
	dir := tb.TempDir()
	e := importEnv{dir: dir, config: filepath.Join(dir, "feed.yaml"), data: filepath.Join(dir, "data", "feed.db")}
	cfg := strings.Replace(importTestConfig, "DATA", e.data, 1) + strings.Join(extraConfig, "")
	if err := os.WriteFile(e.config, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	return e
}

// file writes a CSV file into the folder and returns its path.
func (e importEnv) file(tb testing.TB, name, content string) string {
	tb.Helper()
	path := filepath.Join(e.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// run runs `cxtv-feed import --config … args…` and returns its output.
func (e importEnv) run(tb testing.TB, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	var out, errOut strings.Builder
	err = run(context.Background(), append([]string{"import", "--config", e.config}, args...), &out, &errOut)
	return out.String(), errOut.String(), err
}

// stored returns every answer in the store, newest first.
func (e importEnv) stored(tb testing.TB) []feed.Feedback {
	tb.Helper()
	st, err := store.Open(e.data)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	var out []feed.Feedback
	if err := st.Feedback(time.Time{}, func(f feed.Feedback) error { out = append(out, f); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestImport(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	csv := e.file(t, "umfrage.csv", importTestCSV)

	stdout, stderr, err := e.run(t, "--source", "survey", csv)
	if err != nil {
		t.Fatalf("import = %v", err)
	}
	if want := `imported 2 answers from ` + csv + ` into source "survey" (1 duplicate)` + "\n"; stdout != want {
		t.Errorf("import printed %q, want %q", stdout, want)
	}
	if !strings.Contains(stderr, "created a new store "+e.data) {
		t.Errorf("import of a new store said %q on stderr, want a note naming %s", stderr, e.data)
	}
	got := e.stored(t)
	want := []feed.Feedback{
		{ID: "A-2", Source: "survey", Scale: feed.ScaleNPS, Score: 3, Comment: "Zu lange gewartet.", Touchpoint: "Hotline",
			CreatedAt: time.Date(2025, 11, 20, 23, 0, 0, 0, time.UTC)},
		{ID: "A-1", Source: "survey", Scale: feed.ScaleNPS, Score: 9, Comment: "Sehr freundlich;\ngerne wieder", Touchpoint: "Filiale",
			CreatedAt: time.Date(2025, 11, 20, 13, 5, 0, 0, time.UTC)},
	}
	if len(got) != len(want) {
		t.Fatalf("store holds %+v, want %+v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("stored[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}

	// The same file again changes nothing.
	stdout, stderr, err = e.run(t, "--source", "survey", csv)
	if err != nil {
		t.Fatalf("second import = %v", err)
	}
	if want := `imported 0 answers from ` + csv + ` into source "survey" (3 duplicates)` + "\n"; stdout != want {
		t.Errorf("second import printed %q, want %q", stdout, want)
	}
	if stderr != "" {
		t.Errorf("second import said %q on stderr, want nothing", stderr)
	}
	if n := len(e.stored(t)); n != 2 {
		t.Errorf("after a second import the store holds %d answers, want 2", n)
	}
}

// TestImportBadRow: a bad row names file, row, column and reason, and
// nothing of the file is stored, not even the good rows before it.
func TestImportBadRow(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	if _, _, err := e.run(t, "--source", "survey", e.file(t, "good.csv", importTestCSV)); err != nil {
		t.Fatal(err)
	}
	bad := e.file(t, "bad.csv", "Antwort-ID;Datum;Weiterempfehlung;Kommentar\n"+
		"B-1;22.11.2025;10;Top\n"+
		"B-2;22.11.2025;\"8\";\"zwei\nZeilen\"\n"+
		"B-3;22.11.2025;11;zu gut\n"+
		"B-4;22.11.2025;7;\n")
	_, _, err := e.run(t, "--source", "survey", bad)
	if err == nil {
		t.Fatal("import of a file with a bad row = nil error")
	}
	want := `import ` + bad + `: row 4, column "Weiterempfehlung": 11 is outside 0–10 for scale nps; nothing was imported`
	if err.Error() != want {
		t.Errorf("import error =\n %v\nwant\n %s", err, want)
	}
	if n := len(e.stored(t)); n != 2 {
		t.Errorf("after a failed import the store holds %d answers, want the 2 from before", n)
	}
}

func TestImportSources(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	reviews := e.file(t, "reviews.csv", "Review ID,Sterne,Bewertungstext,Autor\nG-1,5,\"Schnell, freundlich\",Peter K.\nG-2,2,Zu voll.,Anna S.\n")

	// Flags may follow the file.
	stdout, _, err := e.run(t, reviews, "--source", "reviews")
	if err != nil {
		t.Fatalf("import reviews = %v", err)
	}
	if !strings.HasPrefix(stdout, "imported 2 answers from") {
		t.Errorf("import reviews printed %q", stdout)
	}
	for _, f := range e.stored(t) {
		if f.Source != "reviews" || f.Scale != feed.ScaleStars || strings.Contains(f.Comment, "Peter") {
			t.Errorf("stored %+v, want a reviews answer on the stars scale without its author", f)
		}
	}
	// The survey source has no mapping for "Review ID".
	_, _, err = e.run(t, "--source", "survey", reviews)
	if err == nil || !strings.Contains(err.Error(), `row 1: no id column among "Review ID", "Sterne"`) {
		t.Errorf("import of reviews.csv into survey = %v, want an error naming the missing id column", err)
	}
}

// TestImportRetention: answers the server's retention would delete are
// stored, with a note saying so.
func TestImportRetention(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t, "retention_days: 30\n")
	recent := time.Now().AddDate(0, 0, -2).Format("02.01.2006")
	csv := e.file(t, "umfrage.csv", importTestCSV+"A-3;"+recent+";10;;App;;\r\n")
	stdout, stderr, err := e.run(t, "--source", "survey", csv)
	if err != nil {
		t.Fatalf("import = %v", err)
	}
	if !strings.HasPrefix(stdout, "imported 3 answers") {
		t.Errorf("import printed %q, want 3 answers imported", stdout)
	}
	if want := "note: 2 answers are older than retention_days (30); the server deletes them within the hour"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q on stderr, want %q", stderr, want)
	}
}

func TestImportStdin(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	var out strings.Builder
	err := runImport(context.Background(), []string{"--config", e.config, "--source", "survey", "-"},
		strings.NewReader(importTestCSV), &out, &strings.Builder{})
	if err != nil {
		t.Fatalf("import - = %v", err)
	}
	if want := `imported 2 answers from standard input into source "survey" (1 duplicate)` + "\n"; out.String() != want {
		t.Errorf("import - printed %q, want %q", out.String(), want)
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	csv := e.file(t, "umfrage.csv", importTestCSV)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown source", []string{"--source", "surveys", csv}, `import: unknown source "surveys"; the config has "survey", "reviews"`},
		{"no source", []string{csv}, `import: --source is required (one of "survey", "reviews")`},
		{"missing file", []string{"--source", "survey", filepath.Join(e.dir, "nope.csv")}, "nope.csv: no such file or directory"},
		{"a folder", []string{"--source", "survey", e.dir}, "is a folder, not a CSV file"},
		{"no file", []string{"--source", "survey"}, "import: want one CSV file (or - for standard input), got 0"},
		{"two files", []string{"--source", "survey", csv, csv}, "got 2"},
		{"empty file", []string{"--source", "survey", e.file(t, "leer.csv", "")}, "leer.csv: the file is empty"},
		{"UTF-16 file", []string{"--source", "survey", e.file(t, "unicode.csv", "\xff\xfeI\x00D\x00")}, `unicode.csv: the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := e.run(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("import %q = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
	if _, err := os.Stat(e.data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("failed imports created the store (stat: %v)", err)
	}

	var out strings.Builder
	err := run(context.Background(), []string{"import", "--source", "survey", csv}, &out, &out)
	if err == nil || err.Error() != "import: --config is required" {
		t.Errorf("import without --config = %v", err)
	}
	err = run(context.Background(), []string{"import", "--config", filepath.Join(e.dir, "nope.yaml"), "--source", "survey", csv}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("import with a missing config = %v, want an error naming it", err)
	}
}

// TestImportServerRunning: the server holds the store's lock; import says
// so instead of waiting, and stores nothing.
func TestImportServerRunning(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	st, err := store.Open(e.data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, _, err = e.run(t, "--source", "survey", e.file(t, "umfrage.csv", importTestCSV))
	if !errors.Is(err, bolterrors.ErrTimeout) {
		t.Fatalf("import while the store is open = %v, want a timeout", err)
	}
	for _, want := range []string{"umfrage.csv", e.data + " is in use", `running "cxtv-feed serve"`,
		"handing the file to it failed: POST /api/v1/sources/survey/import", "nothing was imported"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("import error %q does not say %q", err, want)
		}
	}
	if n, err := st.CountFeedback(); err != nil || n != 0 {
		t.Errorf("store holds %d answers (%v), want 0", n, err)
	}
}

// While the server runs, import hands the file to it: the answers are
// stored and on the screens without a restart.
func TestImportThroughServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newImportEnv(t)
	cfg, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	e.file(t, "feed.yaml", strings.Replace(string(cfg), "127.0.0.1:0", addr, 1))
	serveForTest(t, e.config)

	stdout, _, err := e.run(t, "--source", "survey", e.file(t, "umfrage.csv", importTestCSV))
	if err != nil {
		t.Fatalf("import while the server runs = %v", err)
	}
	if want := `imported 2 answers from ` + filepath.Join(e.dir, "umfrage.csv") + ` into source "survey" (1 duplicate) through the server at http://` + addr; !strings.HasPrefix(stdout, want) {
		t.Errorf("import printed %q, want %q", stdout, want)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/sources", nil)
	req.Header.Set("Authorization", "Bearer admin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var board struct {
		Sources []struct {
			Source     string
			Stored     int
			Duplicates int
		}
	}
	json.NewDecoder(resp.Body).Decode(&board)
	if len(board.Sources) == 0 || board.Sources[0].Source != "survey" || board.Sources[0].Stored != 2 || board.Sources[0].Duplicates != 1 {
		t.Errorf("the server's sources after the import = %+v, want survey with 2 stored, 1 duplicate", board.Sources)
	}

	// From standard input too; a bad file is refused before it is sent.
	var out, errOut strings.Builder
	err = runImport(context.Background(), []string{"--config", e.config, "--source", "survey", "-"},
		strings.NewReader("Antwort-ID;Datum;Weiterempfehlung\nA-9;21.11.2025;7\n"), &out, &errOut)
	if err != nil || !strings.Contains(out.String(), "imported 1 answer from standard input") {
		t.Errorf("import from stdin = %v, %q", err, out.String())
	}
	if _, _, err := e.run(t, "--source", "survey", e.file(t, "kaputt.csv", "Antwort-ID;Weiterempfehlung\nA-10;elf\n")); err == nil ||
		!strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("a bad file = %v", err)
	}

	// cxtv-feed sources shows the board; a failing source fails it.
	out.Reset()
	if err := run(context.Background(), []string{"sources", "--config", e.config}, &out, io.Discard); err != nil {
		t.Fatalf("sources = %v", err)
	}
	if !regexp.MustCompile(`(?m)^survey +cxtv +ok +just now +3 +0 +1 +0 +0 *$`).MatchString(out.String()) {
		t.Errorf("sources printed:\n%s\nwant survey ok with 3 stored, 1 duplicate", out.String())
	}
	bad, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/feedback", strings.NewReader(`{"id":"x","score":11}`))
	bad.Header.Set("Authorization", "Bearer survey-token")
	if resp, err := http.DefaultClient.Do(bad); err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad post = %v, %v", resp, err)
	}
	out.Reset()
	err = run(context.Background(), []string{"sources", "--config", e.config}, &out, io.Discard)
	if err == nil || err.Error() != "sources: 1 source is failing" || !strings.Contains(out.String(), "FAILING") ||
		!strings.Contains(out.String(), "post: score: 11 is outside 0–10") {
		t.Errorf("sources with a failing source = %v\n%s", err, out.String())
	}
}

// TestImportInterrupted: Ctrl-C while the file is read stores nothing.
func TestImportInterrupted(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := run(ctx, []string{"import", "--config", e.config, "--source", "survey", e.file(t, "umfrage.csv", importTestCSV)}, io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("import with a cancelled context = %v, want context.Canceled and nothing imported", err)
	}
	if _, err := os.Stat(e.data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an interrupted import created the store (stat: %v)", err)
	}
}

func TestImportProgress(t *testing.T) {
	var b strings.Builder
	progress, done := newProgress(&b, true, "gross.csv", 4<<20)
	progress(1 << 20)
	progress(4 << 20)
	done()
	if !strings.Contains(b.String(), "importing gross.csv") {
		t.Errorf("progress bar drew %q, want it to name the file", b.String())
	}
	progress, done = newProgress(&b, false, "gross.csv", 4<<20)
	if progress != nil {
		t.Error("newProgress(show=false) returned a callback")
	}
	done()
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 98234: "98,234", 1234567: "1,234,567", -1234: "-1,234", -123: "-123"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// A tool's export goes through its type's reader; a type without exports
// says how its answers arrive instead.
func TestImportToolExport(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	cfg, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	e.file(t, "feed.yaml", strings.Replace(string(cfg), "channels:", `  - {name: quarterly, type: qualtrics, token: "q-token"}
  - {name: web, type: typeform, secret: "tf-secret"}
channels:`, 1))
	export, err := os.ReadFile("../../feed/source/qualtrics/testdata/choicetext.csv")
	if err != nil {
		t.Fatal(err)
	}
	stdout, _, err := e.run(t, "--source", "quarterly", e.file(t, "export.csv", string(export)))
	if err != nil || !strings.Contains(stdout, `answers from `) || !strings.Contains(stdout, `into source "quarterly"`) {
		t.Fatalf("import of a Qualtrics export = %v, %q", err, stdout)
	}
	got := e.stored(t)
	if len(got) == 0 || got[0].Source != "quarterly" {
		t.Fatalf("stored %+v, want the export's answers under quarterly", got)
	}
	_, _, err = e.run(t, "--source", "web", e.file(t, "web.csv", "x"))
	if err == nil || !strings.Contains(err.Error(), `source "web" is of type typeform, which has no exports to import: it takes POST /api/v1/sources/web/webhook`) {
		t.Errorf("import into a typeform source = %v", err)
	}
}

func TestCountingReader(t *testing.T) {
	var got []int64
	r := &countingReader{r: iotest.OneByteReader(strings.NewReader("abc")), report: func(n int64) { got = append(got, n) }}
	if b, err := io.ReadAll(r); err != nil || string(b) != "abc" {
		t.Fatalf("ReadAll = %q, %v", b, err)
	}
	if fmt.Sprint(got) != "[1 2 3 3]" {
		t.Errorf("reported %v, want every byte count up to 3", got)
	}
}

// A bad row after the first transaction of a large file takes out what
// was stored of it: the store holds what it held before, and the error
// names the row.
func TestImportBadRowLate(t *testing.T) {
	t.Parallel()
	e := newImportEnv(t)
	if _, _, err := e.run(t, "--source", "survey", e.file(t, "umfrage.csv", importTestCSV)); err != nil {
		t.Fatal(err)
	}
	var big strings.Builder
	big.WriteString("Antwort-ID;Datum;Weiterempfehlung;Kommentar\n")
	rows := 2*importTx + 500 // three transactions
	for i := range rows {
		fmt.Fprintf(&big, "B-%d;22.11.2025;%d;Zeile %d\n", i, i%11, i)
	}
	big.WriteString("B-x;22.11.2025;elf;kaputt\n")
	_, _, err := e.run(t, "--source", "survey", e.file(t, "gross.csv", big.String()))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("row %d", rows+2)) || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("import with a bad last row = %v, want its row named and nothing imported", err)
	}
	st, err := store.Open(e.data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n := st.Undone(); n != 0 {
		t.Errorf("the next open undid %d answers: the import did not take them out itself", n)
	}
	if n, err := st.CountFeedback(); err != nil || n != 2 {
		t.Errorf("after the failed import the store holds %d answers (%v), want the 2 from before", n, err)
	}
	if f, ok, err := st.Lookup("survey", "A-2"); err != nil || !ok || f.Comment != "Zu lange gewartet." {
		t.Errorf("A-2 after the failed import = %+v, %v, %v", f, ok, err)
	}
}

// An import that leaves much of the store free compacts it, and the
// answers are all there afterwards.
func TestImportCompacts(t *testing.T) {
	old := compactMinSize
	compactMinSize = 1 << 20
	t.Cleanup(func() { compactMinSize = old })
	e := newImportEnv(t)
	var big strings.Builder
	big.WriteString("Antwort-ID;Datum;Weiterempfehlung;Kommentar\n")
	rows := 2*importTx + 500
	for i := range rows {
		// Ids in random order, as Qualtrics' are: each transaction
		// rewrites most pages of the id index.
		fmt.Fprintf(&big, "R_%08x;22.11.2025;%d;Zeile %d\n", uint32(i)*2654435761, i%11, i)
	}
	_, stderr, err := e.run(t, "--source", "survey", e.file(t, "gross.csv", big.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "compacted the store "+e.data) {
		t.Errorf("import printed %q, want it to say it compacted the store", stderr)
	}
	st, err := store.Open(e.data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountFeedback(); err != nil || n != rows {
		t.Errorf("after the compaction the store holds %d answers (%v), want %d", n, err, rows)
	}
	st.Probe() // a commit: bbolt counts the free pages at each
	if free, size, err := st.FreePages(); err != nil || 10*free >= size {
		t.Errorf("after the compaction %d of %d bytes are free (%v)", free, size, err)
	}
}
