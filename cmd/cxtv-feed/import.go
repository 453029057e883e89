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
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // csv.time_zone (default Europe/Berlin) on systems without a zoneinfo database

	"github.com/schollz/progressbar/v3"
	bolterrors "go.etcd.io/bbolt/errors"
	"golang.org/x/term"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/store"
)

// progressMinSize is the smallest file that gets a progress bar: smaller
// ones are read before a bar would be worth drawing.
const progressMinSize = 1 << 20

// runImport stores a survey export (CSV, or cxtv JSON) under one source:
// the whole file is read and checked first and then stored in one
// transaction, so that a bad row or a failure stores nothing. While a
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
	if in.Import == nil {
		return fmt.Errorf("import: source %q is of type %s, which has no exports to import: %s", src.Name, src.Type, p.server.Sources[i].Takes())
	}

	f, name, size, err := openImportFile(file, stdin)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	// Standard input is kept, in case it has to go to a running server.
	var kept *bytes.Buffer
	var r io.Reader = f
	if file == "-" {
		kept = &bytes.Buffer{}
		r = io.TeeReader(f, kept)
	}
	progress, done := newProgress(stderr, isTerminal(stderr) && size > progressMinSize, name, size)
	now := time.Now()
	b, err := in.Import(ctx, &countingReader{r: ctxReader{ctx, r}, report: progress}, importContentType(name))
	done()
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}

	added, via, err := storeImport(ctx, p, src.Name, b.Items, stderr, func() (io.Reader, error) {
		if kept != nil {
			return bytes.NewReader(kept.Bytes()), nil
		}
		return os.Open(file)
	}, importContentType(name))
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}
	fmt.Fprintf(stdout, "imported %s from %s into source %q%s%s\n",
		plural(added.New, "answer"), name, src.Name, addedNote(added), via)
	if n := len(b.Skipped); n > 0 {
		fmt.Fprintf(stderr, "skipped %s:\n", plural(n, "response"))
		for _, sk := range b.Skipped[:min(n, maxSkippedShown)] {
			fmt.Fprintf(stderr, "  %s\n", sk)
		}
		if n > maxSkippedShown {
			fmt.Fprintf(stderr, "  … and %s more\n", thousands(n-maxSkippedShown))
		}
	}
	if old := pastRetention(b.Items, cfg.RetentionDays, now); old > 0 {
		fmt.Fprintf(stderr, "note: %s older than retention_days (%d); the server deletes them within the hour\n",
			plural(old, "answer is", "answers are"), cfg.RetentionDays)
	}
	return nil
}

// maxSkippedShown bounds the skipped responses import lists.
const maxSkippedShown = 10

// storeImport stores items in the config's store or, while a server holds
// it, has that server store the file (which open reads again). via says
// which, for the summary line.
func storeImport(ctx context.Context, p *prepared, source string, items []feed.Feedback, stderr io.Writer,
	open func() (io.Reader, error), contentType string) (added store.Added, via string, err error) {
	st, err := openImportStore(p.cfg.Data, stderr)
	if errors.Is(err, bolterrors.ErrTimeout) {
		body, openErr := open()
		if openErr != nil {
			return store.Added{}, "", openErr
		}
		if c, ok := body.(io.Closer); ok {
			defer c.Close()
		}
		added, url, postErr := postImport(ctx, p, source, body, contentType)
		if postErr != nil {
			return store.Added{}, "", fmt.Errorf("%w, and handing the file to it failed: %w", err, postErr)
		}
		return added, " through the server at " + url, nil
	}
	if err != nil {
		return store.Added{}, "", err
	}
	busy := isTerminal(stderr) && len(items) > 10000
	if busy {
		fmt.Fprintf(stderr, "storing %s…", plural(len(items), "answer"))
	}
	added, err = st.ImportFeedback(items)
	if busy {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if closeErr := st.Close(); err == nil && closeErr != nil {
		// AddFeedback has committed: the answers are stored.
		fmt.Fprintf(stderr, "cxtv-feed: close store %s: %v\n", p.cfg.Data, closeErr)
	}
	return added, "", err
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
// holds on it.
func openImportStore(path string, stderr io.Writer) (*store.Store, error) {
	_, statErr := os.Stat(path)
	st, err := store.Open(path)
	if errors.Is(err, bolterrors.ErrTimeout) {
		// bbolt waits store.Open's timeout for the file lock, which a
		// running server holds for as long as it runs.
		return nil, fmt.Errorf("the store %s is in use, most likely by a running \"cxtv-feed serve\" (%w waiting for its lock)", path, bolterrors.ErrTimeout)
	}
	if err != nil {
		return nil, err
	}
	if errors.Is(statErr, os.ErrNotExist) {
		// A new file may mean that the import did not find the server's
		// store: data is relative to the working directory.
		note := ""
		if !filepath.IsAbs(path) {
			note = "; data is relative to the current folder, so the server must run from here to see these answers"
		}
		fmt.Fprintf(stderr, "note: created a new store %s%s\n", path, note)
	}
	return st, nil
}

// newProgress returns the callback DecodeCSV reports bytes read to, and a
// function that removes the bar; both do nothing unless show is set.
func newProgress(w io.Writer, show bool, name string, size int64) (func(int64), func()) {
	if !show || size <= 0 {
		return nil, func() {}
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("reading "+name),
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
// import before anything is stored.
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

// pastRetention counts the answers (ids, as a repeated row is stored once)
// that retention deletes.
func pastRetention(items []feed.Feedback, days int, now time.Time) int {
	if days <= 0 {
		return 0
	}
	limit := now.AddDate(0, 0, -days)
	old := map[string]bool{}
	for _, f := range items {
		if f.CreatedAt.Before(limit) {
			old[f.ID] = true
		}
	}
	return len(old)
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
