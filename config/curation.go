package config

import (
	"regexp"
	"slices"
	"time"
)

var (
	colour   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	langCode = regexp.MustCompile(`^[a-z]{2}$`)
)

// DateLayout is the layout of until dates in the config.
const DateLayout = "2006-01-02"

// validateCuration fills in defaults and checks the channel's curation keys.
func (ch *ChannelConfig) validateCuration(p string, errs *fieldErrs) {
	if ch.MaxAgeDays < 0 {
		errs.add(p+".max_age_days", "must be ≥ 0 (0: any age)")
	}
	if ch.MinLength < 0 {
		errs.add(p+".min_length", "must be ≥ 0")
	}
	for j, l := range ch.Languages {
		if !langCode.MatchString(l) {
			errs.add(pathf("%s.languages[%d]", p, j), "%q is not a two-letter language code", l)
		}
	}
	sel := &ch.Selection
	if sel.Mode == "" {
		sel.Mode = "balanced"
	}
	if sel.Promoters == 0 && sel.Passives == 0 && sel.Detractors == 0 {
		sel.Promoters, sel.Passives, sel.Detractors = 1, 1, 1
	}
	switch {
	case sel.Mode != "balanced" && sel.Mode != "latest":
		errs.add(p+".selection.mode", "%q is not balanced or latest", sel.Mode)
	case sel.Promoters < 0 || sel.Passives < 0 || sel.Detractors < 0:
		errs.add(p+".selection", "promoters, passives and detractors must be ≥ 0")
	}
	defaultInt(&ch.PeriodDays, DefaultPeriodDays)
	defaultInt(&ch.MinAnswers, DefaultMinAnswers)
	defaultInt(&ch.TrendWeeks, DefaultTrendWeeks)
	if ch.PeriodDays < 1 || ch.PeriodDays > 366 {
		errs.add(p+".period_days", "%d is outside 1…366", ch.PeriodDays)
	}
	if ch.MinAnswers < 1 {
		errs.add(p+".min_answers", "must be ≥ 1")
	}
	if ch.TrendWeeks < 2 || ch.TrendWeeks > 104 {
		errs.add(p+".trend_weeks", "%d is outside 2…104", ch.TrendWeeks)
	}
	for j, a := range ch.Announcements {
		ap := pathf("%s.announcements[%d]", p, j)
		if a.Text == "" {
			errs.add(ap+".text", "is required")
		}
		checkDate(ap+".until", a.Until, errs)
	}
	for j, y := range ch.YouSaidWeDid {
		yp := pathf("%s.you_said_we_did[%d]", p, j)
		if y.Comment == "" {
			errs.add(yp+".comment", "is required (the id of a comment)")
		}
		if y.Action == "" {
			errs.add(yp+".action", "is required (what was done about it)")
		}
		checkDate(yp+".until", y.Until, errs)
	}
	for key, c := range map[string]string{"background": ch.Theme.Background, "foreground": ch.Theme.Foreground, "accent": ch.Theme.Accent} {
		if c != "" && !colour.MatchString(c) {
			errs.add(p+".theme."+key, "%q is not a colour like #14213d", c)
		}
	}
}

func (c *CSVConfig) validate(p string, errs *fieldErrs) {
	if !slices.Contains([]string{"", ";", ",", "\t"}, c.Separator) {
		errs.add(p+".separator", "%q is not ; or , or a tab", c.Separator)
	}
	if !slices.Contains([]string{"", ",", "."}, c.Decimal) {
		errs.add(p+".decimal", "%q is not , or .", c.Decimal)
	}
	if c.TimeZone == "" {
		c.TimeZone = "Europe/Berlin"
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		errs.add(p+".time_zone", "%q is not a known time zone", c.TimeZone)
	}
	for field := range c.Columns {
		if !slices.Contains(CSVFields, field) {
			errs.add(p+".columns."+field, "unknown field (want one of %v)", CSVFields)
		}
	}
}

// Expired reports whether an until date (inclusive, YYYY-MM-DD in loc) has
// passed at now; an empty date never expires.
func Expired(until string, now time.Time, loc *time.Location) bool {
	if until == "" {
		return false
	}
	d, err := time.ParseInLocation(DateLayout, until, loc)
	if err != nil {
		return true // Validate rejects it; never show what cannot be dated
	}
	return !now.Before(d.AddDate(0, 0, 1))
}

func checkDate(path, s string, errs *fieldErrs) {
	if s == "" {
		return
	}
	if _, err := time.Parse(DateLayout, s); err != nil {
		errs.add(path, "%q is not a date like 2026-12-31", s)
	}
}

func defaultInt(v *int, d int) {
	if *v == 0 {
		*v = d
	}
}
