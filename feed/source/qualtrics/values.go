package qualtrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

// score reads a score cell: nil for a skipped question.
func (d *decoder) score(rec []string, col int, what string) (*int, error) {
	v := strings.TrimSpace(rec[col])
	if v == "" {
		return nil, nil
	}
	n, ok := leadingNumber(v)
	if !ok {
		return nil, d.cellError(col, fmt.Sprintf(`%s %q does not start with a number (such as "9" or "10 - Extremely likely")`, what, source.Short(v)))
	}
	return &n, nil
}

// leadingNumber reads the number a cell starts with: a numeric export's
// "7", the choice text "10 - Extremely likely" or "5 Sterne", a star
// slider's "4.5" (rounded half up, as stored scores are whole).
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

// time returns when a response was recorded: RecordedDate, else EndDate;
// zero when both are empty.
func (d *decoder) time(rec []string) (time.Time, error) {
	c := &d.c
	for _, dc := range []struct {
		col int
		loc *time.Location
	}{{c.recorded, c.recordedLoc}, {c.end, c.endLoc}} {
		if dc.col < 0 {
			continue
		}
		v := strings.TrimSpace(rec[dc.col])
		if v == "" {
			continue
		}
		t, ok := parseTime(v, dc.loc)
		if !ok {
			return time.Time{}, d.cellError(dc.col, fmt.Sprintf("%q is no date such as 2026-03-29 14:05:09", source.Short(v)))
		}
		return t, nil
	}
	return time.Time{}, nil
}

// dateLayouts are the layouts of a date cell without a zone: the export's
// own, and what Excel makes of it when the file is saved again.
var dateLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
}

// parseTime reads a date cell in loc; a cell with its own offset (the
// API's RFC 3339 form) keeps it.
func parseTime(v string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	for _, layout := range dateLayouts {
		if w, err := time.Parse(layout, v); err == nil {
			return inZone(w, loc), true
		}
	}
	return time.Time{}, false
}

// inZone reads the wall clock w (its fields, whatever its location) as a
// time in loc, the same way on every machine. Where the clock skips an
// hour (spring forward), a time in the gap is read with the offset before
// the change, so that it lands as far after the gap as it was into it
// (02:30 → 03:30 CEST). Where the clock repeats an hour (autumn), the
// earlier of the two instants is taken (02:30 CEST, not 02:30 CET).
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

// language turns Qualtrics' language codes (EN, DE, EN-GB, PT-BR) into
// tags as the feed stores them (en, de, en-GB, pt-BR); "" for what is no
// such code.
func language(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > feed.MaxLanguageLength {
		return ""
	}
	primary, region, _ := strings.Cut(v, "-")
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return ""
		}
	}
	tag := strings.ToLower(primary)
	if region != "" {
		if len(region) == 2 {
			region = strings.ToUpper(region)
		}
		tag += "-" + region
	}
	return tag
}
