// Package googleforms turns the responses sheet of a Google Form, downloaded
// as CSV (Responses → Download responses, or File → Download → CSV of the
// linked sheet), into stored feedback: an NPS answer and/or a star rating
// per row, with its comment and touchpoint.
//
// The sheet's first row holds the question texts, which Options.Columns
// names; its first column, "Timestamp" (or "Zeitstempel" in a German
// sheet), is when the response was submitted, as wall-clock time of the
// sheet's time zone: M/D/YYYY H:MM:SS in an en-US sheet, DD.MM.YYYY
// HH:MM:SS in a de-DE one. The "Email Address" column that a form
// collecting e-mails adds ("E-Mail-Adresse") is never read. The sheet has
// no response ids, so each response's id is derived from its row (see
// Decode).
package googleforms

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "google-forms"

// Columns names, by their header (the question text, compared after
// trimming spaces), the columns to read. Score or Stars must be named.
type Columns struct {
	Score      string
	Stars      string
	Comment    string
	Touchpoint string
}

// Options says how to read one source's sheet.
type Options struct {
	Source  string // the source the answers are stored under; empty: DefaultSource
	Columns Columns
	// TimeZone is the time zone of the sheet (File → Settings), in which
	// its timestamps are written. Required: they carry no zone.
	TimeZone *time.Location
}

// RowError is the first bad cell or row of a sheet. Row counts as the sheet
// does: the header is row 1, a cell with line breaks is one row.
type RowError struct {
	Row    int
	Column string // the header of the bad cell; "" for the whole row
	Reason string
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Reason)
	}
	return fmt.Sprintf("row %d, column %q: %s", e.Row, e.Column, e.Reason)
}

// ErrUTF16 is returned for a file in UTF-16, which a spreadsheet program
// may write as "Unicode text"; encoding/csv would read it as garbage.
var ErrUTF16 = errors.New(`the file is UTF-16 ("Unicode text"); download the responses sheet as CSV`)

// timestampHeaders and emailHeaders are the headers Google Forms gives its
// own columns, in English and German sheets, lower-cased.
var (
	timestampHeaders = []string{"timestamp", "zeitstempel"}
	emailHeaders     = []string{"email address", "e-mail-adresse"}
)

// Decode reads a whole sheet. A row without a score is left out and listed
// in Skipped; an empty cell is a skipped question, never an error; a row
// with no cell filled is no response. A cell that cannot be read (a
// timestamp in no known layout, a score that is no number) fails the whole
// file with a *RowError, so that nothing of a file is stored unless all of
// it is good.
//
// Each response's id is "gf-" and a hash of its timestamp and of every
// filled cell with its header, except the e-mail address: importing the
// same sheet again gives the same ids, a question added to the form later
// leaves them as they were, and a repeat respondent's new answer is a new
// response. Two rows alike in every cell get -2, -3… in the order of the
// sheet.
func Decode(r io.Reader, o Options) (source.Batch, error) {
	return source.Collect(func(emit func(source.Batch) error) error { return Stream(r, o, emit) })
}

// chunk is feed.ImportChunk; tests make it smaller.
var chunk = feed.ImportChunk

// Stream reads a sheet as Decode does, but hands it to emit in batches of
// at most feed.ImportChunk answers, each with the responses skipped since
// the batch before, and keeps none of them. A bad cell ends the decoding
// with its *RowError after the batches before it were emitted, so a caller
// that stores batches must undo them. An error from emit ends the decoding
// and is returned as is.
func Stream(r io.Reader, o Options, emit func(source.Batch) error) error {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	if o.TimeZone == nil {
		return errors.New("google forms: no time zone configured (time_zone): the sheet's timestamps carry none")
	}
	cr, err := source.NewCSVReader(r)
	switch {
	case errors.Is(err, source.ErrUTF16):
		return ErrUTF16
	case err != nil:
		return fmt.Errorf("read google forms sheet: %w", err)
	}
	d := decoder{o: o, cr: cr, seen: map[[16]byte]int{}}
	if err := d.readHeader(); err != nil {
		return err
	}
	var b source.Batch // read, not yet emitted
	for {
		rec, err := d.readRow()
		if err == io.EOF {
			return b.Spill(chunk, true, emit)
		}
		if err != nil {
			return err
		}
		if err := d.response(&b, rec); err != nil {
			return err
		}
		if err := b.Spill(chunk, false, emit); err != nil {
			return err
		}
	}
}

// decoder holds what is fixed for one file once its header is read.
type decoder struct {
	o      Options
	cr     *csv.Reader
	row    int
	header []string // trimmed
	email  []bool   // per column: an e-mail column, never read
	c      struct{ score, stars, comment, touchpoint int }
	// seen counts each id's hash so far: the one thing Stream keeps per
	// row. A [16]byte key about halves what the id string took (99 MB to
	// 53 MB for a million rows).
	seen map[[16]byte]int
}

