package scene

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// DefaultCardSeconds is how long a card holds when the snapshot's
// playlist does not say.
const DefaultCardSeconds = 10

// minCardSeconds keeps a misconfigured playlist from flashing cards faster
// than anyone can read them.
const minCardSeconds = 3

// Kind is what a card shows. The playlist kinds of feed.Slide, plus the
// you-said cards (which the announcement slide shows after its
// announcements) and the waiting screen.
type Kind string

// The kinds of card.
const (
	KindWaiting      Kind = "waiting"
	KindComment      Kind = "comments"
	KindNPS          Kind = "nps"
	KindStars        Kind = "stars"
	KindTrend        Kind = "trend"
	KindKPIs         Kind = "kpis"
	KindAnnouncement Kind = "announcement"
	KindYouSaid      Kind = "you_said"
	KindTouchpoints  Kind = "touchpoints"
	KindThemes       Kind = "themes"
	KindIdeas        Kind = "ideas"
)

// defaultPlaylist is shown when a snapshot has no playlist: every kind,
// each skipped when its data is missing.
var defaultPlaylist = []feed.Slide{
	{Kind: "comments"}, {Kind: "nps"}, {Kind: "stars"}, {Kind: "trend"}, {Kind: "kpis"}, {Kind: "touchpoints"}, {Kind: "themes"}, {Kind: "ideas"}, {Kind: "announcement"},
}

// Card is what fills the screen between header and ticker: one comment,
// one score slide, one announcement or you-said pair, or the calm waiting
// screen when there is nothing to show. Cards made by a Deck carry their
// hold time and a precomputed key; the layout needs only Kind and the
// pointer of that kind.
type Card struct {
	Kind         Kind
	Comment      *feed.Comment      // KindComment
	Announcement *feed.Announcement // KindAnnouncement
	YouSaid      *feed.YouSaid      // KindYouSaid
	Seconds      int                // how long the card holds

	id, key string
}

// kind is c.Kind, inferred for cards built by hand with only a comment.
func (c Card) kind() Kind {
	switch {
	case c.Kind != "":
		return c.Kind
	case c.Comment != nil:
		return KindComment
	}
	return KindWaiting
}

// Waiting reports whether c is the waiting screen.
func (c Card) Waiting() bool { return c.kind() == KindWaiting }

// Slide names the card for the heartbeat: its playlist kind, or "waiting".
func (c Card) Slide() string {
	if k := c.kind(); k != KindYouSaid {
		return string(k)
	}
	return string(KindAnnouncement)
}

// ID identifies the card within its snapshot: "comments/s-101", "nps",
// "announcement/2". A card keeps its ID across snapshots while it stays.
func (c Card) ID() string {
	if c.id != "" {
		return c.id
	}
	switch c.kind() {
	case KindComment:
		return "comments/" + c.Comment.ID
	case KindYouSaid:
		return "you_said/" + c.YouSaid.Comment.ID
	}
	return string(c.kind())
}

// Key identifies the card's picture: equal keys paint equal images (up to
// the relative age of a comment), so a renderer can keep a prepared image
// across snapshots that did not change this card. Cards from a Deck have
// it precomputed, so that asking for it every tick costs nothing.
func (c Card) Key() string {
	if c.key != "" {
		return c.key
	}
	if c.Waiting() {
		return "waiting"
	}
	return cardKey(c.ID(), "", []any{c.Comment, c.Announcement, c.YouSaid})
}

// Deck is the playlist on screen: which card shows and for how many more
// ticks. It is owned by the game loop's Update goroutine; Tick, Current
// and Upcoming allocate nothing.
type Deck struct {
	tps   int
	snap  *feed.Snapshot
	cards []Card
	idx   int // the card on screen
	ticks int // ticks the current card has been on screen
}

// NewDeck returns an empty deck (showing the waiting card) that counts tps
// ticks per second.
func NewDeck(tps int) *Deck { return &Deck{tps: max(tps, 1)} }

// Snapshot returns the snapshot on screen, or nil before the first.
func (d *Deck) Snapshot() *feed.Snapshot { return d.snap }

// Len is the number of cards in one cycle.
func (d *Deck) Len() int { return len(d.cards) }

