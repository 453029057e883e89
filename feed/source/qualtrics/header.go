package qualtrics

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// columns holds the record index of each column read, or -1.
type columns struct {
	id, finished, channel, status, language int
	recorded, end                           int
	recordedLoc, endLoc                     *time.Location
	score, stars, comment, touchpoint       int
}

// The ImportIds of the columns Qualtrics puts before the questions.
const (
	idResponseID   = "_recordId"
	idFinished     = "finished"
	idRecordedDate = "recordedDate"
	idEndDate      = "endDate"
	idChannel      = "distributionChannel"
	idStatus       = "status"
	idLanguage     = "userLanguage"
)

// personal holds the ImportIds of the columns that identify a person, with
// their export tags. None is ever read, and naming one in Columns is an
// error rather than a way to store it.
var personal = map[string]string{
	"ipAddress":             "IPAddress",
	"recipientEmail":        "RecipientEmail",
	"recipientFirstName":    "RecipientFirstName",
	"recipientLastName":     "RecipientLastName",
	"externalDataReference": "ExternalReference",
	"locationLatitude":      "LocationLatitude",
	"locationLongitude":     "LocationLongitude",
}

// importID is one cell of header row 3.
type importID struct {
	ImportID string `json:"ImportId"`
	TimeZone string `json:"timeZone"`
}

// readHeader reads the three header rows and finds the columns.
func (d *decoder) readHeader() error {
	var rows [3][]string
	for i := range rows {
		rec, err := d.readRow()
		if err == io.EOF && i == 0 {
			return errors.New("the file is empty; want a Qualtrics export with its three header rows")
		}
		if err == io.EOF {
			return &RowError{Row: i + 1, Reason: "missing: a Qualtrics export has three header rows (export tags, question texts, ImportIds)"}
		}
		if err != nil {
			return err
		}
		rows[i] = slices.Clone(rec)
		if i == 0 {
			d.tags = rows[0]
			d.width = len(rec)
		}
	}
	d.ids = make([]string, d.width)
	zones := make([]string, d.width)
	for i, cell := range rows[2] {
		var v importID
		if err := json.Unmarshal([]byte(cell), &v); err != nil || v.ImportID == "" {
			return &RowError{Row: 3, Column: d.tags[i], Reason: fmt.Sprintf(
				`%q is no ImportId such as {"ImportId":"QID1"}; export the responses as CSV with its three header rows (not the legacy format, not re-saved without them)`, source.Short(cell))}
		}
		d.ids[i], zones[i] = v.ImportID, v.TimeZone
	}
	return d.resolve(zones)
}

// dup marks an ImportId that names more than one column.
const dup = -2

