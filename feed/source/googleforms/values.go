package googleforms

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	var sum [16]byte
	copy(sum[:], h.Sum(nil))
	id := "gf-" + hex.EncodeToString(sum[:])
	d.seen[sum]++
	if n := d.seen[sum]; n > 1 {
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
	n, err := source.ParseScore(cell(rec, col), what)
	if err != nil {
		return nil, &RowError{Row: d.row, Column: d.header[col], Reason: err.Error()}
	}
	return n, nil
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
// placed in the sheet's zone by source.InZone).
func parseTimestamp(v string) (time.Time, bool) {
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
