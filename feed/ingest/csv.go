package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// CSVOptions says how to read one source's survey export.
type CSVOptions struct {
	Source string     // the source the answers are stored under
	Scale  feed.Scale // the scale of rows without a scale cell; empty: nps
	// Separator is ";", "," or a tab; empty: detected.
	Separator string
	// Decimal is "," or "."; empty: detected per value.
	Decimal string
	// DateFormat is a Go layout; empty: RFC 3339, dd.mm.yyyy [hh:mm] or
	// yyyy-mm-dd [hh:mm].
	DateFormat string
	// TimeZone is where dates without a zone are; empty: DefaultTimeZone.
	TimeZone string
	// Columns maps fields (feed.FeedbackFields) to header names; unmapped
	// fields are looked up by their own name and common German and
	// English headers.
	Columns map[string]string
	// Now dates rows without a date; later dates (beyond ClockSkew) are
	// errors. Zero: time.Now().
	Now time.Time
}

// DefaultTimeZone is where dates without a zone are read when the source's
// csv.time_zone is empty.
const DefaultTimeZone = "Europe/Berlin"

// RowError is the first bad row of a CSV export. Row counts as a
// spreadsheet numbers the file, so that the admin finds the cell: the header
// is row 1, a multi-line cell is one row, and blank lines count.
type RowError struct {
	Row    int
	Column string // the header of the bad cell; "" when the whole row is bad
	Field  string // the feedback field the column is read into, if any
	Reason string
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Reason)
	}
	return fmt.Sprintf("row %d, column %q: %s", e.Row, e.Column, e.Reason)
}

// The fields a column can be read into; the order is that of csvFields.
const (
	colID = iota
	colScore
	colScale
	colComment
	colTouchpoint
	colCreatedAt
	colLanguage
	numCols
)

// csvFields lists, per field, its name (as in feed.FeedbackFields)
// and the headers of common German and English exports that mean it, in
// normalised form (see normHeader).
var csvFields = [numCols]struct {
	name     string
	synonyms []string
}{
	colID:         {"id", []string{"id", "antwortid", "responseid"}},
	colScore:      {"score", []string{"score", "bewertung", "nps", "weiterempfehlung", "rating", "sterne", "stars"}},
	colScale:      {"scale", []string{"scale", "skala"}},
	colComment:    {"comment", []string{"comment", "kommentar", "freitext", "feedback"}},
	colTouchpoint: {"touchpoint", []string{"touchpoint", "kanal", "channel", "kontaktpunkt"}},
	colCreatedAt:  {"created_at", []string{"createdat", "datum", "date", "zeitstempel", "timestamp", "erstellt"}},
	colLanguage:   {"language", []string{"language", "sprache"}},
}

