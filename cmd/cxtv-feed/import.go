package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // csv.time_zone (default Europe/Berlin) on systems without a zoneinfo database

	"github.com/schollz/progressbar/v3"
	bolterrors "go.etcd.io/bbolt/errors"
	"golang.org/x/term"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/store"
)

// progressMinSize is the smallest file that gets a progress bar: smaller
// ones are read before a bar would be worth drawing.
const progressMinSize = 1 << 20

// runImport stores a survey export (CSV, or cxtv JSON) under one source.
// The file is read as it is stored, a chunk per transaction, and counts as
// one: a bad row, a failure or Ctrl-C takes out what was stored of it (a
// kill or a power cut leaves that to the next open of the store). While a
// server runs on the store, the file goes to it instead, through POST
// /api/v1/sources/{name}/import.
func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	path := fs.String("config", "", "config file (YAML)")
	sourceName := fs.String("source", "", "the source the answers belong to (a sources[].name of the config)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: cxtv-feed import --config FILE --source NAME FILE.csv\n(FILE.csv may be - for standard input)\n")
		fs.PrintDefaults()
	}
	file, err := parseImportArgs(fs, args)
	if err != nil {
		return err
	}
	if *path == "" {
		return errors.New("import: --config is required")
	}
	p, err := prepare(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	cfg := p.cfg
	i, err := importSource(cfg, *sourceName)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	src, in := &cfg.Sources[i], p.intake[i]
	if in.Stream == nil {
		return fmt.Errorf("import: source %q is of type %s, which has no exports to import: %s", src.Name, src.Type, p.server.Sources[i].Takes())
	}

	f, name, size, err := openImportFile(file, stdin)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	contentType := importContentType(name)
	st, created, err := openImportStore(cfg.Data)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return importThroughServer(ctx, p, in.Stream, src.Name, f, file, name, contentType, err, stdout, stderr)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}

	// Most of the heap is the transaction under way, garbage once it
	// commits: at Go's default GOGC of 100 a 1,000,000-row import peaked at
	// 301 MB RSS.
	setGCPercent(importGCPercent)
	progress, done := newProgress(stderr, isTerminal(stderr) && size > progressMinSize, name, size)
	res, err := importInto(ctx, st, in.Stream, &countingReader{r: ctxReader{ctx, f}, report: progress}, contentType, cfg.RetentionDays)
	done()
	if closeErr := st.Close(); err == nil && closeErr != nil {
		// The import has committed: the answers are stored.
		fmt.Fprintf(stderr, "cxtv-feed: close store %s: %v\n", cfg.Data, closeErr)
	}
	if err == nil && res.compact {
		// Told after the summary: the answers are stored already.
		defer compactAfterImport(cfg.Data, stderr)
	}
	if err != nil {
		if created {
			os.Remove(cfg.Data) // holds nothing: no store is better than an empty one in the wrong place
		}
		return fmt.Errorf("import %s: %w", name, err)
	}
	if created {
		// A new file may mean that the import did not find the server's
		// store: data is relative to the working directory.
		note := ""
		if !filepath.IsAbs(cfg.Data) {
			note = "; data is relative to the current folder, so the server must run from here to see these answers"
		}
		fmt.Fprintf(stderr, "note: created a new store %s%s\n", cfg.Data, note)
	}
	fmt.Fprintf(stdout, "imported %s from %s into source %q%s\n",
		plural(res.added.New, "answer"), name, src.Name, addedNote(res.added))
	printSkipped(stderr, res.skipped, res.reasons)
	if res.old > 0 {
		fmt.Fprintf(stderr, "note: %s older than retention_days (%d); the server deletes them within the hour\n",
			plural(res.old, "answer is", "answers are"), cfg.RetentionDays)
	}
	return nil
}

