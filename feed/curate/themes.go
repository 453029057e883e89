package curate

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"

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
	name     string
	patterns [][]patWord
	tally    tally
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

// themeToken is one word of a comment.
type themeToken struct {
	s, e   int // in the text
	l0, l1 int // in low
	word   *themeWord
}

// themeWord is what a builder learnt of one lower-cased word, so that it
// is looked up once per comment it is in.
type themeWord struct {
	stop    uint8     // stopDE | stopEN
	stem    [2]string // German, English; "" until needed
	skip    bool      // too short or a number: never a topic
	folded  string    // for the admin themes (foldTheme)
	covered bool      // a word of an admin theme: not discovered again
}

// Stop-word lists a word is on.
const (
	onStopDE uint8 = 1 << iota
	onStopEN
)

func newThemeCounter(ch *Channel) *themeCounter {
	tc := &themeCounter{
		min:   max(1, ch.ThemeMinComments),
		lang:  ch.Language,
		terms: map[string]*tally{},
		words: map[string]*themeWord{},
		env:   snowballstem.NewEnv(""),
	}
	for _, t := range ch.Themes {
		at := adminTheme{name: t.Name, tally: tally{label: t.Name, last: -1}}
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

// foldTheme appends w lower-cased, with ä, ö, ü, ß as ae, oe, ue, ss (and a
// combining diaeresis as e), so that "Wartezeit", "WARTEZEIT" and
// "Waertezeit" spellings meet.
func foldTheme(dst []byte, w string) []byte {
	for _, r := range w {
		switch r = unicode.ToLower(r); r {
		case 'ä':
			dst = append(dst, 'a', 'e')
		case 'ö':
			dst = append(dst, 'o', 'e')
		case 'ü':
			dst = append(dst, 'u', 'e')
		case 'ß':
			dst = append(dst, 's', 's')
		case '\u0308':
			dst = append(dst, 'e')
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
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

	if len(tc.admin) > 0 {
		for i := range tc.admin {
			if tc.matchesAdmin(&tc.admin[i]) {
				tc.count(&tc.admin[i].tally, c)
			}
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

// tokenize splits text into words, lower-cased into tc.low. An apostrophe between letters stays in the word ("don't").
func (tc *themeCounter) tokenize(text string) {
	tc.toks, tc.low = tc.toks[:0], tc.low[:0]
	start := -1
	for i := 0; i <= len(text); {
		r, size := rune(0), 1
		if i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		word := i < len(text) && isWordRune(r)
		if !word && start >= 0 && (r == '\'' || r == '’') && i+size < len(text) {
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			word = unicode.IsLetter(next)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			tc.addToken(text, start, i)
			start = -1
		}
		i += size
	}
}

func (tc *themeCounter) addToken(text string, s, e int) {
	t := themeToken{s: s, e: e, l0: len(tc.low)}
	for _, r := range text[s:e] {
		if r == '’' {
			r = '\''
		}
		tc.low = utf8.AppendRune(tc.low, unicode.ToLower(r))
	}
	t.l1 = len(tc.low)
	low := tc.low[t.l0:t.l1]
	w, ok := tc.words[string(low)]
	if !ok {
		if len(tc.words) > maxTerms {
			clear(tc.words)
		}
		w = &themeWord{skip: utf8.RuneCount(low) < 3 || isNumber(low)}
		if stopDE[string(low)] {
			w.stop |= onStopDE
		}
		if stopEN[string(low)] {
			w.stop |= onStopEN
		}
		if len(tc.admin) > 0 {
			w.folded = string(foldTheme(nil, string(low)))
			w.covered = tc.covered(w.folded)
		}
		tc.words[string(low)] = w
	}
	t.word = w
	tc.toks = append(tc.toks, t)
}

// english tells which stemmer a comment's words take: its language, or
// where it has none, the one whose stop words it uses more.
func (tc *themeCounter) english(lang string) bool {
	switch {
	case strings.HasPrefix(lang, "en"):
		return true
	case strings.HasPrefix(lang, "de"):
		return false
	}
	de, en := 0, 0
	for _, t := range tc.toks {
		if t.word.stop&onStopDE != 0 {
			de++
		}
		if t.word.stop&onStopEN != 0 {
			en++
		}
	}
	if de == en {
		return tc.lang == "en"
	}
	return en > de
}

// stem returns the Snowball stem of w, lower-cased low, in the language.
func (tc *themeCounter) stem(w *themeWord, low []byte, en bool) string {
	lang := 0
	if en {
		lang = 1
	}
	if w.stem[lang] == "" {
		tc.env.SetCurrent(string(low))
		if en {
			english.Stem(tc.env)
		} else {
			german.Stem(tc.env)
		}
		w.stem[lang] = tc.env.Current()
	}
	return w.stem[lang]
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

func isNumber(w []byte) bool {
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// themes picks the themes to show: the admins' that have enough comments,
// then the discovered topics with the most, up to MaxThemes. A word that
// is blocked, redacted or a first name is no topic.
func (b *Builder) themes() []feed.Topic {
	tc := b.themeCount
	if tc == nil {
		return nil
	}
	var out []feed.Topic
	var admin []*tally
	for i := range tc.admin {
		if t := &tc.admin[i].tally; t.cur >= tc.min {
			admin = append(admin, t)
		}
	}
	slices.SortStableFunc(admin, func(x, y *tally) int { return y.cur - x.cur })
	for _, t := range admin {
		if len(out) < MaxThemes {
			out = append(out, b.topic(t, feed.TopicAdmin))
		}
	}

	type term struct {
		key string
		t   *tally
	}
	var terms []term
	for k, t := range tc.terms {
		if t.cur >= tc.min {
			terms = append(terms, term{k, t})
		}
	}
	slices.SortFunc(terms, func(x, y term) int {
		return cmp.Or(y.t.cur-x.t.cur, cmp.Compare(x.key, y.key))
	})
	// A pair of words is the better topic than its words when it carries
	// at least half of their comments ("lange warten" over "warten").
	pairs := map[string]int{} // stem → most comments of a pair with it
	for _, x := range terms {
		if a, z, ok := strings.Cut(x.key, " "); ok {
			pairs[a] = max(pairs[a], x.t.cur)
			pairs[z] = max(pairs[z], x.t.cur)
		}
	}
	used := map[string]bool{} // stems shown, alone or in a pair
	for _, x := range terms {
		if len(out) >= MaxThemes {
			break
		}
		words := strings.Fields(x.key)
		if slices.ContainsFunc(words, func(w string) bool { return used[w] }) {
			continue
		}
		if len(words) == 1 && 2*pairs[x.key] >= x.t.cur {
			continue
		}
		if b.rules.moderator.Blocked(x.t.label) {
			continue
		}
		if _, n := b.rules.redactor.Redact(x.t.label); n > 0 || firstName(x.t.label) {
			continue
		}
		for _, w := range words {
			used[w] = true
		}
		out = append(out, b.topic(x.t, feed.TopicDiscovered))
	}
	return out
}

// firstName reports whether a word of label is a first name of the
// redactor's lexicon: alone, "Max" or "Frank" is not redacted (it may be a
// word), but as a topic it most likely names someone.
func firstName(label string) bool {
	lx, err := sharedLexicon()
	if err != nil {
		return false // the redactor, built first, has failed already
	}
	var buf []byte
	for w := range strings.FieldsSeq(label) {
		buf = appendFolded(buf[:0], w)
		if lx.words[string(buf)]&wFirst != 0 {
			return true
		}
	}
	return false
}

// topic is t as a snapshot lists it.
func (b *Builder) topic(t *tally, source string) feed.Topic {
	tc := b.themeCount
	out := feed.Topic{Name: t.label, Source: source, Comments: t.cur, Previous: t.pre}
	if tc.cur > 0 {
		out.Share = float64(t.cur) / float64(tc.cur)
	}
	if n := t.prom + t.pass + t.det; n > 0 {
		v := float64(100*(t.prom-t.det)) / float64(n)
		out.NPS = &v
	}
	if t.starN > 0 {
		v := float64(t.starSum) / float64(t.starN)
		out.Stars = &v
	}
	if tc.pre >= tc.min {
		pre := float64(t.pre) / float64(tc.pre)
		switch {
		case out.Share-pre >= trendPoints && out.Share >= trendRatio*pre:
			out.Trend = feed.TrendRising
		case pre-out.Share >= trendPoints && out.Share*trendRatio <= pre:
			out.Trend = feed.TrendFalling
		default:
			out.Trend = feed.TrendSteady
		}
	}
	for _, c := range t.cands {
		if c == nil {
			break
		}
		if b.rules.moderator.Blocked(c.text) {
			continue
		}
		if cm, shown := b.judge(&c.f, c.text, c.group); shown {
			cm.Text = Shorten(cm.Text, QuoteRunes)
			out.Quote = &cm
			break
		}
	}
	return out
}

// Shorten returns s if it has at most n runes, else its longest beginning
// that ends at a word boundary and, with "…", has at most n runes.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, i := 0, 0
	for j, r := range s {
		if i > n-1 { // s[:j] and "…" have i+1 runes
			break
		}
		if unicode.IsSpace(r) {
			cut = j
		}
		i++
	}
	if cut == 0 { // one long word
		cut = len(string([]rune(s)[:n-1]))
	}
	return strings.TrimRightFunc(s[:cut], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}
