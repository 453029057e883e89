package qualtrics

import (
	"fmt"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

// score reads a score cell: nil for a skipped question.
func (d *decoder) score(rec []string, col int, what string) (*int, error) {
	n, err := source.ParseScore(rec[col], what)
	if err != nil {
		return nil, d.cellError(col, err.Error())
	}
	return n, nil
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
			return source.InZone(w, loc), true
		}
	}
	return time.Time{}, false
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
