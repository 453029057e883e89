package curate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// people appends named persons: the name after a title ("Herr […] an der
// Kasse", "Frau Dr. […]") or a role ("Mein Berater […]", "driver […]"), a
// first name after "an/von/bei/mit/für/from/to/with/thanks" ("Danke an
// […]"), full names ("[…] hat geholfen") and known first names alone. The
// title or role stays: it tells the reader what the comment is about and
// names no one. A title without a name stays too ("Frau und Kinder", "Herr
// der Ringe"), as do brands and titles of stories (names/not-persons.txt),
// first names that are ordinary words when they stand alone ("Frank und
// frei", "Will you…") and the words of Options.Allow.
//
// It reads the text's words once; each word costs one map look-up.
func (r *Redactor) people(text string, spans []span) []span {
	if r.lex == nil {
		return spans
	}
	var tokArr [64]token
	var bufArr [512]byte
	toks, buf, ok := tokenize(text, r.lex, tokArr[:0], bufArr[:0])
	if !ok {
		return spans
	}
	s := scan{text: text, lx: r.lex, toks: toks, buf: buf}
	s.protect(r.lex.notPersons, wPhrase)
	if len(r.allow) > 0 {
		s.protect(r.allow, 0)
	}
	named := spans // the configured names found so far, to give them their own kind
	lastEnd := -1  // the token after the last person found
	for i := 0; i < len(s.toks); {
		start, end := s.match(i, lastEnd == i)
		if end == 0 {
			i++
			continue
		}
		sp := span{s.toks[start].start, s.toks[end-1].end, KindPerson}
		if !coveredByName(named, sp) {
			spans = append(spans, sp)
		}
		i, lastEnd = end, end
	}
	return spans
}

// coveredByName reports whether a configured name covers sp: its kind is
// then KindName alone.
func coveredByName(spans []span, sp span) bool {
	for _, s := range spans {
		if s.kind == KindName && s.start <= sp.start && sp.end <= s.end {
			return true
		}
	}
	return false
}

// What stands between a token and the one before it.
const (
	gapSpace = iota // blanks only
	gapJoin         // one hyphen or apostrophe: "Anna-Lena", "O'Brien"
	gapDot          // a dot, then blanks or nothing: "Dr. Müller"
	gapComma        // a comma, then blanks
	gapBreak        // anything else, the start of the text, a line break
)

// A token is one word of the text.
type token struct {
	start, end int    // in text
	f0, f1     int    // the folded word, in scan.buf
	flags      uint32 // from the lexicon
	runes      int
	gap        uint8 // before the token
	cap        bool  // begins with a capital letter (or the whole text is upper case)
	lower      bool  // begins with a lower-case letter
	shout      bool  // all capitals, at least two letters, in a text that is not
	word       bool  // letters only, no digits
	genitive   bool  // a first name with the genitive s: "Annas"
	protected  bool  // part of a not-person phrase or an allowed word
}

// scan holds one call's tokens. It lives on the stack of people.
type scan struct {
	text string
	lx   *lexicon
	toks []token
	buf  []byte // the folded words, one after another
}

