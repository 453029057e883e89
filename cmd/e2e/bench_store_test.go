package e2e_test

// The measurements of issue 14 against the real binaries: a store of
// 1,000,000 answers over 60 days (generated here, cached, never
// committed), `cxtv-feed import` of it, `cxtv-feed serve` on it, and
// WebSocket screens in this process, so that every latency runs from just
// before the POST to the last screen's receipt. scripts/bench.sh runs
// them with -benchtime 1x: each benchmark does its work once, whatever
// b.N. Each prints its rows of the table ("| what | figure | goal |").
//
// Sizes come from the environment, so that a run while developing stays
// small:
//
//	CXTV_BENCH_ANSWERS  answers in the store (1000000)
//	CXTV_BENCH_SCREENS  screen counts, comma-separated (1000,10000)
//	CXTV_BENCH_POSTS    measured POSTs per figure (20)
//	CXTV_BENCH_SCREEN_ANSWERS  store sizes of the screens' figures (1000000,20000)
//	CXTV_BENCH_DIR      where the CSV and the store are cached ($TMPDIR/cxtv-bench)

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchDataVersion names the generated data: change it when the CSV's
// shape changes, so that no run reuses a store of the old shape.
const benchDataVersion = "v2"

const benchDays = 60

// sampleTimeout bounds one latency sample: a POST whose comment has not
// reached every screen by then is reported as lost, not waited for.
const sampleTimeout = 30 * time.Second

