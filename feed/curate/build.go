// Package curate turns a channel's stored feedback into the snapshot its
// screens show: the admins' filters and selection from the config, blocked
// words, the comments that carry a customer's idea, and the removal of
// personal data before anything leaves the server.
package curate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

// Rules are the global moderation rules, compiled once per config.
type Rules struct {
	redactor  *Redactor
	moderator *Moderator
	ideas     *IdeaDetector
}

// Moderation is what every channel shares: the words that hide a comment
// and the names redacted from every text.
type Moderation struct {
	BlockedWords []string // see NewModerator
	DefaultLists bool     // add the shipped German and English lists
	Names        []string // redacted like e-mail addresses, see NewRedactor
	Allow        []string // never redacted (privacy.allow)
}

// NewRules compiles the moderation rules.
func NewRules(m Moderation) (*Rules, error) {
	r, errR := NewRedactorWith(Options{Names: m.Names, Allow: m.Allow})
	mod, errM := NewModerator(m.BlockedWords, m.DefaultLists)
	if err := errors.Join(errR, errM); err != nil {
		// The errors name the entry ("names[1] …", "allow[0] …"); give
		// them the whole key path, one line each.
		lines := strings.Split(err.Error(), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "allow[") {
				lines[i] = "privacy." + l
			} else {
				lines[i] = "moderation." + l
			}
		}
		return nil, errors.New(strings.Join(lines, "\n"))
	}
	return &Rules{redactor: r, moderator: mod, ideas: defaultIdeas()}, nil
}

// Redact removes personal data from text.
func (r *Rules) Redact(text string) string {
	s, _ := r.redactor.Redact(text)
	return s
}

// A Builder makes the snapshot of one channel from its answers, which it is
// fed newest first. It keeps only what the snapshot can use: the answers of
// the score windows and, beyond them, a pool of candidate comments.
type Builder struct {
	rules *Rules
	ch    *Channel
	now   time.Time

	scoresFrom  time.Time // answers at or after this count for the scores
	periodFrom  time.Time // start of the current period
	commentFrom time.Time // older comments are not shown; zero: any age
	hidden      map[string]bool
	digestIDs   bool           // some hidden ids are public digests ("source/#…")
	youSaid     map[string]int // comment id → index in ch.YouSaid, for those not yet found

	scored      []feed.Feedback   // without comment text; touchpoints redacted
	touchpoints map[string]string // touchpoint → redacted
	pool        [3][]feed.Comment // per category, newest first; "latest" mode uses pool[0]
	poolCap     [3]int
	eligible    int // comments in the current period that may be shown
	blocked     int
	found       []feed.YouSaid // indexed like ch.YouSaid; zero Action: not found
	wantIdeas   bool           // the playlist has an ideas slide
	ideas       []feed.Comment // newest first, at most MaxIdeas
	redactions  []Redaction    // of the candidate comments, in the order met
	themeCount  *themeCounter  // nil: no slide shows themes
	prevFrom    time.Time      // start of the previous period
}

// NewBuilder starts the snapshot of ch as of now.
func (r *Rules) NewBuilder(ch *Channel, now time.Time) *Builder {
	now = now.UTC()
	b := &Builder{
		rules:      r,
		ch:         ch,
		now:        now,
		periodFrom: now.AddDate(0, 0, -ch.PeriodDays),
		hidden:     make(map[string]bool, len(ch.Hidden)),
		found:      make([]feed.YouSaid, len(ch.YouSaid)),
	}
	b.scoresFrom = scoresSince(ch, now)
	b.wantIdeas = slices.ContainsFunc(ch.Slides, func(s feed.Slide) bool { return s.Kind == SlideIdeas })
	b.prevFrom = now.AddDate(0, 0, -2*ch.PeriodDays)
	if slices.ContainsFunc(ch.Slides, func(s feed.Slide) bool { return s.Kind == SlideThemes }) {
		b.themeCount = newThemeCounter(ch)
	}
	// Without a maximum age every comment may be shown: a group that never
	// fills (few passives) then has a rebuild read the whole store.
	if ch.MaxAgeDays > 0 {
		b.commentFrom = now.AddDate(0, 0, -ch.MaxAgeDays)
	}
	for _, id := range ch.Hidden {
		b.hidden[id] = true
		b.digestIDs = b.digestIDs || strings.Contains(id, "/#")
	}
	for i, y := range ch.YouSaid {
		if shown(y.Until, now) {
			if b.youSaid == nil {
				b.youSaid = make(map[string]int)
			}
			b.youSaid[y.Comment] = i
		}
	}
	if ch.Selection.Latest {
		b.poolCap[0] = ch.MaxComments
	} else {
		// Each group keeps as many candidates as the whole selection could
		// take from it when the other groups run dry.
		for c, w := range ch.Selection.weights() {
			if w > 0 {
				b.poolCap[c] = ch.MaxComments
			}
		}
	}
	return b
}