// tokenize appends the tokens of text to toks and their folded words to
// buf, and reports whether any of them is a word. It is a function, not a
// method of scan, so that the arrays of people stay on the stack.
func tokenize(text string, lx *lexicon, toks []token, buf []byte) ([]token, []byte, bool) {
	hasLower, hasUpper, words := false, false, 0
	prevEnd := -1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end := wordEnd(text, i+size)
		t := token{start: i, end: end, f0: len(buf), word: true, gap: gapBreak}
		if prevEnd >= 0 {
			t.gap = gapKind(text[prevEnd:i])
		}
		upper, letters := 0, 0
		for k, c := range text[i:end] {
			t.runes++
			if c < utf8.RuneSelf { // most words: spare the tables of unicode
				switch {
				case 'a' <= c && c <= 'z':
					buf = append(buf, byte(c))
					letters++
					hasLower = true
					t.lower = t.lower || k == 0
				case 'A' <= c && c <= 'Z':
					buf = append(buf, byte(c)+'a'-'A')
					upper++
					letters++
					t.cap = t.cap || k == 0
				default:
					buf = append(buf, byte(c))
					t.word = false // a digit
				}
				continue
			}
			buf = utf8.AppendRune(buf, fold(c))
			switch {
			case unicode.IsUpper(c) || unicode.IsTitle(c):
				upper++
				letters++
				if k == 0 {
					t.cap = true
				}
			case unicode.IsLower(c):
				letters++
				hasLower = true
				if k == 0 {
					t.lower = true
				}
			case unicode.IsLetter(c):
				letters++ // scripts without case
			case unicode.IsDigit(c):
				t.word = false
			}
		}
		if upper > 0 {
			hasUpper = true
		}
		t.shout = letters >= 2 && upper == letters
		// A word beside an @ belongs to an address or a handle, which
		// their own rules find whole: "anna@example.de", "1234567@anna".
		t.protected = i > 0 && text[i-1] == '@' || end < len(text) && text[end] == '@'
		t.f1 = len(buf)
		if t.word && letters > 0 {
			words++
			t.flags = lookup(lx, &t, buf[t.f0:t.f1])
		} else {
			t.word = false
		}
		toks = append(toks, t)
		prevEnd, i = end, end
	}
	if hasUpper && !hasLower { // "HERR MÜLLER HAT…": every word may be a name
		for k := range toks {
			toks[k].cap, toks[k].shout = toks[k].word, false
		}
	}
	return toks, buf, words > 0
}

// lookup returns the flags of t's word; a capitalised genitive of a first
// name ("Annas") counts as the name, a German compound that ends in a role
// ("Teamleiterin") as the role.
func lookup(lx *lexicon, t *token, w []byte) uint32 {
	f := lx.words[string(w)]
	if !t.cap || f&(wFirst|wCommon) != 0 {
		return f
	}
	if n := len(w); n > 3 && w[n-1] == 's' {
		if g := lx.words[string(w[:n-1])]; g&wFirst != 0 && g&(wExcluded|wLowerWord|wCommon) == 0 {
			t.genitive = true
			return f | wFirst
		}
	}
	if f&wRole == 0 && len(w) >= 7 {
		for _, suf := range lx.suffixes {
			if len(w) > len(suf)+2 && strings.HasSuffix(string(w), suf) {
				return f | wRole
			}
		}
	}
	return f
}

// gapKind tells what the text between two words is.
func gapKind(g string) uint8 {
	switch {
	case g == "-" || g == "‐" || g == "‑" || g == "'" || g == "’":
		return gapJoin
	case strings.TrimLeftFunc(g, isBlank) == "":
		return gapSpace
	case g[0] == '.' && strings.TrimLeftFunc(g[1:], isBlank) == "":
		return gapDot
	case g[0] == ',' && strings.TrimLeftFunc(g[1:], isBlank) == "" && len(g) > 1:
		return gapComma
	}
	return gapBreak
}

// protect marks the tokens of every phrase of ps in the text. With first
// set, only tokens with that flag can begin one (the shared not-person
// phrases); without, every token is looked up (the few allowed words).
func (s *scan) protect(ps phrases, first uint32) {
	for i := range s.toks {
		if first != 0 && s.toks[i].flags&first == 0 {
			continue
		}
		for _, p := range ps[s.word(i)] {
			if n := s.phraseAt(i, p); n > 0 {
				for k := i; k < i+n; k++ {
					s.toks[k].protected = true
				}
			}
		}
	}
}

// phraseAt returns how many tokens from i are the words of p, or 0. Short
// gaps of any kind may stand between them: "Ben & Jerry's", "Fritz!Box".
func (s *scan) phraseAt(i int, p []string) int {
	if i+len(p) > len(s.toks) {
		return 0
	}
	for k, w := range p {
		t := &s.toks[i+k]
		if k > 0 {
			if g := s.text[s.toks[i+k-1].end:t.start]; len(g) > 3 || strings.ContainsAny(g, "\n\r") {
				return 0
			}
		}
		if s.word(i+k) != w {
			return 0
		}
	}
	return len(p)
}

func (s *scan) word(i int) string { return string(s.buf[s.toks[i].f0:s.toks[i].f1]) }

func (s *scan) has(i int, f uint32) bool {
	return 0 <= i && i < len(s.toks) && s.toks[i].flags&f != 0 && !s.toks[i].protected
}

