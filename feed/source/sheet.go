package source

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrUTF16 is returned by NewCSVReader for a file in UTF-16, which
// encoding/csv would read as garbage.
var ErrUTF16 = errors.New("the file is UTF-16")

// NewCSVReader returns a reader of the CSV file that r holds, as a survey
// tool or a spreadsheet program writes it: a UTF-8 byte order mark is
// skipped, a file that starts with a UTF-16 one is ErrUTF16. The reader
// reuses its record and leaves the number of cells per row to the caller,
// which can name the row that is wrong.
func NewCSVReader(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return nil, ErrUTF16
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	return cr, nil
}

// ParseScore reads a score cell, whose question what names in the error:
// nil for an empty cell, a skipped question. The cell must start with a
// number of up to three digits: a numeric export's "7", a choice text's
// "10 - Extremely likely" or "5 Sterne", a slider's "4.5" or "4,5"
// (rounded half up, as stored scores are whole).
func ParseScore(cell, what string) (*int, error) {
	v := strings.TrimSpace(cell)
	if v == "" {
		return nil, nil
	}
	n, ok := leadingNumber(v)
	if !ok {
		return nil, fmt.Errorf(`%s %q does not start with a number (such as "9" or "10 - Extremely likely")`, what, Short(v))
	}
	return &n, nil
}

func leadingNumber(s string) (int, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 {
		return 0, false
	}
	end := i
	if i+1 < len(s) && (s[i] == '.' || s[i] == ',') && s[i+1] >= '0' && s[i+1] <= '9' {
		end = i + 1
		for end < len(s) && s[end] >= '0' && s[end] <= '9' {
			end++
		}
	}
	f, err := strconv.ParseFloat(strings.Replace(s[:end], ",", ".", 1), 64)
	if err != nil {
		return 0, false
	}
	return int(math.Floor(f + 0.5)), true
}

// InZone reads the wall clock w (its fields, whatever its location) as a
// time in loc, the same way on every machine. Where the clock skips an
// hour (spring forward), a time in the gap is read with the offset before
// the change, so that it lands as far after the gap as it was into it
// (02:30 → 03:30 CEST). Where the clock repeats an hour (autumn), the
// earlier of the two instants is taken (02:30 CEST, not 02:30 CET): a file
// writes both alike, so the first is as good a guess as any, and always
// the same one.
func InZone(w time.Time, loc *time.Location) time.Time {
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	wall := time.Date(y, mo, d, h, mi, s, w.Nanosecond(), time.UTC)
	_, before := wall.Add(-24 * time.Hour).In(loc).Zone()
	_, after := wall.Add(24 * time.Hour).In(loc).Zone()
	var valid []time.Time
	for _, off := range []int{before, after} {
		t := wall.Add(-time.Duration(off) * time.Second).In(loc)
		ty, tmo, td := t.Date()
		th, tmi, ts := t.Clock()
		if ty == y && tmo == mo && td == d && th == h && tmi == mi && ts == s {
			valid = append(valid, t)
		}
	}
	switch {
	case len(valid) == 0: // in the gap
		return wall.Add(-time.Duration(before) * time.Second).In(loc)
	case len(valid) == 2 && valid[1].Before(valid[0]):
		return valid[1]
	}
	return valid[0]
}
