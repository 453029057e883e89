// Reading a CSV export's first lines: its separator and its header row.

package ingest

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// sepLine returns the first line of head, with its line break, if it is
// Excel's separator hint ("sep=;").
func sepLine(head []byte) ([]byte, bool) {
	const prefix = "sep="
	if len(head) < len(prefix)+1 || !bytes.EqualFold(head[:len(prefix)], []byte(prefix)) {
		return nil, false
	}
	switch head[len(prefix)] {
	case ';', ',', '\t':
	default:
		return nil, false
	}
	line := head[:len(prefix)+1]
	rest := head[len(line):]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		line = head[:len(line)+2]
	case bytes.HasPrefix(rest, []byte("\n")):
		line = head[:len(line)+1]
	case len(rest) > 0:
		return nil, false // "sep=;x" is a header, not the hint
	}
	return line, true
}

// readHeader finds the column of every field.
func (d *csvDecoder) readHeader(rec []string, row int, sep rune) error {
	d.header = make([]string, len(rec))
	norm := make([]string, len(rec))
	for i, h := range rec {
		d.header[i] = strings.TrimSpace(h)
		norm[i] = normHeader(h)
	}
	used := make([]bool, len(rec))
	find := func(name string) []int {
		var idx []int
		for i, n := range norm {
			if n == name && !used[i] {
				idx = append(idx, i)
			}
		}
		return idx
	}
	key := func(field string) string {
		return fmt.Sprintf("csv.columns.%s of source %q", field, d.o.Source)
	}
	// Configured columns first, so that a synonym never takes them.
	for c := range d.col {
		d.col[c] = -1
		name, ok := d.o.Columns[csvFields[c].name]
		if !ok || name == "" {
			continue
		}
		idx := find(normHeader(name))
		switch {
		case len(idx) == 0:
			return &RowError{Row: row, Reason: fmt.Sprintf("no column %q (set as %s); the header has %s",
				name, key(csvFields[c].name), d.headerList(sep))}
		case len(idx) > 1:
			return &RowError{Row: row, Reason: fmt.Sprintf("column %q (set as %s) appears %d times in the header",
				name, key(csvFields[c].name), len(idx))}
		}
		d.col[c] = idx[0]
		used[idx[0]] = true
	}
	for c := range d.col {
		if d.col[c] >= 0 {
			continue
		}
		if _, ok := d.o.Columns[csvFields[c].name]; ok {
			continue // configured as "": not read
		}
		var idx []int
		for _, syn := range csvFields[c].synonyms {
			idx = append(idx, find(syn)...)
		}
		if len(idx) > 1 {
			slices.Sort(idx) // name them in the order of the header
			names := make([]string, len(idx))
			for i, j := range idx {
				names[i] = strconv.Quote(d.header[j])
			}
			return &RowError{Row: row, Reason: fmt.Sprintf("columns %s could each be the %s; set %s to one of them",
				strings.Join(names, " and "), csvFields[c].name, key(csvFields[c].name))}
		}
		if len(idx) == 1 {
			d.col[c] = idx[0]
			used[idx[0]] = true
		}
	}
	var missing []string
	for _, c := range []int{colID, colScore} {
		if d.col[c] < 0 {
			missing = append(missing, csvFields[c].name)
		}
	}
	if len(missing) > 0 {
		keys := make([]string, len(missing))
		for i, m := range missing {
			keys[i] = "csv.columns." + m
		}
		return &RowError{Row: row, Reason: fmt.Sprintf("no %s column among %s; set %s of source %q in the config to the header of that column",
			strings.Join(missing, " or "), d.headerList(sep), strings.Join(keys, " and "), d.o.Source)}
	}
	return nil
}

// headerList names the headers found, and the separator they were split at
// (a wrong separator shows as one long header).
func (d *csvDecoder) headerList(sep rune) string {
	names := make([]string, len(d.header))
	for i, h := range d.header {
		names[i] = strconv.Quote(h)
	}
	return fmt.Sprintf("%s (split at %s)", strings.Join(names, ", "), sepName(sep))
}

// detectSeparator picks the most frequent of ; , and tab outside quotes in
// the first line of head that is not empty (the header); ties go to ;
// (German exports), then tab, and a line without any of them (a single
// column) is read with ,.
func detectSeparator(head []byte) rune {
	var n [3]int
	seps := [3]byte{';', '\t', ','}
	quoted, empty := false, true
scan:
	for _, b := range head {
		switch {
		case b == '"':
			quoted, empty = !quoted, false
		case quoted:
		case b == '\n' || b == '\r':
			if !empty {
				break scan
			}
		case b == ' ':
		default:
			empty = false
			for i, s := range seps {
				if b == s {
					n[i]++
				}
			}
		}
	}
	best := 0
	for i := range seps {
		if n[i] > n[best] {
			best = i
		}
	}
	if n[best] == 0 {
		return ','
	}
	return rune(seps[best])
}

// normHeader makes headers comparable: case, spaces, -, _ and . do not
// count ("Response ID" = "ResponseId" = "response_id").
func normHeader(h string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == '_' || r == '.' || r == '\uFEFF' || unicode.IsSpace(r):
			return -1
		}
		return unicode.ToLower(r)
	}, h)
}

func sepName(sep rune) string {
	if sep == '\t' {
		return "tabs"
	}
	return strconv.Quote(string(sep))
}
