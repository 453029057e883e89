package scene

import (
	"fmt"
	"strconv"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Lang is a screen language. Anything but English is shown in German, the
// product's first language.
type Lang string

// The languages a channel can be shown in.
const (
	German  Lang = "de"
	English Lang = "en"
)

// LangOf returns the language for a snapshot's language field.
func LangOf(s string) Lang {
	if s == string(English) {
		return English
	}
	return German
}

// Quote wraps s in the language's quotation marks: „…“ or “…”.
func (l Lang) Quote(s string) string {
	open, close := l.quoteMarks()
	return open + s + close
}

// marks are the quotation marks for a comment in language lang ("de",
// "en"): a German comment gets „…“ and an English one “…” on any channel;
// a comment in another language, or of no known one, the channel's.
func (p *page) marks(lang string) (open, close string) {
	switch lang {
	case string(German), string(English):
		return Lang(lang).quoteMarks()
	}
	return p.lang.quoteMarks()
}

func (l Lang) quoteMarks() (open, close string) {
	if l == English {
		return "\u201c", "\u201d"
	}
	return "\u201e", "\u201c"
}

// CategoryLabel names an NPS group: Promoter, Passiv, Kritiker.
func (l Lang) CategoryLabel(c feed.Category) string {
	de := map[feed.Category]string{feed.Promoter: "Promoter", feed.Passive: "Passiv", feed.Detractor: "Kritiker"}
	en := map[feed.Category]string{feed.Promoter: "Promoter", feed.Passive: "Passive", feed.Detractor: "Detractor"}
	if l == English {
		return en[c]
	}
	return de[c]
}

// Waiting is the line of the calm screen shown before any content arrived.
func (l Lang) Waiting() string {
	if l == English {
		return "Waiting for content…"
	}
	return "Warte auf Inhalte…"
}

// Clock formats t as the header clock: "14:05" or "2:05 pm".
func (l Lang) Clock(t time.Time) string {
	if l == English {
		return t.Format("3:04 pm")
	}
	return t.Format("15:04")
}

var (
	deWeekdays = [...]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."}
	deMonths   = [...]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."}
)

// Date formats t as the header date: "Mo., 24. Nov." or "Mon 24 Nov".
func (l Lang) Date(t time.Time) string {
	if l == English {
		return t.Format("Mon 2 Jan")
	}
	return fmt.Sprintf("%s, %d. %s", deWeekdays[t.Weekday()], t.Day(), deMonths[t.Month()-1])
}

// Offline is the discreet header note shown while the display has lost
// its connection: "offline seit 14:05". The date is added when the outage
// began on another day than now, or when now is unknown (zero).
func (l Lang) Offline(since, now time.Time) string {
	return l.phrase("offline seit ", "offline since ") + l.moment(since, now)
}

// OfflineAsOf is the header note of a display that has not reached its
// server since it started and shows cached content: "offline · Stand
// 14:05", "offline · as of 23 Nov 2:05 pm". asOf is when that content was
// last known to be current; zero leaves just "offline".
func (l Lang) OfflineAsOf(asOf, now time.Time) string {
	if asOf.IsZero() {
		return "offline"
	}
	return "offline · " + l.phrase("Stand ", "as of ") + l.moment(asOf, now)
}

// moment formats t as a clock time, after its date unless it is on the
// day of now: "14:05", "23. Nov. 14:05", "23 Nov 2:05 pm".
func (l Lang) moment(t, now time.Time) string {
	at := l.Clock(t)
	if y, m, d := t.Date(); now.IsZero() || y != now.Year() || m != now.Month() || d != now.Day() {
		if l == English {
			return t.Format("2 Jan ") + at
		}
		return fmt.Sprintf("%d. %s %s", d, deMonths[m-1], at)
	}
	return at
}

// Age formats how long ago created was, seen at now: "vor 3 Std." or
// "3 h ago". ref is the server clock of the snapshot: when the local clock
// is behind it (a Raspberry Pi without RTC before NTP syncs), ref is used so
// that an age is never negative or absurd.
func (l Lang) Age(created, now, ref time.Time) string {
	if now.Before(ref) {
		now = ref
	}
	d := max(now.Sub(created), 0)
	type unit struct {
		n      int
		de, en [2]string // singular, plural
	}
	var u unit
	switch {
	case d < time.Minute:
		if l == English {
			return "just now"
		}
		return "gerade eben"
	case d < time.Hour:
		u = unit{int(d / time.Minute), [2]string{"Min.", "Min."}, [2]string{"min", "min"}}
	case d < 24*time.Hour:
		u = unit{int(d / time.Hour), [2]string{"Std.", "Std."}, [2]string{"h", "h"}}
	case d < 7*24*time.Hour:
		u = unit{int(d / (24 * time.Hour)), [2]string{"Tag", "Tagen"}, [2]string{"day", "days"}}
	case d < 30*24*time.Hour:
		u = unit{int(d / (7 * 24 * time.Hour)), [2]string{"Woche", "Wochen"}, [2]string{"week", "weeks"}}
	case d < 365*24*time.Hour:
		u = unit{int(d / (30 * 24 * time.Hour)), [2]string{"Monat", "Monaten"}, [2]string{"month", "months"}}
	default:
		u = unit{int(d / (365 * 24 * time.Hour)), [2]string{"Jahr", "Jahren"}, [2]string{"year", "years"}}
	}
	i := 1
	if u.n == 1 {
		i = 0
	}
	if l == English {
		return fmt.Sprintf("%d %s ago", u.n, u.en[i])
	}
	return fmt.Sprintf("vor %d %s", u.n, u.de[i])
}

// phrase picks the German or English text.
func (l Lang) phrase(de, en string) string {
	if l == English {
		return en
	}
	return de
}

// plural picks singular or plural by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Answers counts answers: "312 Antworten", "1 answer".
func (l Lang) Answers(n int) string {
	num := l.Number(float64(n), 0)
	if l == English {
		return num + plural(n, " answer", " answers")
	}
	return num + plural(n, " Antwort", " Antworten")
}

// NotEnough is shown instead of a score computed from too few answers.
func (l Lang) NotEnough() string {
	return l.phrase("noch zu wenige Antworten", "not enough answers yet")
}

// PeriodLabel names the period the scores cover: "letzte 30 Tage" or
// "last 30 days"; empty when the snapshot does not say.
func (l Lang) PeriodLabel(p periodInfo) string {
	switch {
	case p.days == 1:
		return l.phrase("letzte 24 Stunden", "last 24 hours")
	case p.days > 1:
		return l.phrase("letzte "+strconv.Itoa(p.days)+" Tage", "last "+strconv.Itoa(p.days)+" days")
	case !p.from.IsZero() && !p.to.IsZero():
		return l.ShortDate(p.from) + " – " + l.ShortDate(p.to)
	}
	return ""
}

// periodInfo is the part of feed.Period the labels need.
type periodInfo struct {
	days     int
	from, to time.Time
}

// Versus names what a change is measured against: "zum Vormonat" for a
// period of about a month, "zum Vorzeitraum" otherwise.
func (l Lang) Versus(days int) string {
	switch {
	case days >= 28 && days <= 31:
		return l.phrase("zum Vormonat", "vs last month")
	case days == 7:
		return l.phrase("zur Vorwoche", "vs last week")
	}
	return l.phrase("zum Vorzeitraum", "vs previous period")
}

// Target describes a goal and how far off it is: "Ziel 40 · noch 2
// Punkte", "Target 4.5 reached". For NPS the gap is in points.
func (l Lang) Target(target string, gap float64, gapText string, points bool) string {
	if gap <= 0 {
		return l.phrase("Ziel "+target+" erreicht", "Target "+target+" reached")
	}
	if points {
		if l == English {
			return "Target " + target + " · " + gapText + plural(int(gap), " point", " points") + " to go"
		}
		return "Ziel " + target + " · noch " + gapText + plural(int(gap), " Punkt", " Punkte")
	}
	return l.phrase("Ziel "+target+" · noch "+gapText, "Target "+target+" · "+gapText+" to go")
}

// ShortDate formats a day in a chart axis or period: "17.11." or "17 Nov".
func (l Lang) ShortDate(t time.Time) string {
	if l == English {
		return t.Format("2 Jan")
	}
	return fmt.Sprintf("%d.%d.", t.Day(), int(t.Month()))
}

// AsOf says when values were measured: "Stand 24. Nov." or "as of 24 Nov".
func (l Lang) AsOf(t time.Time) string {
	if l == English {
		return "as of " + t.Format("2 Jan")
	}
	return fmt.Sprintf("Stand %d. %s", t.Day(), deMonths[t.Month()-1])
}

// Slide titles and labels.
func (l Lang) NPSTitle() string { return "Net Promoter Score" }
func (l Lang) StarsTitle() string {
	return l.phrase("Sternebewertung", "Star rating")
}
func (l Lang) TrendTitle(stars bool) string {
	if stars {
		return l.phrase("Sterne im Verlauf", "Star rating by week")
	}
	return l.phrase("NPS im Verlauf", "NPS by week")
}
func (l Lang) Weeks(n int) string {
	return l.phrase("letzte "+strconv.Itoa(n)+plural(n, " Woche", " Wochen"), "last "+strconv.Itoa(n)+plural(n, " week", " weeks"))
}
func (l Lang) FewAnswers() string { return l.phrase("wenige Antworten", "few answers") }
func (l Lang) KPITitle() string   { return l.phrase("Kennzahlen", "Key figures") }
func (l Lang) Experience() string { return l.phrase("Kundenerlebnis", "Customer experience") }
func (l Lang) AverageStars() string {
	return l.phrase("Ø Sterne", "Average stars")
}
func (l Lang) AnnouncementTitle() string { return l.phrase("Mitteilung", "Announcement") }
func (l Lang) YouSaid() string           { return l.phrase("Sie sagten", "You said") }
func (l Lang) WeDid() string             { return l.phrase("Wir haben:", "We did:") }

// JourneyTitle is the title of the touchpoints slide.
func (l Lang) JourneyTitle(stars bool) string {
	if stars {
		return l.phrase("Kundenreise: Sterne je Kontaktpunkt", "Customer journey: stars by touchpoint")
	}
	return l.phrase("Kundenreise: NPS je Kontaktpunkt", "Customer journey: NPS by touchpoint")
}

// JourneyChange says what the arrows of the touchpoints slide compare
// with: "Änderung zum Vormonat", "change vs last month".
func (l Lang) JourneyChange(days int) string {
	return l.phrase("Änderung ", "change ") + l.Versus(days)
}

// MoreTouchpoints counts the touchpoints a journey slide leaves out.
func (l Lang) MoreTouchpoints(n int) string {
	num := l.Number(float64(n), 0)
	if l == English {
		return "+" + num + plural(n, " more touchpoint", " more touchpoints") + " with fewer answers"
	}
	return "+" + num + plural(n, " weiterer Kontaktpunkt", " weitere Kontaktpunkte") + " mit weniger Antworten"
}

// ThemesTitle is the title of the themes slide.
func (l Lang) ThemesTitle() string {
	return l.phrase("Worüber Kund:innen sprechen", "What customers talk about")
}

// ThemesChange says what the trend marks of the themes slide compare
// with: "Trend zum Vormonat", "trend vs last month".
func (l Lang) ThemesChange(days int) string {
	return l.phrase("Trend ", "trend ") + l.Versus(days)
}

// Mentions counts the comments that mention a theme: "42 Kommentare",
// "1 comment".
func (l Lang) Mentions(n int) string {
	num := l.Number(float64(n), 0)
	if l == English {
		return num + plural(n, " comment", " comments")
	}
	return num + plural(n, " Kommentar", " Kommentare")
}

// TopicTrend names a theme's trend against the previous period, the
// words beside its arrow: "häufiger", "falling"; empty for no trend.
func (l Lang) TopicTrend(trend string) string {
	switch trend {
	case feed.TrendRising:
		return l.phrase("häufiger", "rising")
	case feed.TrendFalling:
		return l.phrase("seltener", "falling")
	case feed.TrendSteady:
		return l.phrase("gleich oft", "steady")
	}
	return ""
}

// MoreThemes counts the themes a themes slide leaves out.
func (l Lang) MoreThemes(n int) string {
	num := l.Number(float64(n), 0)
	if l == English {
		return "+" + num + plural(n, " more theme", " more themes") + " with fewer comments"
	}
	return "+" + num + plural(n, " weiteres Thema", " weitere Themen") + " mit weniger Kommentaren"
}

// IdeasTitle is the title of the ideas slide.
func (l Lang) IdeasTitle() string {
	return l.phrase("Ideen unserer Kund:innen", "Customer ideas")
}
