package googleforms

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// id derives a response's id from its row: a hash of the timestamp (as
// wall-clock time, so that an en-US and a de-DE download of one sheet
// agree) and of each filled cell with its header, sorted by header (so
// that moved columns do not matter), leaving out the e-mail address.
func (d *decoder) id(wall time.Time, rec []string) string {
	type pair struct{ header, value string }
	var cells []pair
	for i := 1; i < len(rec); i++ {
		if v := cell(rec, i); v != "" && !d.email[i] {
			cells = append(cells, pair{d.header[i], v})
		}
	}
	slices.SortFunc(cells, func(a, b pair) int {
		if c := strings.Compare(a.header, b.header); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	h := sha256.New()
	h.Write([]byte(wall.Format("2006-01-02T15:04:05")))
	for _, c := range cells {
		// Lengths first, so that no header or answer can pass for another.
		fmt.Fprintf(h, "\x00%d:%s%d:%s", len(c.header), c.header, len(c.value), c.value)
	}
	id := "gf-" + hex.EncodeToString(h.Sum(nil)[:16])
	d.seen[id]++
	if n := d.seen[id]; n > 1 {
		id += "-" + strconv.Itoa(n)
	}
	return id
}

// score reads a score cell: nil for a skipped question or a column not
// read.
func (d *decoder) score(rec []string, col int, what string) (*int, error) {
	if col < 0 {
		return nil, nil
	}
	v := cell(rec, col)
	if v == "" {
		return nil, nil
	}
	n, ok := leadingNumber(v)
	if !ok {
		return nil, &RowError{Row: d.row, Column: d.header[col], Reason: fmt.Sprintf(`%s %q does not start with a number (such as "9" or "10 - Extremely likely")`, what, source.Short(v))}
	}
	return &n, nil
}

// leadingNumber reads the number a cell starts with: a linear scale's
// "7", a choice "10 - Extremely likely" or "5 Sterne", "4.5" (rounded half
// up, as stored scores are whole).
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
	if end < len(s) && s[end] >= '0' && s[end] <= '9' {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.Replace(s[:end], ",", ".", 1), 64)
	if err != nil {
		return 0, false
	}
	return int(math.Floor(f + 0.5)), true
}

// timestampLayouts are how a responses sheet writes its timestamps: en-US
// (M/D/YYYY, 24 hours, the hour without a leading zero), de-DE
// (DD.MM.YYYY), and the ISO form of other locales.
var timestampLayouts = []string{
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
	"1/2/2006 3:04:05 PM",
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2006-01-02 15:04:05",
}

// parseTimestamp reads a timestamp cell as wall-clock time (in UTC, to be
// placed in the sheet's zone by inZone).
func parseTimestamp(v string) (time.Time, bool) {
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// inZone reads the wall clock w (its fields, whatever its location) as a
// time in loc, the same way on every machine. Where the clock skips an
// hour (spring forward), a time in the gap is read with the offset before
// the change, so that it lands as far after the gap as it was into it
// (02:30 → 03:30 CEST). Where the clock repeats an hour (autumn), the
// earlier of the two instants is taken (02:30 CEST, not 02:30 CET): a sheet
// writes both alike, so the first is as good a guess as any, and always
// the same one.
func inZone(w time.Time, loc *time.Location) time.Time {
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
