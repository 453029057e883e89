package curate

import (
	"slices"
	"strings"
	"time"

	"github.com/google/btree"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

// Live is one channel's state, kept up to date as its answers come, change
// and go, so that a snapshot costs in proportion to what changed and not
// to what is stored. Its Snapshot is what a Builder fed every stored
// answer would make at the same instant, but for the themes: counting them
// takes every comment's text, so Live shows those of the last
// NewThemeBuilder walk its caller handed it (SetThemes).
//
// Live keeps the scores in an aggregate.Window and, of each comment a
// screen may show at some age, its time and group; the text is looked up
// (Extras.Lookup) and redacted once, when the comment becomes a candidate
// for a card or an idea. It is not safe for concurrent use.
type Live struct {
	v      *Builder // the channel's rules; its walk state stays empty
	scores *aggregate.Window
	keep   bool // keep comments of any age (no max_age_days)

	comments []*liveComment              // by the answer's slot in scores; nil: no comment
	ncomment int                         // of them not nil
	all      *btree.BTreeG[*liveComment] // by time, then key
	groups   [3]*btree.BTreeG[*liveComment]
	ideas    *btree.BTreeG[*liveComment] // those a detector took for one
	inPeriod timeSpan                    // of all: the eligible count
	themes   []feed.Topic
	aged     time.Time // the latest instant Age was given
}

// AgeSlack is how far the clock may be set back after Age and the state
// still hold every answer a snapshot needs (Covers).
const AgeSlack = 24 * time.Hour

// liveComment is a comment that passes the channel's filters but for its
// age: with its places in the trees and in comments, about 40 bytes; its
// key is the Window's (BenchmarkLiveMemory: 147–152 bytes an answer, the
// Window's 125 included, three answers in five with a comment; 185 when
// Live kept a map of its own and the key in each comment).
type liveComment struct {
	at    int64 // CreatedAt in Unix nanoseconds
	slot  int32 // the answer's in the Window, whose key (source \x00 id) orders answers of one instant as the store does; −1 in a search
	group int8
	// Once looked up: redacted, and whether the privacy policy shows it.
	looked bool
	shown  bool
	cm     *feed.Comment
}

// less orders comments by time, then key.
func (l *Live) less(a, b *liveComment) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return strings.Compare(l.scores.Key(a.slot), l.scores.Key(b.slot)) < 0
}

// at is a search key: before every comment created at t.
func at(t int64) *liveComment { return &liveComment{at: t, slot: -1} }

// NewLive returns the empty state of ch; Add feeds it.
func (r *Rules) NewLive(ch *Channel) *Live {
	l := &Live{
		v:      r.NewBuilder(ch, time.Time{}),
		scores: aggregate.NewWindow(scoreOptions(ch)),
		keep:   ch.MaxAgeDays <= 0,
	}
	l.all, l.ideas = btree.NewG(32, l.less), btree.NewG(32, l.less)
	for c := range l.groups {
		l.groups[c] = btree.NewG(32, l.less)
	}
	return l
}

// Channel is the channel l keeps.
func (l *Live) Channel() *Channel { return l.v.ch }

// Len is the number of answers held, and of those the comments.
func (l *Live) Len() (answers, comments int) { return l.scores.Len(), l.ncomment }

// Since is the oldest instant whose answers l can use at now or later; zero
// when comments of any age may be shown.
func (l *Live) Since(now time.Time) time.Time {
	if l.keep {
		return time.Time{}
	}
	since := l.scores.Since(now)
	if from := now.UTC().AddDate(0, 0, -l.v.ch.MaxAgeDays); from.Before(since) {
		return from
	}
	return since
}

// Add feeds an answer, new or a later version of one fed before; answers
// of other sources are ignored.
func (l *Live) Add(f *feed.Feedback) {
	if !slices.Contains(l.v.ch.Sources, f.Source) {
		return
	}
	key := f.Source + "\x00" + f.ID
	l.remove(key)
	scored := *f
	scored.Comment = ""
	scored.Touchpoint = l.v.touchpoint(f.Touchpoint)
	slot := l.scores.Add(key, scored)
	if n := l.scores.Slots(); n > len(l.comments) {
		l.comments = slices.Grow(l.comments, n-len(l.comments))[:n]
	}

	text := strings.TrimSpace(f.Comment)
	if text == "" || !l.v.showable(f, text) {
		return
	}
	c := &liveComment{at: f.CreatedAt.UnixNano(), slot: slot, group: int8(group(f.Scale, f.Score))}
	l.comments[slot] = c
	l.ncomment++
	l.all.ReplaceOrInsert(c)
	l.groups[l.pool(c)].ReplaceOrInsert(c)
	if l.v.wantIdeas && l.v.rules.ideas.IsIdea(text) {
		l.ideas.ReplaceOrInsert(c)
	}
	l.inPeriod.move(c.at, 1)
}

// Remove lets go of the answer of source and id, if held.
func (l *Live) Remove(source, id string) { l.remove(source + "\x00" + id) }

func (l *Live) remove(key string) {
	slot, ok := l.scores.Slot(key)
	if !ok {
		return
	}
	if c := l.comments[slot]; c != nil {
		// Out of the trees while the Window still holds the key they
		// are ordered by.
		l.all.Delete(c)
		l.groups[l.pool(c)].Delete(c)
		l.ideas.Delete(c)
		l.inPeriod.move(c.at, -1)
		l.comments[slot] = nil
		l.ncomment--
	}
	l.scores.Remove(key)
}