// SlideIdeas is the kind of the slide that shows Snapshot.Ideas; a
// channel without one gets no ideas in its snapshot.
const SlideIdeas = "ideas"

// MaxIdeas is how many idea cards a snapshot holds: the few impulses among
// the many comments, each shown long enough to be read.
const MaxIdeas = 6

// MaxTouchpoints is how many touchpoints a snapshot's NPS and stars list,
// those with the most answers first.
const MaxTouchpoints = 20

// scoresSince is the oldest time whose answers count for ch's scores: the
// previous period and the trend weeks.
func scoresSince(ch *Channel, now time.Time) time.Time {
	prev := now.AddDate(0, 0, -2*ch.PeriodDays)
	trend := now.AddDate(0, 0, -7*(ch.TrendWeeks+1)) // the current week is partial
	if trend.Before(prev) {
		return trend
	}
	return prev
}

// Add feeds the next older answer. It reports whether older answers could
// still change the snapshot; once it returns false the caller may stop.
func (b *Builder) Add(f *feed.Feedback) bool {
	if f.CreatedAt.After(b.now) {
		return true // from a source whose clock runs ahead; not yet
	}
	if !slices.Contains(b.ch.Sources, f.Source) {
		return b.wantsMore(f.CreatedAt)
	}
	if !f.CreatedAt.Before(b.scoresFrom) {
		scored := *f
		scored.Comment = "" // scores need no text; keeps the window small
		scored.Touchpoint = b.touchpoint(f.Touchpoint)
		b.scored = append(b.scored, scored)
	}
	b.addYouSaid(f)
	b.addComment(f)
	b.addThemes(f)
	return b.wantsMore(f.CreatedAt)
}

// SlideThemes is the slide kind that shows themes; without it in the
// playlist the builder does not count them.
const SlideThemes = "themes"

// addThemes counts f's comment for the themes of its period. Every comment
// of the channel's sources counts, blocked or not, as its score does; one
// the admins hide does not. Only one that a comments slide could show
// (and, redacted, the privacy policy lets through) may become a quote.
func (b *Builder) addThemes(f *feed.Feedback) {
	if b.themeCount == nil || !f.CreatedAt.After(b.prevFrom) {
		return
	}
	text := strings.TrimSpace(f.Comment)
	if text == "" || b.isHidden(f) {
		return
	}
	c := commentRef{f: f, text: text, current: f.CreatedAt.After(b.periodFrom), group: group(f.Scale, f.Score)}
	if c.current {
		c.b = b
	}
	b.themeCount.add(&c)
}

// filtered reports whether the channel's comment filters let text, f's
// comment, be shown, but for blocked words, which are looked for only in
// the few comments that become quotes; its privacy policy is judged on the
// redacted text.
func (b *Builder) filtered(f *feed.Feedback, text string) bool {
	return !f.CreatedAt.Before(b.commentFrom) &&
		utf8.RuneCountInString(text) >= b.ch.MinLength &&
		(len(b.ch.Languages) == 0 || slices.Contains(b.ch.Languages, f.Language)) &&
		(len(b.ch.Touchpoints) == 0 || slices.Contains(b.ch.Touchpoints, f.Touchpoint))
}

func (b *Builder) wantsMore(t time.Time) bool {
	// "You said" comments not met by then are looked up by id (Missing).
	if !t.Before(b.scoresFrom) {
		return true
	}
	if t.Before(b.commentFrom) {
		return false
	}
	for c, n := range b.poolCap {
		if len(b.pool[c]) < n {
			return true
		}
	}
	return false
}

// addComment puts a showable comment into its group's pool.
func (b *Builder) addComment(f *feed.Feedback) {
	text := strings.TrimSpace(f.Comment)
	if text == "" || f.CreatedAt.Before(b.commentFrom) {
		return
	}
	switch {
	case b.isHidden(f),
		utf8.RuneCountInString(text) < b.ch.MinLength,
		len(b.ch.Languages) > 0 && !slices.Contains(b.ch.Languages, f.Language),
		len(b.ch.Touchpoints) > 0 && !slices.Contains(b.ch.Touchpoints, f.Touchpoint):
		return
	case b.rules.moderator.Blocked(text):
		b.blocked++
		return
	}
	c, g := 0, group(f.Scale, f.Score)
	if !b.ch.Selection.Latest {
		c = g
	}
	inPeriod := f.CreatedAt.After(b.periodFrom)
	full := len(b.pool[c]) >= b.poolCap[c]
	// Every answer of the current period is fed (the scores need two
	// periods), so ideas need no say in wantsMore. Once MaxIdeas are found
	// the detector is spared the rest.
	idea := b.wantIdeas && inPeriod && len(b.ideas) < MaxIdeas && b.rules.ideas.IsIdea(text)
	if full && !idea {
		if inPeriod {
			b.eligible++ // not redacted: a full pool takes no more
		}
		return
	}
	// One redaction, and one entry in the admins' list, for both uses.
	cm, shown := b.private(f, text, g)
	if full && inPeriod {
		b.eligible++
	}
	if !shown {
		return
	}
	if idea {
		b.ideas = append(b.ideas, cm)
	}
	if full {
		return
	}
	if inPeriod {
		b.eligible++
	}
	b.pool[c] = append(b.pool[c], cm)
}

