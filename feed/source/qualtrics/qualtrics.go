// Package qualtrics turns a Qualtrics survey response export (the CSV file
// of Data & Analysis → Export Data, with its three header rows) into stored
// feedback: one NPS answer and/or star rating per finished response, with
// its comment and touchpoint. Columns are found by the ImportId of the third
// header row, which stays the same when a question is renamed or moved.
// Personal columns of the export (IPAddress, RecipientEmail,
// RecipientFirstName/LastName, ExternalReference, LocationLatitude/
// Longitude) are never read.
//
// The format follows Qualtrics' "Understanding Your Dataset" support page:
// row 1 holds the export tags (Q1, Q1_NPS_GROUP), row 2 the question texts,
// row 3 JSON such as {"ImportId":"QID1"} or
// {"ImportId":"recordedDate","timeZone":"America/Denver"}; both "Use choice
// text" and "Use numeric values" exports are read.
package qualtrics

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "qualtrics"

// Columns names, by ImportId (row 3 of the export, e.g. "QID1",
// "QID3_TEXT", or an embedded data field's name), the columns to read. An
// empty Score is the NPS question, found by its QIDn_NPS_GROUP companion
// column; an empty Comment is the one text-entry column (QIDn_TEXT); Stars
// and Touchpoint are read only when named.
type Columns struct {
	Score      string
	Stars      string
	Comment    string
	Touchpoint string
}

// Options says how to read one source's export.
type Options struct {
	Source  string // the source the answers are stored under; empty: DefaultSource
	Columns Columns
	// TimeZone reads the dates of an export whose ImportId row names no
	// time zone (older exports, or files saved again by Excel). Nil: such
	// an export is an error, since guessing would shift every answer.
	TimeZone *time.Location
}

// RowError is the first bad cell or row of an export. Row counts records as
// a spreadsheet shows them: the three header rows are 1–3, a cell with line
// breaks is one row.
type RowError struct {
	Row      int
	Column   string // the export tag of row 1, e.g. "Q1"; "" for the whole row
	ImportID string // the column's ImportId, e.g. "QID1"
	Reason   string
}

func (e *RowError) Error() string {
	switch {
	case e.Column == "" && e.ImportID == "":
		return fmt.Sprintf("row %d: %s", e.Row, e.Reason)
	case e.ImportID == "" || e.ImportID == e.Column:
		return fmt.Sprintf("row %d, column %q: %s", e.Row, e.Column, e.Reason)
	}
	return fmt.Sprintf("row %d, column %q (ImportId %s): %s", e.Row, e.Column, e.ImportID, e.Reason)
}

// ErrUTF16 is returned for a file in UTF-16: Qualtrics writes its TSV
// export that way, and encoding/csv would read it as garbage.
var ErrUTF16 = errors.New("the file is UTF-16 (a Qualtrics TSV export?); export the responses as CSV")

// Decode reads a whole export. A response that is unfinished, a preview or
// test, spam, or has neither score is left out and listed in Skipped with
// the reason; an empty cell is a skipped question, never an error. A cell
// that cannot be read (a score that is no number, a date in no known
// layout) fails the whole file with a *RowError, so that nothing of a file
// is stored unless all of it is good. The file is read row by row.
func Decode(r io.Reader, o Options) (source.Batch, error) {
	return source.Collect(func(emit func(source.Batch) error) error { return Stream(r, o, emit) })
}

// chunk is feed.ImportChunk; tests make it smaller.
var chunk = feed.ImportChunk

// Stream reads an export as Decode does, but hands it to emit in batches of
// at most feed.ImportChunk answers, each with the responses skipped since
// the batch before, and keeps none of them. A bad cell ends the decoding
// with its *RowError after the batches before it were emitted, so a caller
// that stores batches must undo them. An error from emit ends the decoding
// and is returned as is.
func Stream(r io.Reader, o Options, emit func(source.Batch) error) error {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	cr, err := source.NewCSVReader(r) // skips the BOM that Qualtrics writes
	switch {
	case errors.Is(err, source.ErrUTF16):
		return ErrUTF16
	case err != nil:
		return fmt.Errorf("read qualtrics export: %w", err)
	}
	d := decoder{o: o, cr: cr}
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
	o     Options
	cr    *csv.Reader
	row   int // number of the record last read, as a spreadsheet counts
	width int
	tags  []string // row 1
	ids   []string // ImportIds of row 3
	c     columns
}