// The contexts a name can stand in: each trusts a capitalised word more or
// less.
const (
	afterTitle = iota // any capitalised word that is not a common one
	afterRole         // the same, or a first name that is also a word
	afterPrep         // a first name that is not also a word
	alone             // the same
)

// match returns the tokens [start, end) of a person's name that token i
// begins, with its title or role, or end 0. afterPerson tells that a name
// ends right before i, for "an Jürgen und Nadine".
func (s *scan) match(i int, afterPerson bool) (start, end int) {
	t := &s.toks[i]
	if !t.word || t.protected {
		return 0, 0
	}
	next := i + 1
	var gap uint8 = gapBreak
	if next < len(s.toks) {
		gap = s.toks[next].gap
	}
	if s.isTitle(i) {
		j := next
		for s.has(j, wTitle|wAcademic) && (s.toks[j].gap == gapSpace || s.toks[j].gap == gapDot) {
			j++ // "Frau Dr. med. Yılmaz"
		}
		if s.has(j, wAddress|wRole) && s.toks[j].gap == gapSpace && s.toks[j].cap {
			j++ // "Frau Kollegin Schmidt", "Herr Ober"
		}
		if j >= len(s.toks) || s.toks[j].gap != gapSpace && s.toks[j].gap != gapDot {
			return 0, 0
		}
		if s.has(i-1, wPossessive) && j == next { // "meine Frau Sabine"
			if start, end := s.name(j, afterRole, false, false); end > 0 && s.has(start, wFirst) {
				return start, end
			}
			return 0, 0
		}
		return s.name(j, afterTitle, t.lower, !s.afterArticle(i))
	}
	if t.flags&wRole != 0 && !s.has(next, wTitle) && (gap == gapSpace || gap == gapComma) {
		needFirst := gap == gapComma || t.flags&wRoleFirst != 0 || t.lower
		if start, end := s.name(next, afterRole, false, false); end > 0 && (!needFirst || s.has(start, wFirst)) {
			return start, end
		}
	}
	if (t.flags&wPrep != 0 || t.flags&wAnd != 0 && afterPerson) && (gap == gapSpace || gap == gapComma) {
		if start, end := s.name(next, afterPrep, false, false); end > 0 {
			return start, end
		}
	}
	return s.name(i, alone, false, false)
}

// isTitle reports whether token i is a form of address: in lower case,
// "fr", "ms" and the like only with their dot ("200 ms" is a time).
func (s *scan) isTitle(i int) bool {
	t := &s.toks[i]
	if t.flags&wTitle == 0 {
		return false
	}
	if i+1 >= len(s.toks) {
		return false
	}
	g := s.toks[i+1].gap
	if t.lower && t.flags&wDotted != 0 {
		return g == gapDot
	}
	return g == gapSpace || g == gapDot
}

// afterArticle reports whether an article or a possessive stands before
// the title i, perhaps with an adjective: "die Frau von Amazon" is a woman
// from Amazon, "die nette Frau Hoffmann" still Frau Hoffmann.
func (s *scan) afterArticle(i int) bool {
	return s.has(i-1, wArticle) || i >= 2 && s.toks[i-1].lower && s.has(i-2, wArticle)
}

// name returns the tokens [start, end) of the name at token j in context
// ctx, or end 0: a first word, perhaps with particles before it, and a
// surname ("Thomas Müller", "Ursula von der Leyen"), or two names and a
// surname ("Anna Maria Schmidt"). lowerStyle tells that the title was written in lower case, so
// the name may be too ("herr petrović"); particles that "von" may begin a
// surname.
func (s *scan) name(j, ctx int, lowerStyle, particles bool) (start, end int) {
	if j >= len(s.toks) {
		return 0, 0
	}
	start = j
	if particles {
		j = s.skipParticles(j, wParticle)
	}
	u := s.unit(j)
	if u == j || !s.firstWordOK(j, u, ctx, lowerStyle) {
		if ctx != alone && ctx != afterPrep {
			return 0, 0
		}
		// A first name that is also a word, with a surname: "Frank Meier".
		if u == j || !s.has(j, wFirst) || s.toks[j].lower || s.has(j, wCommon|wFunction) || j != start {
			return 0, 0
		}
		if e := s.surname(u, false); e > u {
			return start, e
		}
		return 0, 0
	}
	if s.toks[u-1].genitive {
		return start, u // "Fatimas Beratung"
	}
	// In lower-case writing, a lower-case surname only after a first name:
	// "mustafa demir war", not "mr. o'brien shouted".
	lower := (s.toks[j].lower || lowerStyle) && s.allFirst(j, u)
	end = s.surname(u, lower)
	if end > u && s.allFirst(u, end) {
		// A second first name, then the surname: "Anna Maria Schmidt";
		// not "Anna Schmidts Rat".
		end = s.surname(end, lower)
	}
	return start, end
}