// importThroughServer checks the file and then hands it to the server
// that holds the store (inUse says so): a bad file is refused here, and
// does not count against the source on the server's board. Standard input
// is kept for the second read.
func importThroughServer(ctx context.Context, p *prepared, stream streamFunc, srcName string, f io.Reader, file, name, contentType string,
	inUse error, stdout, stderr io.Writer) error {
	var kept *bytes.Buffer
	r := f
	if file == "-" {
		kept = &bytes.Buffer{}
		r = io.TeeReader(f, kept)
	}
	if err := stream(ctx, ctxReader{ctx, r}, contentType, func(source.Batch) error { return nil }); err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}
	body := io.Reader(kept)
	if kept == nil {
		again, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("import %s: %w; nothing was imported", name, err)
		}
		defer again.Close()
		body = again
	}
	res, url, err := postImport(ctx, p, srcName, body, contentType)
	if err != nil {
		return fmt.Errorf("import %s: %w, and handing the file to it failed: %w; nothing was imported", name, inUse, err)
	}
	fmt.Fprintf(stdout, "imported %s from %s into source %q%s through the server at %s\n",
		plural(res.added.New, "answer"), name, srcName, addedNote(res.added), url)
	printSkipped(stderr, res.skipped, res.reasons)
	return nil
}

// streamFunc is intake.Source.Stream.
type streamFunc = func(ctx context.Context, r io.Reader, contentType string, emit func(source.Batch) error) error

// imported is what came of an import.
type imported struct {
	added   store.Added
	skipped int
	reasons []string // the first maxSkippedShown
	old     int      // answers past retention
	compact bool     // the import left much of the file free
}

// An import that leaves a tenth or more of a file of at least
// compactMinSize free compacts the store: its undo records, dropped at the
// commit, leave their pages free (a 1,000,000-row import: 97 MB of 424),
// and every later commit writes that freelist again (once, with the id
// index rewritten in every transaction, 140 MB of 530 free: POST → screen
// p99 47 ms, against 4.6 compacted).
var compactMinSize int64 = 32 << 20 // a variable for the tests

// compactAfterImport compacts the store at path, saying so on w; a failure
// (no room for the copy) is a note: the answers are stored.
func compactAfterImport(path string, w io.Writer) {
	// The import's garbage goes back before the copy's comes.
	debug.FreeOSMemory()
	before, after, err := store.Compact(path)
	if err != nil {
		fmt.Fprintf(w, "note: the import left much of the store free, and compacting it failed: %v; \"cxtv-feed compact\" tries again\n", err)
		return
	}
	fmt.Fprintf(w, "compacted the store %s: %s → %s\n", path, size(before), size(after))
}

// importGCPercent is GOGC during an offline import.
const importGCPercent = 50

// importTx is how many answers an import stores per transaction: fewer,
// larger transactions fsync less; 50,000 answers hold about 15 MB.
const importTx = 50_000

// maxSkippedShown bounds the skipped responses import lists.
const maxSkippedShown = 10

// importInto stores what stream decodes from r in st, a batch per
// transaction, and keeps it only if all of it is good. Its errors end in
// what became of the store.
func importInto(ctx context.Context, st *store.Store, stream streamFunc, r io.Reader, contentType string, retentionDays int) (imported, error) {
	im, err := st.BeginImport()
	if err != nil {
		return imported{}, fmt.Errorf("%w; nothing was imported", err)
	}
	var res imported
	var limit time.Time
	if retentionDays > 0 {
		limit = time.Now().AddDate(0, 0, -retentionDays)
	}
	old := map[string]bool{} // ids, as a repeated row is stored once
	var pending []feed.Feedback
	flush := func() error {
		if _, err := im.Add(pending); err != nil {
			return err
		}
		pending = pending[:0]
		return nil
	}
	err = stream(ctx, r, contentType, func(b source.Batch) error {
		res.skipped += len(b.Skipped)
		for _, sk := range b.Skipped[:min(len(b.Skipped), maxSkippedShown-len(res.reasons))] {
			res.reasons = append(res.reasons, sk.String())
		}
		for _, f := range b.Items {
			if f.CreatedAt.Before(limit) {
				old[f.ID] = true
			}
		}
		pending = append(pending, b.Items...)
		if len(pending) < importTx {
			return nil
		}
		return flush()
	})
	if err == nil && len(pending) > 0 {
		err = flush()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		if err = im.Commit(); err == nil {
			res.added, res.old = im.Added(), len(old)
			if free, size, err := st.FreePages(); err == nil && size >= compactMinSize && 10*free >= size {
				res.compact = true
			}
			return res, nil
		}
	}
	if rbErr := im.Rollback(); rbErr != nil {
		return imported{}, fmt.Errorf("%w; what was stored of it is taken out when the store is next opened (%v)", err, rbErr)
	}
	return imported{}, fmt.Errorf("%w; nothing was imported", err)
}