// readRow reads the next record and checks that it has a cell per column.
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
		return nil, fmt.Errorf("read qualtrics export: row %d: %w", d.row, err)
	}
	if d.width != 0 && len(rec) != d.width {
		return nil, &RowError{Row: d.row, Reason: fmt.Sprintf("has %d cells, the header %d", len(rec), d.width)}
	}
	return rec, nil
}

// response turns one response row into an answer or a skipped response.
func (d *decoder) response(b *source.Batch, rec []string) error {
	c := &d.c
	if allEmpty(rec) {
		return nil // a blank line that a spreadsheet left, not a response
	}
	id := strings.TrimSpace(rec[c.id])
	if reason, err := d.leftOut(rec); err != nil {
		return err
	} else if reason != "" {
		b.Skip(d.skipID(id), reason)
		return nil
	}
	if id == "" {
		b.Skip(d.skipID(id), "no ResponseId")
		return nil
	}
	at, err := d.time(rec)
	if err != nil {
		return err
	}
	if at.IsZero() {
		b.Skip(id, "no RecordedDate or EndDate")
		return nil
	}
	resp := source.Response{ID: id, CreatedAt: at}
	if c.score >= 0 {
		if resp.NPS, err = d.score(rec, c.score, "NPS answer"); err != nil {
			return err
		}
	}
	if c.stars >= 0 {
		if resp.Stars, err = d.score(rec, c.stars, "star rating"); err != nil {
			return err
		}
	}
	if c.comment >= 0 {
		resp.Comment = source.Clip(strings.TrimSpace(rec[c.comment]))
	}
	if c.touchpoint >= 0 {
		resp.Touchpoint = strings.TrimSpace(rec[c.touchpoint])
	}
	if c.language >= 0 {
		resp.Language = language(rec[c.language])
	}
	b.Add(d.o.Source, resp)
	return nil
}

// skipID is the id a skipped response is listed under: its ResponseId, or
// its row where it has none.
func (d *decoder) skipID(id string) string {
	if id != "" {
		return id
	}
	return fmt.Sprintf("row %d", d.row)
}

// leftOut says why a response is not stored (unfinished, preview, test,
// spam), or "" to keep it.
func (d *decoder) leftOut(rec []string) (string, error) {
	c := &d.c
	if c.finished >= 0 {
		v := strings.TrimSpace(rec[c.finished])
		if v == "" {
			return "Finished is empty", nil
		}
		finished, ok := parseBool(v)
		if !ok {
			return "", d.cellError(c.finished, fmt.Sprintf("%q is neither True/False nor 1/0", v))
		}
		if !finished {
			return fmt.Sprintf("unfinished response (Finished = %s)", v), nil
		}
	}
	if c.channel >= 0 {
		switch v := strings.TrimSpace(rec[c.channel]); strings.ToLower(v) {
		case "preview", "test":
			return fmt.Sprintf("%s response (DistributionChannel = %s)", strings.ToLower(v), v), nil
		}
	}
	if c.status >= 0 {
		v := strings.TrimSpace(rec[c.status])
		if kind := statusLeftOut(v); kind != "" {
			return fmt.Sprintf("%s response (Status = %s)", kind, v), nil
		}
	}
	return "", nil
}

// statusLeftOut names the kind of response a Status cell marks as not to be
// counted: previews, tests and responses Qualtrics flagged as spam, in
// choice text or as the numeric codes of a numeric export.
func statusLeftOut(v string) string {
	switch strings.ToLower(v) {
	case "survey preview", "1":
		return "preview"
	case "survey test", "2":
		return "test"
	case "spam", "8", "survey preview spam", "imported spam":
		return "spam"
	}
	return ""
}

func (d *decoder) cellError(col int, reason string) error {
	return &RowError{Row: d.row, Column: d.tags[col], ImportID: d.ids[col], Reason: reason}
}

func allEmpty(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func parseBool(v string) (value, ok bool) {
	switch strings.ToLower(v) {
	case "true", "1", "wahr":
		return true, true
	case "false", "0", "falsch":
		return false, true
	}
	return false, false
}