// resolve finds the columns read, by ImportId.
func (d *decoder) resolve(zones []string) error {
	index := make(map[string]int, len(d.ids))
	for i, id := range d.ids {
		if _, seen := index[id]; seen {
			index[id] = dup
		} else {
			index[id] = i
		}
	}
	c := columns{score: -1, stars: -1, comment: -1, touchpoint: -1}
	var errs []error
	fixed := func(id, tag string, required bool) int {
		i, ok := index[id]
		switch {
		case !ok && required:
			errs = append(errs, fmt.Errorf("no %s column (ImportId %s) in row 3", tag, id))
		case !ok:
			return -1
		case i == dup:
			errs = append(errs, fmt.Errorf("ImportId %s (%s) names more than one column", id, tag))
			return -1
		}
		return i
	}
	c.id = fixed(idResponseID, "ResponseId", true)
	c.finished = fixed(idFinished, "Finished", false)
	c.channel = fixed(idChannel, "DistributionChannel", false)
	c.status = fixed(idStatus, "Status", false)
	c.language = fixed(idLanguage, "UserLanguage", false)
	c.recorded = fixed(idRecordedDate, "RecordedDate", false)
	c.end = fixed(idEndDate, "EndDate", false)
	if c.recorded < 0 && c.end < 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("no RecordedDate or EndDate column (ImportId %s or %s) in row 3", idRecordedDate, idEndDate))
	}
	var err error
	if c.recordedLoc, err = d.zone(c.recorded, zones); err != nil {
		errs = append(errs, err)
	}
	if c.endLoc, err = d.zone(c.end, zones); err != nil {
		errs = append(errs, err)
	}
	for _, f := range []struct {
		field, want string
		col         *int
	}{
		{"score", d.o.Columns.Score, &c.score},
		{"stars", d.o.Columns.Stars, &c.stars},
		{"comment", d.o.Columns.Comment, &c.comment},
		{"touchpoint", d.o.Columns.Touchpoint, &c.touchpoint},
	} {
		if f.want == "" {
			continue
		}
		if *f.col, err = d.column(f.field, f.want, index); err != nil {
			errs = append(errs, err)
		}
	}
	if d.o.Columns.Score == "" {
		if c.score, err = d.only("NPS question (a column with a _NPS_GROUP companion)", "score", isNPS(index)); err != nil {
			errs = append(errs, err)
		}
	}
	if d.o.Columns.Comment == "" {
		if c.comment, err = d.only("text-entry question (ImportId QIDn_TEXT)", "comment", isText); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 && c.score < 0 && c.stars < 0 {
		errs = append(errs, errors.New("no NPS question found (no column has a _NPS_GROUP companion) and no star question named: set columns.score or columns.stars to an ImportId such as QID1"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("qualtrics export: %w", errors.Join(errs...))
	}
	d.c = c
	return nil
}

// zone returns where the dates of column col are read: in the time zone
// its ImportId names, else in Options.TimeZone.
func (d *decoder) zone(col int, zones []string) (*time.Location, error) {
	if col < 0 {
		return nil, nil
	}
	if zones[col] == "" {
		if d.o.TimeZone == nil {
			return nil, fmt.Errorf("column %s: the ImportId row names no time zone for its dates, and none is configured (time_zone)", d.tags[col])
		}
		return d.o.TimeZone, nil
	}
	loc, err := time.LoadLocation(zones[col])
	if err != nil {
		return nil, &RowError{Row: 3, Column: d.tags[col], ImportID: d.ids[col], Reason: fmt.Sprintf("unknown time zone %q", zones[col])}
	}
	return loc, nil
}

// column finds the column that Columns names for field.
func (d *decoder) column(field, want string, index map[string]int) (int, error) {
	if tag, ok := personal[want]; ok {
		return -1, fmt.Errorf("columns.%s: %s (%s) identifies a person and is never read", field, want, tag)
	}
	i, ok := index[want]
	if ok && i != dup {
		return i, nil
	}
	if ok {
		return -1, fmt.Errorf("columns.%s: ImportId %s names more than one column", field, want)
	}
	if j := slices.Index(d.tags, want); j >= 0 {
		return -1, fmt.Errorf("columns.%s: %q is the export tag of the column with ImportId %s; name the ImportId, which stays when the question is renamed", field, want, d.ids[j])
	}
	return -1, fmt.Errorf("columns.%s: no column has ImportId %q (the export's questions: %s)", field, want, d.questions())
}

// questions lists the ImportIds of the question and embedded-data columns,
// for an error message.
func (d *decoder) questions() string {
	var q []string
	for _, id := range d.ids {
		switch id {
		case idResponseID, idFinished, idRecordedDate, idEndDate, idChannel, idStatus, idLanguage,
			"startDate", "progress", "duration":
			continue
		}
		if _, ok := personal[id]; ok {
			continue
		}
		q = append(q, id)
	}
	return source.ShortList(q)
}

// only returns the one column whose ImportId matches, -1 for none, and an
// error naming them all for several.
func (d *decoder) only(what, field string, match func(id string) bool) (int, error) {
	found := -1
	var all []string
	for i, id := range d.ids {
		if match(id) {
			found = i
			all = append(all, id)
		}
	}
	if len(all) > 1 {
		return -1, fmt.Errorf("columns.%s: the export has more than one %s (%s); name one", field, what, strings.Join(all, ", "))
	}
	return found, nil
}

// isNPS tells the ImportId of an NPS question: QIDn beside a QIDn_NPS_GROUP
// column, which Qualtrics adds for every NPS question.
func isNPS(index map[string]int) func(string) bool {
	return func(id string) bool {
		_, ok := index[id+"_NPS_GROUP"]
		return ok
	}
}

// choiceText matches the ImportId of the text box of a choice ("Other,
// namely: …"), QID5_4_TEXT, which is not a comment question of its own.
var choiceText = regexp.MustCompile(`_[0-9]+_TEXT$`)

func isText(id string) bool {
	return strings.HasSuffix(id, "_TEXT") && !choiceText.MatchString(id)
}