// readRow reads the next record and checks that it has no more cells
// than the header.
func (d *decoder) readRow() ([]string, error) {
	rec, err := d.cr.Read()
	if err == io.EOF {
		return nil, err
	}
	d.row++
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &RowError{Row: d.row, Reason: fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)}
		}
		return nil, fmt.Errorf("read google forms sheet: row %d: %w", d.row, err)
	}
	if d.header != nil && len(rec) > len(d.header) {
		return nil, &RowError{Row: d.row, Reason: fmt.Sprintf("has %d cells, the header %d", len(rec), len(d.header))}
	}
	return rec, nil
}

func (d *decoder) readHeader() error {
	rec, err := d.readRow()
	if err == io.EOF {
		return errors.New("the file is empty; want the responses sheet of a Google Form, its first column Timestamp")
	}
	if err != nil {
		return err
	}
	header := make([]string, len(rec))
	d.email = make([]bool, len(rec))
	for i, h := range rec {
		header[i] = strings.TrimSpace(h)
		d.email[i] = slices.Contains(emailHeaders, strings.ToLower(header[i]))
	}
	if !slices.Contains(timestampHeaders, strings.ToLower(header[0])) {
		return &RowError{Row: 1, Column: header[0], Reason: `the first column is not "Timestamp" (or "Zeitstempel"); want the responses sheet of a Google Form`}
	}
	var errs []error
	for _, f := range []struct {
		field, want string
		col         *int
	}{
		{"score", d.o.Columns.Score, &d.c.score},
		{"stars", d.o.Columns.Stars, &d.c.stars},
		{"comment", d.o.Columns.Comment, &d.c.comment},
		{"touchpoint", d.o.Columns.Touchpoint, &d.c.touchpoint},
	} {
		*f.col = -1
		want := strings.TrimSpace(f.want)
		if want == "" {
			continue
		}
		i := slices.Index(header, want)
		switch {
		case slices.Contains(emailHeaders, strings.ToLower(want)):
			errs = append(errs, fmt.Errorf("columns.%s: %q identifies a person and is never read", f.field, want))
		case i == 0:
			errs = append(errs, fmt.Errorf("columns.%s: %q is the timestamp column", f.field, want))
		case i < 0:
			errs = append(errs, fmt.Errorf("columns.%s: no column is headed %q (the sheet's questions: %s)", f.field, want, d.questions(header)))
		case slices.Index(header[i+1:], want) >= 0:
			errs = append(errs, fmt.Errorf("columns.%s: more than one column is headed %q", f.field, want))
		default:
			*f.col = i
		}
	}
	if len(errs) == 0 && d.c.score < 0 && d.c.stars < 0 {
		errs = append(errs, fmt.Errorf("no score column named: set columns.score or columns.stars to a question of the sheet (%s)", d.questions(header)))
	}
	if len(errs) > 0 {
		return fmt.Errorf("google forms sheet: %w", errors.Join(errs...))
	}
	d.header = header
	return nil
}

// questions lists the question headers, for an error message.
func (d *decoder) questions(header []string) string {
	var q []string
	for i, h := range header[1:] {
		if !d.email[i+1] {
			q = append(q, fmt.Sprintf("%q", h))
		}
	}
	return source.ShortList(q)
}

// cell returns the trimmed cell of column col, "" where the row is short.
func cell(rec []string, col int) string {
	if col < 0 || col >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[col])
}

func (d *decoder) response(b *source.Batch, rec []string) error {
	filled := false
	for i := range rec {
		if !d.email[i] && cell(rec, i) != "" {
			filled = true
			break
		}
	}
	if !filled {
		return nil // a blank row the sheet left, not a response
	}
	ts := cell(rec, 0)
	if ts == "" {
		b.Skip(fmt.Sprintf("row %d", d.row), "no timestamp")
		return nil
	}
	wall, ok := parseTimestamp(ts)
	if !ok {
		return &RowError{Row: d.row, Column: d.header[0], Reason: fmt.Sprintf("%q is no timestamp such as 3/29/2026 13:30:00 or 29.03.2026 13:30:00", source.Short(ts))}
	}
	resp := source.Response{ID: d.id(wall, rec), CreatedAt: source.InZone(wall, d.o.TimeZone)}
	var err error
	if resp.NPS, err = d.score(rec, d.c.score, "NPS answer"); err != nil {
		return err
	}
	if resp.Stars, err = d.score(rec, d.c.stars, "star rating"); err != nil {
		return err
	}
	resp.Comment = source.Clip(cell(rec, d.c.comment))
	resp.Touchpoint = cell(rec, d.c.touchpoint)
	b.Add(d.o.Source, resp)
	return nil
}