// HoldTicks is how many ticks the current card stays on screen.
func (d *Deck) HoldTicks() int {
	if len(d.cards) == 0 {
		return DefaultCardSeconds * d.tps
	}
	return d.cards[d.idx].Seconds * d.tps
}

// Current returns the card on screen.
func (d *Deck) Current() Card {
	if len(d.cards) == 0 {
		return Card{Kind: KindWaiting}
	}
	return d.cards[d.idx]
}

// Upcoming returns the card that follows the current one, so that its image
// can be prepared before it is due.
func (d *Deck) Upcoming() Card {
	if len(d.cards) == 0 {
		return Card{Kind: KindWaiting}
	}
	return d.cards[(d.idx+1)%len(d.cards)]
}

// Tick advances the deck by one tick and reports whether the card changed.
func (d *Deck) Tick() bool {
	if len(d.cards) < 2 {
		d.ticks = 0
		return false
	}
	d.ticks++
	if d.ticks < d.HoldTicks() {
		return false
	}
	d.ticks = 0
	d.idx = (d.idx + 1) % len(d.cards)
	return true
}

// SetSnapshot replaces the content and reports whether the card on screen
// changed. A snapshot that brings comments the previous one did not have
// jumps to the newest of them at once, so that a fresh comment shows within
// a second; any other snapshot keeps the current card and its timing, so
// that an unrelated update does not restart the cycle.
func (d *Deck) SetSnapshot(s *feed.Snapshot) bool {
	before := d.Current()
	prev := d.snap

	d.snap = s
	d.cards = Cards(s) // never empty: the waiting card when nothing else

	switch {
	case len(d.cards) == 1:
		d.idx, d.ticks = 0, 0
	case prev != nil && newestNew(prev, d.cards) >= 0:
		d.idx, d.ticks = newestNew(prev, d.cards), 0
	default:
		i := indexOf(d.cards, before.ID())
		if i < 0 {
			// The card on screen was hidden or aged out: show what took its
			// place, from the start of its time.
			i, d.ticks = min(d.idx, len(d.cards)-1), 0
		}
		d.idx = i
	}
	return d.Current().Key() != before.Key()
}

// Cards returns the cards of s in playlist order, each with its hold time
// and key, or the waiting card alone when there is nothing to show: what
// the deck cycles through and what the render command writes, one image
// each. A kind whose data is missing is skipped, never shown empty.
func Cards(s *feed.Snapshot) []Card {
	if s == nil {
		return []Card{{Kind: KindWaiting, id: "waiting", key: "waiting", Seconds: DefaultCardSeconds}}
	}
	playlist := s.Slides
	if len(playlist) == 0 {
		playlist = defaultPlaylist
	}
	style := styleHash(s)
	var out []Card
	for i, sl := range playlist {
		secs := DefaultCardSeconds
		if sl.Seconds > 0 {
			secs = max(sl.Seconds, minCardSeconds)
		}
		add := func(c Card, id string, content any) {
			c.Seconds = secs
			c.id = id
			if i > 0 && seenKind(playlist[:i], sl.Kind) {
				// The same kind twice in one playlist: keep IDs apart.
				c.id = fmt.Sprintf("%s#%d", id, i)
			}
			c.key = cardKey(c.id, style, content)
			out = append(out, c)
		}
		switch sl.Kind {
		case "comments":
			for j := range s.Comments {
				c := &s.Comments[j]
				if strings.TrimSpace(c.Text) != "" {
					add(Card{Kind: KindComment, Comment: c}, "comments/"+c.ID, c)
				}
			}
		case "nps":
			if s.NPS != nil && s.NPS.Responses > 0 {
				add(Card{Kind: KindNPS}, "nps", []any{s.NPS, shownPeriod(s.Period)})
			}
		case "stars":
			if s.Stars != nil && s.Stars.Responses > 0 {
				add(Card{Kind: KindStars}, "stars", []any{s.Stars, shownPeriod(s.Period)})
			}
		case "trend":
			if _, ok := trendSeries(s); ok {
				add(Card{Kind: KindTrend}, "trend", []any{s.Trend, targets(s)})
			}
		case "kpis":
			if len(s.KPIs) > 0 {
				add(Card{Kind: KindKPIs}, "kpis", []any{s.KPIs, s.NPS, s.Stars})
			}
		case "touchpoints":
			if _, ok := journeyOf(s); ok {
				add(Card{Kind: KindTouchpoints}, "touchpoints", journeyContent(s))
			}
		case "themes":
			if len(topicsOf(s)) > 0 {
				add(Card{Kind: KindThemes}, "themes", []any{topicsOf(s), shownPeriod(s.Period)})
			}
		case "ideas":
			if len(ideasOf(s)) > 0 {
				// How many ideas fit depends on the slide's time to read.
				add(Card{Kind: KindIdeas}, "ideas", []any{ideasOf(s), shownPeriod(s.Period), secs})
			}
		case "announcement":
			for j := range s.Announcements {
				a := &s.Announcements[j]
				if strings.TrimSpace(a.Title+a.Text) != "" {
					add(Card{Kind: KindAnnouncement, Announcement: a}, fmt.Sprintf("announcement/%d", j), a)
				}
			}
			for j := range s.YouSaid {
				y := &s.YouSaid[j]
				if strings.TrimSpace(y.Action) != "" && strings.TrimSpace(y.Comment.Text) != "" {
					add(Card{Kind: KindYouSaid, YouSaid: y}, "you_said/"+y.Comment.ID, y)
				}
			}
		}
	}
	if len(out) == 0 {
		return []Card{{Kind: KindWaiting, id: "waiting", key: "waiting/" + style, Seconds: DefaultCardSeconds}}
	}
	return out
}

