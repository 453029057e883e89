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
	digestIDs   bool // some hidden ids are public digests ("source/#…")
	themesOnly  bool // NewThemeBuilder's: counts the themes and nothing else

	scored      []feed.Feedback   // without comment text; touchpoints redacted
	touchpoints map[string]string // touchpoint → redacted
	pool        [3][]feed.Comment // per category, newest first; "latest" mode uses pool[0]
	poolCap     [3]int
	eligible    int            // comments in the current period that pass the filters
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
	b.poolCap = poolCaps(ch)
	return b
}

// NewThemeBuilder starts the themes of ch as of now: a Builder that counts
// them, for Themes, and nothing else. Live takes its themes from one.
func (r *Rules) NewThemeBuilder(ch *Channel, now time.Time) *Builder {
	b := r.NewBuilder(ch, now)
	b.themesOnly = true
	return b
}

// poolCaps is how many candidate comments ch keeps per group: each as
// many as the whole selection could take from it when the others run dry.
// A "latest" selection keeps one pool, the first.
func poolCaps(ch *Channel) [3]int {
	var caps [3]int
	if ch.Selection.Latest {
		caps[0] = ch.MaxComments
		return caps
	}
	for c, w := range ch.Selection.weights() {
		if w > 0 {
			caps[c] = ch.MaxComments
		}
	}
	return caps
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
	if b.themesOnly {
		if b.themeCount == nil {
			return false
		}
		if slices.Contains(b.ch.Sources, f.Source) {
			b.addThemes(f)
		}
		return f.CreatedAt.After(b.prevFrom)
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
	return !f.CreatedAt.Before(b.commentFrom) && b.fits(f, text)
}

// fits reports whether f's comment, text, is long enough and in a
// language and touchpoint the channel shows.
func (b *Builder) fits(f *feed.Feedback, text string) bool {
	return utf8.RuneCountInString(text) >= b.ch.MinLength &&
		(len(b.ch.Languages) == 0 || slices.Contains(b.ch.Languages, f.Language)) &&
		(len(b.ch.Touchpoints) == 0 || slices.Contains(b.ch.Touchpoints, f.Touchpoint))
}

// showable reports whether f's comment, text, may be shown at some age:
// it is not hidden, fits the filters, and holds no blocked word.
func (b *Builder) showable(f *feed.Feedback, text string) bool {
	return !b.isHidden(f) && b.fits(f, text) && !b.rules.moderator.Blocked(text)
}

func (b *Builder) wantsMore(t time.Time) bool {
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
	if text == "" || f.CreatedAt.Before(b.commentFrom) || !b.showable(f, text) {
		return
	}
	c, g := 0, group(f.Scale, f.Score)
	if !b.ch.Selection.Latest {
		c = g
	}
	inPeriod := f.CreatedAt.After(b.periodFrom)
	if inPeriod {
		b.eligible++
	}
	full := len(b.pool[c]) >= b.poolCap[c]
	// Every answer of the current period is fed (the scores need two
	// periods), so ideas need no say in wantsMore. Once MaxIdeas are found
	// the detector is spared the rest.
	idea := b.wantIdeas && inPeriod && len(b.ideas) < MaxIdeas && b.rules.ideas.IsIdea(text)
	if full && !idea {
		return // not redacted: a full pool takes no more
	}
	// One redaction, and one entry in the admins' list, for both uses.
	cm, shown := b.private(f, text, g)
	if !shown {
		return
	}
	if idea {
		b.ideas = append(b.ideas, cm)
	}
	if !full {
		b.pool[c] = append(b.pool[c], cm)
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
// fed nor from the channel's options.
type Extras struct {
	KPIs []feed.KPI
	// Lookup finds a stored answer by source and id: the "you said"
	// comments, and Live's candidates. Nil finds none.
	Lookup func(source, id string) (feed.Feedback, bool, error)
	// Missing, if set, is told of a "you said" comment that is not
	// stored (err nil) or could not be looked up.
	Missing func(comment string, err error)
}

// Snapshot returns the channel's snapshot.
func (b *Builder) Snapshot(x Extras) feed.Snapshot {
	comments, sel := selection(b.ch, b.pool, b.eligible)
	return b.snapshot(b.now, x, content{
		comments: comments, selection: sel,
		scores: aggregate.Compute(b.scored, b.now, scoreOptions(b.ch)),
		ideas:  b.ideas, themes: b.themes(),
	})
}

// Themes returns the themes counted so far, for a NewThemeBuilder's
// caller.
func (b *Builder) Themes() []feed.Topic { return b.themes() }

// content is what a snapshot takes from the answers.
type content struct {
	comments  []feed.Comment
	selection string
	scores    aggregate.Result
	ideas     []feed.Comment
	themes    []feed.Topic
}

// scoreOptions are the options ch's scores are computed with.
func scoreOptions(ch *Channel) aggregate.Options {
	return aggregate.Options{
		PeriodDays:  ch.PeriodDays,
		MinAnswers:  ch.MinAnswers,
		TrendWeeks:  ch.TrendWeeks,
		TargetNPS:   ch.TargetNPS,
		TargetStars: ch.TargetStars,
	}
}

// snapshot puts the snapshot of b's channel at now together: c, the
// channel's options, and the "you said" comments looked up.
func (b *Builder) snapshot(now time.Time, x Extras, c content) feed.Snapshot {
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
	s.Comments, s.Selection = c.comments, c.selection

	res := c.scores
	s.Period, s.NPS, s.Stars, s.Trend = res.Period, res.NPS, res.Stars, res.Trend
	if s.NPS != nil && len(s.NPS.ByTouchpoint) > MaxTouchpoints {
		s.NPS.ByTouchpoint = s.NPS.ByTouchpoint[:MaxTouchpoints]
	}
	if s.Stars != nil && len(s.Stars.ByTouchpoint) > MaxTouchpoints {
		s.Stars.ByTouchpoint = s.Stars.ByTouchpoint[:MaxTouchpoints]
	}

	for _, a := range ch.Announcements {
		if shown(a.Until, now) {
			s.Announcements = append(s.Announcements, feed.Announcement{Title: a.Title, Text: a.Text})
		}
	}
	s.YouSaid = b.youSaid(now, x)
	s.Ideas = slices.Clone(c.ideas)
	s.Themes = c.themes
	s.Revision = revision(s)
	s.GeneratedAt = now
	return s
}

// youSaid looks up the channel's "you said / we did" comments shown at
// now, in the order of the config. An id "source/id" is looked for in that
// source, a bare id in each of the channel's sources in turn.
func (b *Builder) youSaid(now time.Time, x Extras) []feed.YouSaid {
	var out []feed.YouSaid
	for _, y := range b.ch.YouSaid {
		if !shown(y.Until, now) {
			continue
		}
		f, ok := b.lookUp(y.Comment, x)
		// Hiding wins: an admin may hide it later. Chosen by an admin, it
		// is shown whatever the privacy policy: the admin has read it. It
		// is redacted all the same.
		if ok && !b.isHidden(&f) {
			out = append(out, feed.YouSaid{Comment: b.comment(&f, strings.TrimSpace(f.Comment)).Comment, Action: y.Action})
		}
	}
	return out
}

// lookUp finds the comment a "you said" card names among the channel's
// sources.
func (b *Builder) lookUp(id string, x Extras) (feed.Feedback, bool) {
	if x.Lookup == nil {
		return feed.Feedback{}, false
	}
	for _, src := range b.ch.Sources {
		sid := id
		if s, rest, cut := strings.Cut(id, "/"); cut {
			if s != src {
				continue
			}
			sid = rest
		}
		f, ok, err := x.Lookup(src, sid)
		if err != nil {
			if x.Missing != nil {
				x.Missing(id, err)
			}
			return feed.Feedback{}, false
		}
		if ok {
			return f, true
		}
	}
	if x.Missing != nil {
		x.Missing(id, nil)
	}
	return feed.Feedback{}, false
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
