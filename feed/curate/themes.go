package curate

import (
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"

	"github.com/cxtv/cxtv/feed"
)

// Limits of the themes of a snapshot.
const (
	// MaxThemes is how many themes a snapshot lists: the admins' that
	// qualify first, then the discovered ones.
	MaxThemes = 6
	// QuoteRunes is the longest quote of a theme; a longer comment is
	// shortened at a word boundary and ends in "…".
	QuoteRunes = 140
	// maxTerms bounds the discovered words and pairs a builder counts.
	// Past it, those met least so far are dropped (once, then twice …)
	// until half remain: BenchmarkThemes100k's comments hold 173,000
	// distinct stems and pairs, 144,000 of them met once, and a topic needs
	// ten comments. A topic met again after being dropped may so be counted
	// short by the few comments met before; admin themes are exact.
	maxTerms = 30000
	// quoteCandidates is how many comments per theme are kept to find one
	// that the privacy policy lets a screen show.
	quoteCandidates = 3
	// Trend thresholds: a share must move by trendPoints and by
	// trendRatio of itself to count as rising or falling.
	trendPoints = 0.03
	trendRatio  = 1.2
)

// themeCounter counts the themes of a channel's comments as the builder
// walks them; the builder owns it.
type themeCounter struct {
	min    int
	lang   string // the channel's, for comments of unknown language
	admin  []adminTheme
	covers []patWord // every word of the admin themes: not discovered again

	terms    map[string]*tally     // stem or "stem stem"
	words    map[string]*themeWord // lower-cased word → what is known of it
	env      *snowballstem.Env
	cur, pre int   // comments in the current and the previous period
	closed   bool  // the current period is counted: no new terms
	seq      int32 // of the comment being counted

	block []tally  // tallies not yet used
	free  []*tally // tallies of pruned terms

	toks []themeToken
	low  []byte // the lower-cased words, one after another
	key  []byte
}

// adminTheme is a compiled config theme.
type adminTheme struct {
	patterns [][]patWord
	tally    tally // labelled with the theme's name
}

// patWord is one word of a theme's pattern, folded; prefix: it ended in *.
type patWord struct {
	w      string
	prefix bool
}

func (p patWord) matches(w string) bool {
	if p.prefix {
		return strings.HasPrefix(w, p.w)
	}
	return w == p.w
}

// tally is what is known of one theme.
type tally struct {
	label           string
	cur, pre        int
	prom, pass, det int
	starSum, starN  int
	last            int32 // the comment counted last, so that one counts once
	cands           [quoteCandidates]*quoteCandidate
	// shouted: the label is in capitals ("PARKPLATZ"), to be replaced by
	// the next spelling that is not.
	shouted bool
}

// quoteCandidate is a comment of the current period that may be shown,
// before redaction.
type quoteCandidate struct {
	f     feed.Feedback
	text  string
	group int
}

func newThemeCounter(ch *Channel) *themeCounter {
	tc := &themeCounter{
		min:   max(1, ch.ThemeMinComments),
		lang:  ch.Language,
		terms: map[string]*tally{},
		words: map[string]*themeWord{},
		env:   snowballstem.NewEnv(""),
	}
	for _, t := range ch.Themes {
		at := adminTheme{tally: tally{label: t.Name, last: -1}}
		for _, m := range t.Match {
			var pat []patWord
			for w := range strings.FieldsSeq(m) {
				p := patWord{}
				if strings.HasSuffix(w, "*") {
					w, p.prefix = strings.TrimSuffix(w, "*"), true
				}
				p.w = string(foldTheme(nil, w))
				pat = append(pat, p)
				tc.covers = append(tc.covers, p)
			}
			if len(pat) > 0 {
				at.patterns = append(at.patterns, pat)
			}
		}
		tc.admin = append(tc.admin, at)
	}
	return tc
}

// commentRef is what counting needs of one comment. Whether it may be
// quoted is asked of b, and only when a theme still lacks candidates.
type commentRef struct {
	f       *feed.Feedback
	text    string
	current bool
	group   int
	b       *Builder // nil: not to be quoted
	cand    *quoteCandidate
}

// add counts one comment of the current or the previous period.
func (tc *themeCounter) add(c *commentRef) {
	tc.seq++
	if c.current {
		tc.cur++
	} else {
		tc.pre++
		if !tc.closed {
			tc.closeCurrent()
		}
	}
	tc.tokenize(c.text)
	en := tc.english(c.f.Language)

	for i := range tc.admin {
		if tc.matchesAdmin(&tc.admin[i]) {
			tc.count(&tc.admin[i].tally, c)
		}
	}

	prev := ""
	for i := range tc.toks {
		t := &tc.toks[i]
		low := tc.low[t.l0:t.l1]
		if t.word.stop != 0 || t.word.skip || t.word.covered {
			prev = ""
			continue
		}
		stem := tc.stem(t.word, low, en)
		tc.countTerm(stem, c.text[t.s:t.e], c)
		if prev != "" && oneClause(c.text[tc.toks[i-1].e:t.s]) {
			tc.key = append(append(append(tc.key[:0], prev...), ' '), stem...)
			tc.countPair(c, i)
		}
		prev = stem
	}
	if len(tc.terms) > maxTerms {
		tc.prune()
	}
}