// pool is the candidate pool c belongs to: its group's, or the one pool of
// a "latest" selection.
func (l *Live) pool(c *liveComment) int {
	if l.v.ch.Selection.Latest {
		return 0
	}
	return int(c.group)
}

// Prune lets go of the answers created before t, as the store's retention
// deletes them.
func (l *Live) Prune(t time.Time) {
	limit := t.UnixNano()
	var old []string
	l.all.Ascend(func(c *liveComment) bool {
		if c.at >= limit {
			return false
		}
		old = append(old, l.scores.Key(c.slot))
		return true
	})
	for _, key := range old {
		l.remove(key)
	}
	l.scores.Prune(t)
}

// Age lets go of the answers that no snapshot at now, or up to AgeSlack
// before, can use.
func (l *Live) Age(now time.Time) {
	if !now.After(l.aged) {
		return
	}
	l.aged = now
	if since := l.Since(now.Add(-AgeSlack)); !since.IsZero() {
		l.Prune(since)
	}
}

// Covers reports whether l holds what a snapshot at now needs: whether
// the clock was not set back by more than AgeSlack since Age let answers
// go. When it was, the caller feeds a new Live.
func (l *Live) Covers(now time.Time) bool {
	return l.aged.IsZero() || !now.Before(l.aged.Add(-AgeSlack))
}

// SetThemes takes the themes its snapshots show from now on: those of a
// NewThemeBuilder fed the stored answers.
func (l *Live) SetThemes(t []feed.Topic) { l.themes = t }

// Snapshot returns the channel's snapshot as of now; x.Lookup finds the
// texts of the candidate comments.
func (l *Live) Snapshot(now time.Time, x Extras) feed.Snapshot {
	now = now.UTC()
	ch := l.v.ch
	hi := now.UnixNano()
	periodFrom := now.AddDate(0, 0, -ch.PeriodDays).UnixNano()
	commentFrom := int64(-1 << 63)
	if !l.keep {
		commentFrom = now.AddDate(0, 0, -ch.MaxAgeDays).UnixNano()
	}
	// A Builder counts the comments after periodFrom and not before
	// commentFrom.
	eligible := l.inPeriod.count(l.all, max(periodFrom+1, commentFrom), hi)

	var pool [3][]feed.Comment
	for c, n := range poolCaps(ch) {
		if n > 0 {
			pool[c] = l.newest(l.groups[c], hi, commentFrom, n, x)
		}
	}
	var ideas []feed.Comment
	if l.v.wantIdeas {
		ideas = l.newest(l.ideas, hi, max(periodFrom+1, commentFrom), MaxIdeas, x)
	}
	comments, sel := selection(ch, pool, eligible)
	return l.v.snapshot(now, x, content{
		comments: comments, selection: sel,
		scores: l.scores.Result(now),
		ideas:  ideas, themes: l.themes,
	})
}

// newest returns the n newest comments of t created in [from, to] that the
// privacy policy shows, redacted.
func (l *Live) newest(t *btree.BTreeG[*liveComment], to, from int64, n int, x Extras) []feed.Comment {
	var out []feed.Comment
	t.DescendLessOrEqual(at(to+1), func(c *liveComment) bool {
		if c.at < from {
			return false
		}
		if l.judge(c, x) {
			out = append(out, *c.cm)
		}
		return len(out) < n
	})
	return out
}

// judge looks c up, redacts it, and reports whether it may be shown; once
// per comment.
func (l *Live) judge(c *liveComment, x Extras) bool {
	if c.looked {
		return c.shown
	}
	source, id, _ := strings.Cut(l.scores.Key(c.slot), "\x00")
	var f feed.Feedback
	ok := false
	if x.Lookup != nil {
		var err error
		f, ok, err = x.Lookup(source, id)
		if err != nil {
			return false // not cached: the next snapshot asks again
		}
	}
	c.looked = true
	if !ok {
		return false
	}
	cm, shown := l.v.judge(&f, strings.TrimSpace(f.Comment), int(c.group))
	c.shown, c.cm = shown, &cm
	return shown
}

// timeSpan counts the comments of a tree created in [lo, hi] and keeps the
// count as both bounds move forward, so that a count costs the comments
// that crossed a bound since the last one, not all of them.
type timeSpan struct {
	ok     bool
	lo, hi int64
	n      int
}

// count returns the number of comments of t in [lo, hi].
func (s *timeSpan) count(t *btree.BTreeG[*liveComment], lo, hi int64) int {
	switch {
	case !s.ok || lo < s.lo || hi < s.hi || lo > s.hi:
		s.n = countRange(t, lo, hi)
	default:
		s.n += countRange(t, s.hi+1, hi) - countRange(t, s.lo, lo-1)
	}
	s.ok, s.lo, s.hi = true, lo, hi
	return s.n
}

// move counts a comment created at at that came (d = 1) or went (d = −1).
func (s *timeSpan) move(at int64, d int) {
	if s.ok && at >= s.lo && at <= s.hi {
		s.n += d
	}
}

// countRange counts the comments of t created in [lo, hi].
func countRange(t *btree.BTreeG[*liveComment], lo, hi int64) int {
	if lo > hi {
		return 0
	}
	n := 0
	t.AscendGreaterOrEqual(at(lo), func(c *liveComment) bool {
		if c.at > hi {
			return false
		}
		n++
		return true
	})
	return n
}