// printSkipped lists the first responses an import left out.
func printSkipped(w io.Writer, n int, reasons []string) {
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "skipped %s:\n", plural(n, "response"))
	for _, r := range reasons {
		fmt.Fprintf(w, "  %s\n", r)
	}
	if n > len(reasons) {
		fmt.Fprintf(w, "  … and %s more\n", thousands(n-len(reasons)))
	}
}

// importContentType is the type the import route is told a file has.
func importContentType(name string) string {
	if strings.EqualFold(filepath.Ext(name), ".json") {
		return "application/json"
	}
	return "text/csv"
}

// countingReader reports the bytes read so far to report, if set.
type countingReader struct {
	r      io.Reader
	n      int64
	report func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.report != nil {
		c.report(c.n)
	}
	return n, err
}

// parseImportArgs parses flags before and after the file name, so that
// both "import --config F --source S x.csv" and "import x.csv --config F
// --source S" work, and returns the one file named.
func parseImportArgs(fs *flag.FlagSet, args []string) (string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
	if len(files) != 1 {
		return "", fmt.Errorf("import: want one CSV file (or - for standard input), got %d", len(files))
	}
	return files[0], nil
}

// importSource returns the index of the source called name, or an error
// listing the sources there are.
func importSource(cfg *config.Feed, name string) (int, error) {
	names := make([]string, len(cfg.Sources))
	for i := range cfg.Sources {
		if cfg.Sources[i].Name == name {
			return i, nil
		}
		names[i] = strconv.Quote(cfg.Sources[i].Name)
	}
	if name == "" {
		return 0, fmt.Errorf("--source is required (one of %s)", strings.Join(names, ", "))
	}
	return 0, fmt.Errorf("unknown source %q; the config has %s", name, strings.Join(names, ", "))
}

// openImportFile opens the file to import, or stdin for "-", and returns its
// name for messages and its size (-1 if unknown).
func openImportFile(file string, stdin io.Reader) (io.ReadCloser, string, int64, error) {
	if file == "-" {
		return io.NopCloser(stdin), "standard input", -1, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, "", 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", 0, err
	}
	if st.IsDir() {
		f.Close()
		return nil, "", 0, fmt.Errorf("%s is a folder, not a CSV file", file)
	}
	return f, file, st.Size(), nil
}

// openImportStore opens the bbolt file, explaining the lock a running server
// holds on it; created says the file is new.
func openImportStore(path string) (st *store.Store, created bool, err error) {
	_, statErr := os.Stat(path)
	st, err = store.Open(path)
	if errors.Is(err, bolterrors.ErrTimeout) {
		// bbolt waits store.Open's timeout for the file lock, which a
		// running server holds for as long as it runs.
		return nil, false, fmt.Errorf("the store %s is in use, most likely by a running \"cxtv-feed serve\" (%w waiting for its lock)", path, bolterrors.ErrTimeout)
	}
	if err != nil {
		return nil, false, err
	}
	return st, errors.Is(statErr, os.ErrNotExist), nil
}

// newProgress returns the callback the import reports bytes read to, and a
// function that removes the bar; both do nothing unless show is set.
func newProgress(w io.Writer, show bool, name string, size int64) (func(int64), func()) {
	if !show || size <= 0 {
		return nil, func() {}
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("importing "+name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return func(n int64) { bar.Set64(n) }, func() { bar.Finish() }
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ctxReader stops reading when ctx ends, so that Ctrl-C interrupts a large
// import, which then takes out what it stored.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// plural writes n with thousands separators and the noun in singular or
// plural ("1 answer", "98,234 answers"); the plural defaults to noun+"s".
func plural(n int, noun string, nouns ...string) string {
	switch {
	case n == 1:
	case len(nouns) > 0:
		noun = nouns[0]
	default:
		noun += "s"
	}
	return thousands(n) + " " + noun
}

// addedNote says, in brackets, how many of an import's answers were not
// new: updated or already stored.
func addedNote(a store.Added) string {
	var parts []string
	if a.Updated > 0 {
		parts = append(parts, thousands(a.Updated)+" updated")
	}
	if a.Duplicates > 0 {
		parts = append(parts, plural(a.Duplicates, "duplicate"))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// thousands writes n with a comma every three digits, as the rest of the
// command's English output does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
