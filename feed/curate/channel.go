package curate

import (
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Channel says what one channel's snapshot is made of. It is taken as it
// is: cmd/cxtv-feed builds it from a validated config, whose validation has
// filled in every default. A zero number means what it says (MaxComments 0
// shows no comments), except where a field's comment says otherwise.
type Channel struct {
	Name     string
	Title    string
	Language string
	Sources  []string // the sources whose answers the channel shows
	Slides   []feed.Slide
	Ticker   bool
	Theme    feed.Theme
	Schedule *feed.Schedule // nil: always on

	// Which comments may be shown.
	MaxAgeDays  int      // 0: any age
	MinLength   int      // shorter comments are not shown
	Languages   []string // empty: all
	Touchpoints []string // empty: all
	Hidden      []string // "source/id", "id", or a public id ("source/#…")
	Selection   Selection
	MaxComments int // comment cards per snapshot
	Privacy     Privacy

	// Scores.
	PeriodDays  int      // the rolling period, at least 1
	MinAnswers  int      // below this a score is not yet meaningful
	TrendWeeks  int      // weeks of the trend series
	TargetNPS   *float64 // nil: no target
	TargetStars *float64 // nil: no target

	// Themes are the admins' themes, global and the channel's; a theme or
	// a discovered topic is shown from ThemeMinComments comments on.
	Themes           []Theme
	ThemeMinComments int

	Announcements []Announcement
	YouSaid       []YouSaid // "you said / we did" cards
}

// Privacy says what happens to a comment that names a person (after
// redaction its name is gone, but a complaint may still point at the one
// cashier of a small branch).
type Privacy struct {
	HidePeople   bool // hide every such comment; else show it redacted
	HideNegative bool // hide such a comment when it is a detractor's
}

// Selection says which comments fill the snapshot's cards.
type Selection struct {
	// Latest takes the newest comments; otherwise the cards are shared
	// among promoters, passives and detractors by the weights (a group of
	// weight 0 gets none).
	Latest                          bool
	Promoters, Passives, Detractors int
}

// Announcement is a pinned text.
type Announcement struct {
	Title, Text string
	Until       time.Time // shown before this instant; zero: always
}

// YouSaid pairs a stored comment with the action taken about it.
type YouSaid struct {
	Comment string // "source/id" or "id"
	Action  string
	Until   time.Time // shown before this instant; zero: always
}

// Theme is an admin's topic: a comment mentions it when it contains one of
// Match, a word or words in sequence, compared case-insensitively and with
// ä, ö, ü, ß the same as ae, oe, ue, ss; a last word ending in * matches
// every word that begins with it.
type Theme struct {
	Name  string
	Match []string
}