// Dates without a configured date_format may be written in any of these;
// the zone-less ones are in the source's time zone.
var csvDateLayouts = []string{
	time.RFC3339,
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2.1.2006",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// minDate is the earliest date accepted: the store sorts anything older
// as 1970, and such a date in an export is a typo.
var minDate = time.Unix(0, 0)

// csvPeek is how much of the file is looked at to find the separator: the
// header line must fit.
const csvPeek = 64 << 10

// DecodeCSV reads a survey export: a header row, then one answer per row.
// Columns are found by o.Columns, else by the field's own name or a
// common German or English header; other columns (names, e-mail addresses)
// are dropped. The first bad row fails the whole file with a *RowError, so
// that nothing of a file is stored unless all of it is good.
func DecodeCSV(r io.Reader, o CSVOptions) ([]feed.Feedback, error) {
	var out []feed.Feedback
	err := StreamCSV(r, o, func(items []feed.Feedback) error {
		out = append(out, items...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// chunk is feed.ImportChunk; tests make it smaller.
var chunk = feed.ImportChunk

// StreamCSV reads an export as DecodeCSV does, but hands its answers to
// emit in file order, at most feed.ImportChunk at a time, each in a slice
// of its own that emit may keep; it keeps none of them. A bad row ends the
// decoding with its *RowError after the chunks before it were emitted, so
// a caller that stores chunks must undo them. An error from emit ends the
// decoding and is returned as is.
func StreamCSV(r io.Reader, o CSVOptions, emit func([]feed.Feedback) error) error {
	d, err := newCSVDecoder(o)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, csvPeek)
	head, err := br.Peek(csvPeek)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read csv: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		head = head[3:]
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")),
		// Without a byte order mark, UTF-16 shows as a zero byte beside
		// every ASCII character of the header.
		len(head) >= 2 && (head[0] == 0 || head[1] == 0):
		return ErrUTF16
	}
	sep := d.sep
	// Excel writes and reads a first line "sep=;" and does not show it, so
	// the header after it is still row 1.
	if line, ok := sepLine(head); ok {
		br.Discard(len(line))
		if sep == 0 {
			sep = rune(line[len("sep=")])
		}
		head = head[len(line):]
	}
	if sep == 0 {
		sep = detectSeparator(head)
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // checked here, with the row number and a hint
	cr.ReuseRecord = true
	// `1, "Gut, danke"` is a quoted cell after a space, not a bare quote.
	// With tabs it would also swallow empty cells.
	cr.TrimLeadingSpace = sep != '\t'
	return d.decode(cr, emit)
}

// ErrUTF16 is returned for a file in UTF-16, which Excel writes as
// "Unicode text"; encoding/csv would read it as garbage.
var ErrUTF16 = errors.New(`the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" and import that`)

// ErrEmpty is returned for a file without a header row.
var ErrEmpty = errors.New("the file is empty; want a header row, then one answer per row")

// csvDecoder holds what is fixed for one file.
type csvDecoder struct {
	o      CSVOptions
	sep    rune // 0: detect
	loc    *time.Location
	layout int // index into csvDateLayouts of the last layout that matched
	header []string
	col    [numCols]int // record index of each field, or -1
}

func newCSVDecoder(o CSVOptions) (*csvDecoder, error) {
	d := &csvDecoder{o: o}
	if d.o.Scale == "" {
		d.o.Scale = feed.ScaleNPS
	}
	if d.o.Now.IsZero() {
		d.o.Now = time.Now()
	}
	switch s := o.Separator; s {
	case "":
	case ";", ",", "\t":
		d.sep = rune(s[0])
	default:
		return nil, fmt.Errorf("csv separator %q is not ; or , or a tab", s)
	}
	for field := range o.Columns {
		if !slices.Contains(feed.FeedbackFields, field) {
			return nil, fmt.Errorf("csv.columns.%s of source %q: unknown field (want one of %v)", field, o.Source, feed.FeedbackFields)
		}
	}
	switch o.Decimal {
	case "", ",", ".":
	default:
		return nil, fmt.Errorf("csv decimal %q is not , or .", o.Decimal)
	}
	tz := o.TimeZone
	if tz == "" {
		tz = DefaultTimeZone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("csv time zone: %w", err)
	}
	d.loc = loc
	return d, nil
}

func (d *csvDecoder) decode(cr *csv.Reader, emit func([]feed.Feedback) error) error {
	var (
		items    []feed.Feedback // read, not yet emitted
		row      int             // spreadsheet row of the current record
		lastLine int             // line on which the previous record ended
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &RowError{Row: row + pe.StartLine - lastLine, Reason: quoteReason(pe.Err)}
			}
			return fmt.Errorf("read csv: %w", err)
		}
		// encoding/csv skips blank lines and counts physical lines; a
		// spreadsheet shows blank lines as rows and a multi-line cell as
		// one row.
		start, _ := cr.FieldPos(0)
		end, _ := cr.FieldPos(len(rec) - 1)
		row += start - lastLine
		lastLine = end + strings.Count(rec[len(rec)-1], "\n")

		// Every cell, not only the ones read: a name in Latin-1 means the
		// whole file is, and its comments would be garbled too.
		for i, s := range rec {
			if !utf8.ValidString(s) {
				const reason = `not valid UTF-8; the file is probably in Windows-1252 (Excel's "CSV (comma delimited)"); save it as "CSV UTF-8" and import that`
				if d.header != nil && i < len(d.header) {
					return &RowError{Row: row, Column: d.header[i], Reason: "is " + reason}
				}
				return &RowError{Row: row, Reason: fmt.Sprintf("cell %d is %s", i+1, reason)}
			}
		}
		if blank(rec) {
			continue
		}
		if d.header == nil {
			if err := d.readHeader(rec, row, cr.Comma); err != nil {
				return err
			}
			continue
		}
		if len(rec) != len(d.header) {
			return &RowError{Row: row, Reason: fmt.Sprintf(
				"has %d cells, the header has %d (a %s inside a cell that is not in quotes?)",
				len(rec), len(d.header), sepName(cr.Comma))}
		}
		f, err := d.feedback(rec, row)
		if err != nil {
			return err
		}
		items = append(items, f)
		if len(items) == chunk {
			if err := emit(items); err != nil {
				return err
			}
			// A file that filled one chunk will likely fill the next.
			items = make([]feed.Feedback, 0, chunk)
		}
	}
	if d.header == nil {
		return ErrEmpty
	}
	if len(items) > 0 {
		return emit(items)
	}
	return nil
}

// feedback turns one data row into a validated answer.
func (d *csvDecoder) feedback(rec []string, row int) (feed.Feedback, error) {
	cell := func(c int) string {
		if d.col[c] < 0 {
			return ""
		}
		return strings.TrimSpace(rec[d.col[c]])
	}
	bad := func(c int, format string, args ...any) *RowError {
		e := &RowError{Row: row, Field: csvFields[c].name, Reason: fmt.Sprintf(format, args...)}
		if d.col[c] >= 0 {
			e.Column = d.header[d.col[c]]
		} else {
			e.Reason = csvFields[c].name + ": " + e.Reason
		}
		return e
	}
	f := feed.Feedback{
		ID:         cell(colID),
		Source:     d.o.Source,
		Scale:      d.o.Scale,
		Comment:    cell(colComment),
		Touchpoint: cell(colTouchpoint),
		Language:   strings.ToLower(cell(colLanguage)),
		CreatedAt:  d.o.Now.UTC(),
	}
	if s := cell(colScale); s != "" {
		switch strings.ToLower(s) {
		case "nps":
			f.Scale = feed.ScaleNPS
		case "stars", "sterne":
			f.Scale = feed.ScaleStars
		default:
			return f, bad(colScale, "%q is not a scale (want nps or stars)", s)
		}
	}
	s := cell(colScore)
	if s == "" {
		return f, bad(colScore, "is empty; every answer needs a score")
	}
	score, reason := parseScore(s, d.o.Decimal)
	if reason != "" {
		return f, bad(colScore, "%s", reason)
	}
	f.Score = score
	if s := cell(colCreatedAt); s != "" {
		t, reason := d.parseDate(s)
		if reason != "" {
			return f, bad(colCreatedAt, "%s", reason)
		}
		f.CreatedAt = t.UTC()
	}
	if err := f.Validate(); err != nil {
		var fe *feed.FieldError
		if !errors.As(err, &fe) {
			return f, &RowError{Row: row, Reason: err.Error()}
		}
		for c := range csvFields {
			if csvFields[c].name == fe.Field {
				return f, bad(c, "%s", fe.Reason)
			}
		}
		return f, &RowError{Row: row, Field: fe.Field, Reason: fe.Field + ": " + fe.Reason}
	}
	return f, nil
}

// parseScore reads a whole number written with an optional decimal part of
// zeros ("9", "9,0", "4.00"). decimal is the separator allowed; "" allows
// both. On failure it says why.
func parseScore(s, decimal string) (int, string) {
	seps := decimal
	if seps == "" {
		seps = ",."
	}
	whole, frac, hasFrac := s, "", false
	if i := strings.IndexAny(s, seps); i >= 0 {
		whole, frac, hasFrac = s[:i], s[i+1:], true
	}
	n, err := strconv.Atoi(whole)
	if err != nil || (hasFrac && (frac == "" || strings.TrimLeft(frac, "0123456789") != "")) {
		if decimal != "" && strings.ContainsAny(s, ",.") {
			return 0, fmt.Sprintf("%q is not a score (csv.decimal is %q)", s, decimal)
		}
		return 0, fmt.Sprintf("%q is not a score", s)
	}
	if strings.TrimRight(frac, "0") != "" {
		return 0, fmt.Sprintf("%q is not a whole number", s)
	}
	return n, ""
}

// parseDate reads s in the configured layout, or else in any of
// csvDateLayouts, trying the one that matched last first.
func (d *csvDecoder) parseDate(s string) (time.Time, string) {
	var t time.Time
	if layout := d.o.DateFormat; layout != "" {
		var err error
		if t, err = time.ParseInLocation(layout, s, d.loc); err != nil {
			return t, fmt.Sprintf("%q does not match csv.date_format %q", s, layout)
		}
	} else {
		ok := false
		for i := range csvDateLayouts {
			j := (d.layout + i) % len(csvDateLayouts)
			var err error
			if t, err = time.ParseInLocation(csvDateLayouts[j], s, d.loc); err == nil {
				d.layout, ok = j, true
				break
			}
		}
		if !ok {
			return t, fmt.Sprintf("%q is not a date (want e.g. 24.11.2026 14:05, 2026-11-24 14:05 or 2026-11-24T14:05:00+01:00)", s)
		}
	}
	switch {
	case t.After(d.o.Now.Add(ClockSkew)):
		return t, fmt.Sprintf("%q is in the future", s)
	case t.Before(minDate):
		return t, fmt.Sprintf("%q is before 1970", s)
	}
	return t, ""
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// quoteReason explains encoding/csv's quoting errors to someone who edits
// the file in a spreadsheet or text editor.
func quoteReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a " inside a cell that does not start with "; put the cell in quotes and double the " inside it ("")`
	case errors.Is(err, csv.ErrQuote):
		return `a cell in quotes is not closed, or has text after its closing "`
	}
	return err.Error()
}