// countPair counts the pair of words in tc.key, the previous word and
// word i.
func (tc *themeCounter) countPair(c *commentRef, i int) {
	t, ok := tc.terms[string(tc.key)]
	if !ok && tc.closed {
		return
	}
	// The label is the comment's own text, not a copy: one of the words'
	// few allocations saved per distinct pair.
	label := c.text[tc.toks[i-1].s:tc.toks[i].e]
	if !ok {
		t = tc.newTally(label)
		tc.terms[string(tc.key)] = t
	}
	t.relabel(label)
	tc.count(t, c)
}

func (tc *themeCounter) countTerm(stem, surface string, c *commentRef) {
	t, ok := tc.terms[stem]
	if !ok && tc.closed {
		return
	}
	if !ok {
		t = tc.newTally(surface)
		tc.terms[stem] = t
	}
	t.relabel(surface)
	tc.count(t, c)
}

// newTally is a tally for a new term, from the free list or a new block
// of them: counting allocates per distinct term, never per comment.
func (tc *themeCounter) newTally(label string) *tally {
	if n := len(tc.free); n > 0 {
		t := tc.free[n-1]
		tc.free = tc.free[:n-1]
		*t = tally{label: label, last: -1, shouted: shouted(label)}
		return t
	}
	if len(tc.block) == 0 {
		tc.block = make([]tally, 256)
	}
	t := &tc.block[0]
	tc.block = tc.block[1:]
	*t = tally{label: label, last: -1, shouted: shouted(label)}
	return t
}

// relabel takes label for t if t's is in capitals and label is not.
func (t *tally) relabel(label string) {
	if t.shouted && !shouted(label) {
		t.label, t.shouted = label, false
	}
}

// shouted reports whether s is written in capitals (two letters or more).
func shouted(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n > 1
}

// oneClause reports whether the text between two words keeps them in one
// phrase: spaces or a hyphen, not a comma or a full stop.
func oneClause(gap string) bool {
	for _, r := range gap {
		if !unicode.IsSpace(r) && r != '-' && r != '‐' {
			return false
		}
	}
	return true
}

// count counts c for t once.
func (tc *themeCounter) count(t *tally, c *commentRef) {
	if t.last == tc.seq {
		return
	}
	t.last = tc.seq
	if !c.current {
		t.pre++
		return
	}
	t.cur++
	switch c.f.Scale {
	case feed.ScaleNPS:
		switch c.group {
		case groupPromoter:
			t.prom++
		case groupPassive:
			t.pass++
		default:
			t.det++
		}
	case feed.ScaleStars:
		t.starSum += c.f.Score
		t.starN++
	}
	// Comments come newest first: the first candidates are the newest.
	n := 0
	for n < len(t.cands) && t.cands[n] != nil {
		n++
	}
	if n == len(t.cands) || c.b == nil {
		return
	}
	if c.cand == nil {
		if !c.b.filtered(c.f, c.text) {
			c.b = nil // asked once per comment
			return
		}
		f := *c.f
		f.Comment = c.text // the texts are shared, not copied
		c.cand = &quoteCandidate{f: f, text: c.text, group: c.group}
	}
	t.cands[n] = c.cand
}

// closeCurrent ends the current period: the comments come newest first,
// so a term with fewer than the minimum now can no longer be shown, and
// the previous period's comments only count the terms that can.
func (tc *themeCounter) closeCurrent() {
	tc.closed = true
	for k, t := range tc.terms {
		if t.cur < tc.min {
			delete(tc.terms, k)
		}
	}
}

// prune drops the terms met least, so that a builder's memory stays
// bounded however many comments it walks.
func (tc *themeCounter) prune() {
	for floor := 1; len(tc.terms) > maxTerms/2; floor++ {
		for k, t := range tc.terms {
			if t.cur+t.pre <= floor {
				delete(tc.terms, k)
				*t = tally{}
				tc.free = append(tc.free, t)
			}
		}
	}
}

// covered reports whether the folded word w is one of the admin themes'.
func (tc *themeCounter) covered(w string) bool {
	for _, p := range tc.covers {
		if p.matches(w) {
			return true
		}
	}
	return false
}

func (tc *themeCounter) matchesAdmin(at *adminTheme) bool {
	for _, pat := range at.patterns {
		for i := 0; i+len(pat) <= len(tc.toks); i++ {
			ok := true
			for j, p := range pat {
				t := tc.toks[i+j]
				if !p.matches(t.word.folded) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}