func seenKind(list []feed.Slide, kind string) bool {
	for _, s := range list {
		if s.Kind == kind {
			return true
		}
	}
	return false
}

// styleHash covers what every card's picture depends on besides its own
// content: language, colours, the ticker band's presence. It leaves out
// what changes with every snapshot but is not drawn (the revision, the
// time it was made), so that an unrelated update repaints nothing.
func styleHash(s *feed.Snapshot) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%v", s.Language, s.Theme.Background, s.Theme.Foreground, s.Theme.Accent, HasTicker(s))
	return fmt.Sprintf("%x", h.Sum64())
}

// shownPeriod is the part of a period that slides print: its length, or
// its dates when the length is unknown. The dates move with every
// snapshot and must not repaint a slide that says "last 30 days".
func shownPeriod(p feed.Period) any {
	if p.Days > 0 {
		return p.Days
	}
	return p
}

// cardKey names what a card shows: its id, style and a hash of the part
// of the snapshot it shows (its content, encoded into the hash and kept
// nowhere).
func cardKey(id, style string, content any) string {
	h := fnv.New64a()
	_ = json.NewEncoder(h).Encode(content)
	return fmt.Sprintf("%s/%s/%x", id, style, h.Sum64())
}

// targets returns the NPS and star targets, for keys.
func targets(s *feed.Snapshot) []*float64 {
	var out []*float64
	if s.NPS != nil {
		out = append(out, s.NPS.Target)
	}
	if s.Stars != nil {
		out = append(out, s.Stars.Target)
	}
	return out
}

// newestNew returns the index in cards of the comment card showing the
// newest comment that prev did not have, or -1.
func newestNew(prev *feed.Snapshot, cards []Card) int {
	old := make(map[string]bool, len(prev.Comments))
	for _, c := range prev.Comments {
		old[c.ID] = true
	}
	best := -1
	for i, c := range cards {
		if c.Kind != KindComment || old[c.Comment.ID] {
			continue
		}
		if best < 0 || c.Comment.CreatedAt.After(cards[best].Comment.CreatedAt) {
			best = i
		}
	}
	return best
}

func indexOf(cards []Card, id string) int {
	for i, c := range cards {
		if c.id == id {
			return i
		}
	}
	return -1
}

// Newest returns the creation time of the newest comment whose relative
// age card c prints ("vor 3 Std."), and false for a card that prints none:
// a picture painted ahead shows that age as of when it was painted.
func Newest(c Card, s *feed.Snapshot) (time.Time, bool) {
	switch c.kind() {
	case KindComment:
		return c.Comment.CreatedAt, true
	case KindYouSaid:
		return c.YouSaid.Comment.CreatedAt, true
	case KindIdeas:
		var t time.Time
		for _, cm := range ideasOf(s) {
			if cm.CreatedAt.After(t) {
				t = cm.CreatedAt
			}
		}
		return t, !t.IsZero()
	}
	return time.Time{}, false
}
