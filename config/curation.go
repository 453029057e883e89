package config

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/schedule"
)

var (
	colour   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	langCode = regexp.MustCompile(`^[a-z]{2}$`)

	headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$") // RFC 9110 token
	dottedPath = regexp.MustCompile(`^[^.\s]+(\.[^.\s]+)*$`)
	extElement = regexp.MustCompile(`^([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*(@[A-Za-z_][\w.:-]*)?$`)
)

// DateLayout is the layout of until dates in the config.
const DateLayout = "2006-01-02"

// validateCuration fills in defaults and checks the channel's curation keys.
func (ch *ChannelConfig) validateCuration(p string, errs *fieldErrs) {
	switch ch.Privacy.People {
	case "":
		ch.Privacy.People = "redact"
	case "redact", "hide":
	default:
		errs.add(p+".privacy.people", "%q is not redact or hide", ch.Privacy.People)
	}
	if ch.Privacy.HideNegative == nil {
		yes := true
		ch.Privacy.HideNegative = &yes
	}
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
	ch.Theme.validateContrast(p+".theme", errs)
	ch.validateSchedule(p+".schedule", errs)
}

// validateContrast checks the theme's colours and that text reads on the
// background: the foreground (or, when only the background is set, the
// display's own text colour) and the accent, which sets slide titles, at
// least feed.MinTextContrast by WCAG 2. The display would fall back to
// white or black text on its own; an admin who picked the colours should
// hear that they fail rather than see other ones.
func (t ThemeConfig) validateContrast(p string, errs *fieldErrs) {
	ok := true
	for _, kv := range [][2]string{{"background", t.Background}, {"foreground", t.Foreground}, {"accent", t.Accent}} {
		if kv[1] != "" && !colour.MatchString(kv[1]) {
			errs.add(p+"."+kv[0], "%q is not a colour like #14213d", kv[1])
			ok = false
		}
	}
	if !ok {
		return
	}
	bg, fg := cmp.Or(t.Background, feed.DefaultBackground), cmp.Or(t.Foreground, feed.DefaultForeground)
	check := func(key, text string) {
		a, _ := feed.ParseColor(text)
		b, _ := feed.ParseColor(bg)
		if c := feed.Contrast(a, b); c < feed.MinTextContrast {
			// Rounded down, so that 4.48 is not reported as 4.5.
			errs.add(p+"."+key, "%s on %s has contrast %.1f:1; text needs at least %.1f:1",
				text, bg, math.Floor(c*10)/10, feed.MinTextContrast)
		}
	}
	switch {
	case t.Foreground != "":
		check("foreground", fg)
	case t.Background != "":
		check("background", fg)
	}
	if t.Accent != "" {
		check("accent", t.Accent)
	}
}

// validateSchedule fills in the schedule's time zone and checks its hours
// the way the screens will read them (feed/schedule).
func (ch *ChannelConfig) validateSchedule(p string, errs *fieldErrs) {
	s := &ch.Schedule
	if s.TimeZone == "" {
		s.TimeZone = schedule.DefaultTimeZone
	}
	if len(s.Hours) == 0 {
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			errs.add(p+".time_zone", "%q is not a known time zone (e.g. Europe/Berlin)", s.TimeZone)
		}
		return
	}
	_, err := schedule.Compile(s.Feed())
	if err == nil {
		return
	}
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	for _, e := range list {
		if fe, ok := errors.AsType[*schedule.FieldError](e); ok {
			errs.add(p+"."+fe.Field, "%s", fe.Msg)
		} else {
			errs.add(p, "%v", e)
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
		if !slices.Contains(feed.FeedbackFields, field) {
			errs.add(p+".columns."+field, "unknown field (want one of %v)", feed.FeedbackFields)
		}
	}
}

// validate fills in the poll defaults and checks the source's poll keys.
func (c *PollConfig) validate(p string, errs *fieldErrs) {
	if c.URL == "" {
		if !reflect.ValueOf(*c).IsZero() {
			errs.add(p+".url", "is required when other poll keys are set")
		}
		return
	}
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs.add(p+".url", "is not an http or https URL")
	}
	if c.Format == "" {
		c.Format = "json"
	}
	fields := feed.FeedbackFields
	switch {
	case !slices.Contains(PollFormats, c.Format):
		errs.add(p+".format", "%q is not one of %v", c.Format, PollFormats)
	case c.Format != "json":
		fields = PollFeedFields
		if c.Items != "" {
			errs.add(p+".items", "is only used with format json")
		}
	}
	if c.Interval == 0 {
		c.Interval = DefaultPollInterval
	}
	if c.Interval < MinPollInterval || c.Interval > MaxPollInterval {
		errs.add(p+".interval", "%v is outside %v…%v", c.Interval, MinPollInterval, MaxPollInterval)
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultPollTimeout
	}
	if c.Timeout < 0 || c.Timeout > MaxPollTimeout || c.Timeout >= c.Interval {
		errs.add(p+".timeout", "%v must be > 0, at most %v and shorter than the interval", c.Timeout, MaxPollTimeout)
	}
	for name, value := range c.Headers {
		if !headerName.MatchString(name) {
			errs.add(p+".headers."+name, "is not a valid header name")
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			errs.add(p+".headers."+name, "has a line break or NUL in its value")
		}
	}
	if c.Items != "" && !dottedPath.MatchString(c.Items) {
		errs.add(p+".items", "%q is not a dotted path like data.reviews", c.Items)
	}
	for field, where := range c.Fields {
		fp := p + ".fields." + field
		switch {
		case !slices.Contains(fields, field):
			errs.add(fp, "unknown field for format %s (want one of %v)", c.Format, fields)
		case c.Format == "json" && !dottedPath.MatchString(where):
			errs.add(fp, "%q is not a dotted path like rating.value", where)
		case c.Format != "json" && field == "score" && !extElement.MatchString(where):
			errs.add(fp, "%q is not an element like rating, g:rating or review:rating@value", where)
		case c.Format != "json" && field == "comment":
			for part := range strings.SplitSeq(where, "+") {
				if !slices.Contains(PollCommentParts, strings.TrimSpace(part)) {
					errs.add(fp, "%q is not one of %v joined by +", part, PollCommentParts)
				}
			}
		}
	}
	if c.ScorePattern != "" {
		re, err := regexp.Compile(c.ScorePattern)
		switch {
		case err != nil:
			errs.add(p+".score_pattern", "%v", err)
		case re.NumSubexp() != 1:
			errs.add(p+".score_pattern", "has %d groups; want exactly one, around the score", re.NumSubexp())
		}
	}
	if n := utf8.RuneCountInString(c.Touchpoint); n > feed.MaxIDLength {
		errs.add(p+".touchpoint", "is %d characters long; at most %d", n, feed.MaxIDLength)
	}
}

// Until returns the instant an until date (inclusive, YYYY-MM-DD in loc)
// ends: the start of the next day. An empty date is the zero time, which
// never ends.
func Until(date string, loc *time.Location) (time.Time, error) {
	if date == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(DateLayout, date, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date like 2026-12-31", date)
	}
	return d.AddDate(0, 0, 1), nil
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