// skipParticles returns the token after "von", "van der", "de la" at j,
// if a capitalised word follows them: particles of flag f.
func (s *scan) skipParticles(j int, f uint32) int {
	if !s.has(j, f) || !s.toks[j].lower {
		return j
	}
	k := j + 1
	if s.has(k, wParticle2) && s.toks[k].lower && s.toks[k].gap == gapSpace {
		k++
	}
	if k < len(s.toks) && s.toks[k].gap == gapSpace && s.toks[k].cap && !s.has(k, wCommon) {
		return k
	}
	return j
}

// unit returns the end of the word at j with what is joined to it by
// hyphens and apostrophes: "Anna-Lena", "Wagner-Kim", "Al-Hassan",
// "O'Brien", but not the "s" of "Kowalski's".
func (s *scan) unit(j int) int {
	if j >= len(s.toks) || !s.toks[j].word || s.toks[j].protected {
		return j
	}
	k := j + 1
	for k < len(s.toks) && s.toks[k].gap == gapJoin && s.toks[k].word && !s.toks[k].protected &&
		(s.toks[k].cap || s.toks[k].lower && s.toks[j].lower && s.toks[k].runes > 2) {
		k++
	}
	return k
}

// firstWordOK reports whether the word [j, u) is a name in context ctx.
func (s *scan) firstWordOK(j, u, ctx int, lowerStyle bool) bool {
	t := &s.toks[j]
	single := u == j+1
	common := single && t.flags&wCommon != 0
	first := s.allFirst(j, u)
	sure := first && !s.anyFlag(j, u, wExcluded)
	switch ctx {
	case afterTitle:
		if t.cap {
			return !common && !(t.shout && t.runes < 4) && t.flags&(wTitle|wPrep) == 0
		}
		return !common && (lowerStyle && s.runes(j, u) >= 3 || sure && !s.anyFlag(j, u, wLowerWord))
	case afterRole:
		if t.cap {
			return first || !common && !t.shout && t.flags&(wTitle|wPrep|wRole) == 0
		}
		return sure && !common && !s.anyFlag(j, u, wLowerWord)
	}
	if !sure || common {
		return false
	}
	return t.cap || t.lower && s.runes(j, u) >= 3 && !s.anyFlag(j, u, wLowerWord)
}

// surname returns the end of a surname at j after a first name, or j: a
// capitalised word that is not a common one, perhaps with particles
// ("von der Leyen"); in lower-case writing a lower-case one ("mustafa
// demir").
func (s *scan) surname(j int, lowerStyle bool) int {
	if j >= len(s.toks) || s.toks[j].gap != gapSpace {
		return j
	}
	k := s.skipParticles(j, wSurnameParticle)
	u := s.unit(k)
	if u == k {
		return j
	}
	t := &s.toks[k]
	if s.anyFlag(k, u, wCommon|wTitle|wRole|wPrep|wAnd) {
		return j
	}
	switch {
	case t.cap && !t.shout:
	case lowerStyle && t.lower && k == j && s.runes(k, u) >= 3 && !s.anyFlag(k, u, wLowerWord|wExcluded):
	default:
		return j
	}
	return u
}

// allFirst reports whether every word of [j, u) is a first name:
// "Hans-Peter", not "Wagner-Kim".
func (s *scan) allFirst(j, u int) bool {
	for k := j; k < u; k++ {
		if s.toks[k].flags&wFirst == 0 {
			return false
		}
	}
	return true
}

func (s *scan) anyFlag(j, u int, f uint32) bool {
	for k := j; k < u; k++ {
		if s.toks[k].flags&f != 0 {
			return true
		}
	}
	return false
}

func (s *scan) runes(j, u int) int {
	n := 0
	for k := j; k < u; k++ {
		n += s.toks[k].runes
	}
	return n
}