func envInt(tb testing.TB, name string, def int) int {
	tb.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

func benchAnswers(tb testing.TB) int { return envInt(tb, "CXTV_BENCH_ANSWERS", 1_000_000) }
func benchPosts(tb testing.TB) int   { return envInt(tb, "CXTV_BENCH_POSTS", 20) }

// benchDir is the cache of generated files, and key names those of n
// answers. Files of another version or day are removed: a store is only
// "the last 60 days" on the day it was made.
func benchDir(tb testing.TB, n int) (dir, key string) {
	tb.Helper()
	dir = os.Getenv("CXTV_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "cxtv-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	day := time.Now().UTC().Format("2006-01-02")
	key = fmt.Sprintf("%s-%d-%s", benchDataVersion, n, day)
	old, _ := filepath.Glob(filepath.Join(dir, "answers-*"))
	more, _ := filepath.Glob(filepath.Join(dir, "store-*"))
	for _, f := range append(old, more...) {
		if name := filepath.Base(f); !strings.Contains(name, benchDataVersion+"-") || !strings.Contains(name, day) {
			os.Remove(f)
		}
	}
	return dir, key
}

// benchBinary builds cxtv-feed once per test binary.
var benchBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cxtv-bench-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "cxtv-feed")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/cxtv/cxtv/cmd/cxtv-feed").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func feedBinary(tb testing.TB) string {
	tb.Helper()
	bin, err := benchBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

const benchFeedConfig = `listen: %q
data: %q
admin_token: "bench-admin"
rate_limit: {per_minute: 0, burst: 0}
sources:
  - name: survey
    token: "bench-survey"
    scale: nps
    csv:
      separator: ";"
      decimal: "."
      columns: {id: id, score: score, comment: comment, touchpoint: touchpoint, created_at: created_at}
channels:
  - name: canteen
    title: "Stimme unserer Kunden"
    language: de
    display_token: "bench-canteen"
    sources: [survey]
    max_screens: 20000
    max_comments: 20
    slides: [comments, nps, trend, touchpoints, themes, ideas]
    selection: {mode: latest}
`

// writeBenchConfig writes a config for a server (or an import) on db.
func writeBenchConfig(tb testing.TB, dir, listen, db string) string {
	tb.Helper()
	path := filepath.Join(dir, "feed.yaml")
	if err := os.WriteFile(path, []byte(fmt.Sprintf(benchFeedConfig, listen, db)), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

var (
	benchOpeners = []string{
		"Das Essen war heute", "Die Suppe war", "Der Salat war", "Das vegetarische Gericht war",
		"Die Schlange an der Kasse war", "Der Kaffee war", "Das Dessert war", "Die Portion war",
		"Der Service an der Ausgabe war", "Die Auswahl war", "The curry was", "The queue was",
	}
	benchVerdicts = []string{
		"sehr lecker, gerne wieder.", "leider kalt.", "viel zu salzig.", "super, danke an das Team!",
		"zu teuer für die Menge.", "okay, aber nichts Besonderes.", "wie immer prima.",
		"heute wirklich zu lang, wir haben zwanzig Minuten gewartet.", "frisch und gut gewürzt.",
		"etwas lieblos angerichtet.", "great, thanks!", "far too long today.",
	}
	benchExtras = []string{
		"", "", "", "Es wäre schön, wenn es öfter Linsen gäbe.", "Bitte mehr vegane Optionen.",
		"Die neue Spülstraße ist laut.", "Please add more gluten-free dishes.", "Das Besteck war nass.",
	}
	benchTouchpoints = []string{"Ausgabe Nord", "Ausgabe Süd", "Salatbar", "Café", "Kasse"}
)

// benchCSV writes (once per key) a cxtv CSV export of n answers spread
// over the last 60 days, about 60 % with a comment, and returns its path.
// As the tools export, the rows are in the order the answers came in, and
// the ids are random, like Qualtrics' response ids.
func benchCSV(tb testing.TB, n int) string {
	tb.Helper()
	dir, key := benchDir(tb, n)
	path := filepath.Join(dir, "answers-"+key+".csv")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(14, uint64(n)))
	end := time.Now().UTC().Add(-time.Minute)
	span := int64(benchDays * 24 * time.Hour)
	fmt.Fprintln(w, "id;created_at;score;comment;touchpoint")
	step := span / int64(n)
	for i := range n {
		at := end.Add(-time.Duration(step*int64(n-1-i) + rng.Int64N(step))).Truncate(time.Second)
		comment := ""
		if rng.IntN(10) < 6 {
			comment = benchOpeners[rng.IntN(len(benchOpeners))] + " " + benchVerdicts[rng.IntN(len(benchVerdicts))]
			if x := benchExtras[rng.IntN(len(benchExtras))]; x != "" {
				comment += " " + x
			}
		}
		fmt.Fprintf(w, "R_%016x;%s;%d;%s;%s\n", rng.Uint64(), at.Format(time.RFC3339), rng.IntN(11), comment,
			benchTouchpoints[rng.IntN(len(benchTouchpoints))])
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// importResult is what one run of cxtv-feed import took.
type importResult struct {
	elapsed time.Duration
	peakRSS int64 // bytes: the process's high-water mark (getrusage ru_maxrss)
	output  string
}

// runImport imports the CSV into a new store at db with the real binary.
func runImport(tb testing.TB, csv, db string) importResult {
	tb.Helper()
	cfg := writeBenchConfig(tb, tb.TempDir(), "127.0.0.1:0", db)
	cmd := exec.Command(feedBinary(tb), "import", "--config", cfg, "--source", "survey", csv)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		tb.Fatalf("cxtv-feed import: %v\n%s", err, out.String())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r := importResult{elapsed: elapsed, output: strings.TrimSpace(out.String())}
	if ru != nil {
		r.peakRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return r
}

// benchStoreMu makes the store's creation once-only within a test binary.
var benchStoreMu sync.Mutex

// benchStore returns the cached store of n answers, importing the CSV
// first if there is none (and measuring nothing then).
func benchStore(tb testing.TB, n int) string {
	tb.Helper()
	benchStoreMu.Lock()
	defer benchStoreMu.Unlock()
	dir, key := benchDir(tb, n)
	path := filepath.Join(dir, "store-"+key+".db")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	r := runImport(tb, benchCSV(tb, n), tmp)
	tb.Logf("made the store %s: %s (%.1f s)", path, r.output, r.elapsed.Seconds())
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// copyStore copies the cached store into dir, so that a server may change
// it (the posted comments) without changing the cache.
func copyStore(tb testing.TB, src, dir string) string {
	tb.Helper()
	dst := filepath.Join(dir, "feed.db")
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// row prints one row of the table, which scripts/bench.sh passes
// through.
func row(what, figure, goal string) {
	fmt.Printf("| %s | %s | %s |\n", what, figure, goal)
}

func thousandsOf(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func mb(bytes int64) string { return fmt.Sprintf("%.0f MB", float64(bytes)/1e6) }

// BenchmarkStore1MImport runs `cxtv-feed import` of the generated export
// into a new store: wall time and peak RSS of the real binary.
func BenchmarkStore1MImport(b *testing.B) {
	n := benchAnswers(b)
	csv := benchCSV(b, n)
	dir, key := benchDir(b, n)
	db := filepath.Join(dir, "store-"+key+".db.import")
	os.Remove(db)
	defer os.Remove(db)
	b.ResetTimer()
	r := runImport(b, csv, db)
	b.StopTimer()
	b.Log(r.output)
	b.ReportMetric(r.elapsed.Seconds(), "s")
	b.ReportMetric(float64(r.peakRSS)/1e6, "peak-MB")
	b.ReportMetric(0, "ns/op")
	row(fmt.Sprintf("`cxtv-feed import` of %s rows (CSV)", thousandsOf(n)),
		fmt.Sprintf("%.1f s, %s peak RSS", r.elapsed.Seconds(), mb(r.peakRSS)), "≤ 15 s, ≤ 300 MB")
	// This import is the cached store, when there is none yet.
	benchStoreMu.Lock()
	defer benchStoreMu.Unlock()
	if path := filepath.Join(dir, "store-"+key+".db"); !exists(path) {
		os.Rename(db, path)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// BenchmarkStore1MServe starts `cxtv-feed serve` on the store: time until
// /healthz answers, RSS then, and POST → one screen has the comment.
func BenchmarkStore1MServe(b *testing.B) {
	n := benchAnswers(b)
	store := benchStore(b, n)
	b.ResetTimer()
	srv := startBenchServer(b, store)
	b.StopTimer()
	// Where start-up goes: the server's log until the snapshots were built.
	for _, line := range strings.Split(srv.startLog(), "\n") {
		fmt.Printf("# start-up +%s\n", line)
	}
	screens := dialScreens(b, srv, 1)
	rss := srv.rss(b)
	b.ReportMetric(srv.healthy.Seconds(), "s-healthz")
	b.ReportMetric(srv.ready.Seconds(), "s-ready")
	b.ReportMetric(float64(rss)/1e6, "RSS-MB")
	row(fmt.Sprintf("%s stored answers (%d days): `serve` until `/healthz` answers", thousandsOf(n), benchDays),
		fmt.Sprintf("%.2f s", srv.healthy.Seconds()), "≤ 2 s")
	row("same store: `serve` until the snapshots are built (`/healthz` no longer \"starting\")",
		fmt.Sprintf("%.2f s", srv.ready.Seconds()), "—")
	row("same store: server RSS (after start and first snapshot)", srv.memory(b), "≤ 250 MB")

	lat := measurePosts(b, srv, screens, benchPosts(b), time.Second)
	b.ReportMetric(ms(lat.p(50)), "p50-ms")
	b.ReportMetric(ms(lat.p(99)), "p99-ms")
	b.ReportMetric(0, "ns/op")
	row("same store: POST of one comment → a screen's snapshot has it", lat.String(), "≤ 20 ms")
	row(fmt.Sprintf("same store: server RSS after %d POSTs", len(lat.samples)+lat.lost+1), srv.memory(b), "≤ 250 MB")

	// A themes count beside the rebuilds reads every comment again: the
	// RSS once one has run.
	deadline := time.Now().Add(3 * time.Minute)
	for srv.metric(b, "cxtv_themes_count_seconds_count") < 1 {
		if time.Now().After(deadline) {
			b.Fatal("no themes count within 3 minutes")
		}
		time.Sleep(time.Second)
	}
	row(fmt.Sprintf("same store: server RSS after a themes count (%.1f s of work)", srv.metric(b, "cxtv_themes_count_seconds_sum")),
		srv.memory(b), "≤ 250 MB")
	peak := srv.status(b, "VmHWM")
	b.ReportMetric(float64(peak)/1e6, "peak-RSS-MB")
	row("same store: server peak RSS (VmHWM) over the start, the POSTs and the themes count", mb(peak), "≤ 250 MB")
}

// BenchmarkStore1MScreens starts the server on the store, connects N
// screens and measures POST → the last screen's snapshot has the comment:
// after a quiet second, and with each change 0.2 s after the previous one
// arrived (the publisher once held rebuilds 0.5 s apart). It also
// reports the server's RSS per screen (RSS with them minus RSS before).
//
// They run on the large store and on one of 20,000 answers: on the large
// one the rebuild dominates every latency, and its garbage, which the
// screens' buffers then reuse, makes the RSS per screen read too low.
// CXTV_BENCH_SCREEN_ANSWERS sets the store sizes (e.g. 20000 for only the
// small one).
func BenchmarkStore1MScreens(b *testing.B) {
	sizes := []int{benchAnswers(b)}
	if sizes[0] > smallStore {
		sizes = append(sizes, smallStore)
	}
	for _, answers := range envList(b, "CXTV_BENCH_SCREEN_ANSWERS", sizes) {
		b.Run(fmt.Sprintf("answers=%d", answers), func(b *testing.B) { benchScreens(b, answers) })
	}
}

// smallStore is the size of the second store of BenchmarkStore1MScreens.
const smallStore = 20_000

func benchScreens(b *testing.B, answers int) {
	for _, n := range envList(b, "CXTV_BENCH_SCREENS", []int{1000, 10000}) {
		b.Run(fmt.Sprintf("screens=%d", n), func(b *testing.B) {
			store := benchStore(b, answers)
			srv := startBenchServer(b, store)
			// One screen first, so that "before" includes the first snapshot.
			dialScreens(b, srv, 1)
			before := srv.rss(b)
			set := dialScreens(b, srv, n)
			time.Sleep(time.Second) // the writers' buffers settle
			with := srv.rss(b)
			perScreen := float64(with-before) / float64(n)
			b.ReportMetric(perScreen/1024, "KiB/screen")

			quiet := measurePosts(b, srv, set, benchPosts(b), time.Second)
			burst := measurePosts(b, srv, set, benchPosts(b), 200*time.Millisecond)
			b.ReportMetric(ms(quiet.p(50)), "quiet-p50-ms")
			b.ReportMetric(ms(quiet.p(99)), "quiet-p99-ms")
			b.ReportMetric(ms(burst.p(50)), "burst-p50-ms")
			b.ReportMetric(ms(burst.p(99)), "burst-p99-ms")
			b.ReportMetric(0, "ns/op")
			if d := set.dropped.Load(); d > 0 {
				b.Logf("%d of %d screens were dropped during the run", d, n)
			}
			goal := "p99 ≤ 30 ms"
			if n >= 10000 {
				goal = "p99 ≤ 200 ms"
			}
			what := fmt.Sprintf("POST → last of %s screens has it (%s answers stored)", thousandsOf(n), thousandsOf(answers))
			row(what+", after a quiet second", quiet.String(), goal)
			row(what+", changes 0.2 s apart", burst.String(), goal)
			row(fmt.Sprintf("server RSS with %s screens", thousandsOf(n)),
				fmt.Sprintf("%s, %.1f KB a screen (RSS %s before them)", mb(with), perScreen/1000, mb(before)), "≤ 16 KB a screen")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// latencies are the samples of one figure; lost counts the POSTs that had
// not reached every screen within sampleTimeout.
type latencies struct {
	samples []time.Duration
	lost    int
}

func (l *latencies) p(q int) time.Duration {
	if len(l.samples) == 0 {
		return sampleTimeout
	}
	s := slices.Sorted(slices.Values(l.samples))
	return s[min(len(s)-1, len(s)*q/100)]
}

func (l *latencies) String() string {
	if len(l.samples) == 0 {
		return fmt.Sprintf("none of %d POSTs arrived within %s", l.lost, sampleTimeout)
	}
	s := fmt.Sprintf("p50 %s, p99 %s (n=%d)", fmtDur(l.p(50)), fmtDur(l.p(99)), len(l.samples))
	if l.lost > 0 {
		s += fmt.Sprintf(", %d more not within %s", l.lost, sampleTimeout)
	}
	return s
}

func fmtDur(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", ms(d))
}