func (b *Builder) addYouSaid(f *feed.Feedback) {
	if len(b.youSaid) == 0 {
		return
	}
	for _, key := range [2]string{f.Source + "/" + f.ID, f.ID} {
		i, ok := b.youSaid[key]
		if !ok {
			continue
		}
		delete(b.youSaid, key)
		if b.isHidden(f) { // hiding wins: an admin may hide it later
			continue
		}
		// Chosen by an admin, it is shown whatever the privacy policy: the
		// admin has read it. It is redacted all the same.
		b.found[i] = feed.YouSaid{Comment: b.comment(f, strings.TrimSpace(f.Comment)).Comment, Action: b.ch.YouSaid[i].Action}
	}
}

// Missing returns the you-said comment ids not met among the answers fed so
// far, so that the caller can look them up directly.
func (b *Builder) Missing() []string {
	ids := make([]string, 0, len(b.youSaid))
	for id := range b.youSaid {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// AddYouSaid feeds an answer looked up for a Missing id.
func (b *Builder) AddYouSaid(f *feed.Feedback) {
	if slices.Contains(b.ch.Sources, f.Source) {
		b.addYouSaid(f)
	}
}

// isHidden reports whether the config hides f, by "source/id", "id", or
// the public id that stands for an id holding personal data.
func (b *Builder) isHidden(f *feed.Feedback) bool {
	switch {
	case len(b.hidden) == 0:
		return false
	case b.hidden[f.Source+"/"+f.ID] || b.hidden[f.ID]:
		return true
	}
	return b.digestIDs && b.hidden[b.publicID(f)]
}

// Extras are the parts of a snapshot that come neither from the answers
// nor from the channel's options.
type Extras struct {
	KPIs []feed.KPI
}

// Snapshot returns the channel's snapshot.
func (b *Builder) Snapshot(x Extras) feed.Snapshot {
	ch := b.ch
	s := feed.Snapshot{
		Channel:  ch.Name,
		Title:    ch.Title,
		Language: ch.Language,
		Slides:   make([]feed.Slide, len(ch.Slides)),
		Ticker:   ch.Ticker,
		Theme:    ch.Theme,
		KPIs:     aggregate.KPITiles(x.KPIs),
		Schedule: ch.Schedule,
	}
	copy(s.Slides, ch.Slides)
	s.Comments, s.Selection = b.selection()

	res := aggregate.Compute(b.scored, b.now, aggregate.Options{
		PeriodDays:  ch.PeriodDays,
		MinAnswers:  ch.MinAnswers,
		TrendWeeks:  ch.TrendWeeks,
		TargetNPS:   ch.TargetNPS,
		TargetStars: ch.TargetStars,
	})
	s.Period, s.NPS, s.Stars, s.Trend = res.Period, res.NPS, res.Stars, res.Trend
	if s.NPS != nil && len(s.NPS.ByTouchpoint) > MaxTouchpoints {
		s.NPS.ByTouchpoint = s.NPS.ByTouchpoint[:MaxTouchpoints]
	}
	if s.Stars != nil && len(s.Stars.ByTouchpoint) > MaxTouchpoints {
		s.Stars.ByTouchpoint = s.Stars.ByTouchpoint[:MaxTouchpoints]
	}

	for _, a := range ch.Announcements {
		if shown(a.Until, b.now) {
			s.Announcements = append(s.Announcements, feed.Announcement{Title: a.Title, Text: a.Text})
		}
	}
	for _, y := range b.found {
		if y.Action != "" {
			s.YouSaid = append(s.YouSaid, y)
		}
	}
	s.Ideas = slices.Clone(b.ideas)
	s.Themes = b.themes()
	s.Revision = revision(s)
	s.GeneratedAt = b.now
	return s
}

// shown reports whether something that is shown until the instant until
// (zero: always) is still shown at now.
func shown(until, now time.Time) bool { return until.IsZero() || now.Before(until) }

// revision is a digest of the content, so that rebuilding an unchanged
// channel yields the same revision and screens need not redraw or re-cache.
// The period moves with the clock, so it is left out: only what a screen
// shows counts.
func revision(s feed.Snapshot) string {
	s.GeneratedAt = time.Time{}
	s.Revision = ""
	s.Period = feed.Period{Days: s.Period.Days}
	h := sha256.New()
	_ = json.NewEncoder(h).Encode(s) // a Snapshot always encodes; the hash keeps no copy
	return hex.EncodeToString(h.Sum(nil)[:8])
}
