package main

import (
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
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/store"
)

// progressMinSize is the smallest file that gets a progress bar: smaller
// ones are read before a bar would be worth drawing.
const progressMinSize = 1 << 20

// runImport stores a survey export (CSV) under one source: the whole file
// is read and checked first and then stored in one transaction, so that a
// bad row or a failure stores nothing.
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
	cfg, err := config.LoadFeed(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	src, err := importSource(cfg, *sourceName)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}

	in, name, size, err := openImportFile(file, stdin)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer in.Close()
	progress, done := newProgress(stderr, isTerminal(stderr) && size > progressMinSize, name, size)
	now := time.Now()
	items, err := ingest.DecodeCSV(ctxReader{ctx, in}, csvOptions(src, now), progress)
	done()
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}

	st, err := openImportStore(cfg.Data, stderr)
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}
	busy := isTerminal(stderr) && len(items) > 10000
	if busy {
		fmt.Fprintf(stderr, "storing %s…", plural(len(items), "answer"))
	}
	added, err := st.AddFeedback(items)
	if busy {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if closeErr := st.Close(); err == nil && closeErr != nil {
		// AddFeedback has committed: the answers are stored.
		fmt.Fprintf(stderr, "cxtv-feed: close store %s: %v\n", cfg.Data, closeErr)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w; nothing was imported", name, err)
	}
	fmt.Fprintf(stdout, "imported %s from %s into source %q%s\n",
		plural(added.New, "answer"), name, src.Name, addedNote(added))
	if old := pastRetention(items, cfg.RetentionDays, now); old > 0 {
		fmt.Fprintf(stderr, "note: %s older than retention_days (%d); the server deletes them within the hour\n",
			plural(old, "answer is", "answers are"), cfg.RetentionDays)
	}
	return nil
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

// importSource returns the source called name, or an error listing the
// sources there are.
func importSource(cfg *config.Feed, name string) (*config.SourceConfig, error) {
	names := make([]string, len(cfg.Sources))
	for i := range cfg.Sources {
		if cfg.Sources[i].Name == name {
			return &cfg.Sources[i], nil
		}
		names[i] = strconv.Quote(cfg.Sources[i].Name)
	}
	if name == "" {
		return nil, fmt.Errorf("--source is required (one of %s)", strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("unknown source %q; the config has %s", name, strings.Join(names, ", "))
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
		return nil, fmt.Errorf("the store %s is in use, most likely by a running \"cxtv-feed serve\" (%w waiting for its lock): "+
			"stop the server and import again, or post the answers to the running server (POST /api/v1/feedback)", path, bolterrors.ErrTimeout)
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
