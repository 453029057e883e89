package curate

import (
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// An IdeaDetector tells whether a comment carries a suggestion or a wish:
// an idea, in the sense of the ideas slide ("die wenigen Hinweise auf
// Innovationsimpulse"). It never changes after NewIdeaDetector, so it is
// safe for concurrent use.
//
// The rule, which testdata/ideas/README.md states with examples: a comment
// is an idea when one of its sentences proposes something the business
// could offer, add, change, bring back or do differently for its customers
// in general — a wish ("ich wünsche mir", "I wish you had"), a conditional
// ("es wäre schön, wenn", "it would be great if"), the words suggestion,
// Vorschlag, Idee, a request for an offering ("bitte mehr …", "please
// add"), a question about a missing offering ("warum gibt es kein …", "why
// not …") or what is missing ("es fehlt …"). It is not an idea when the
// sentence is about the writer's own case: a request for contact, a
// callback, an answer, a refund, "my order" (a request for contact is a
// complaint, not an impulse). Nor are greetings ("ich wünsche euch frohe
// Weihnachten"), advice to other customers ("you should try the burger"),
// the counterfactual past ("it would have been nice if someone had
// called": a complaint about what did not happen), sarcasm ("man sollte
// meinen …") or a wish about the writer ("I wish I had come earlier").
//
// Matching works on words: case-folded, umlauts spelt out (ä → ae, so
// "waere" and "wäre" are one word), apostrophes dropped ("it'd" → "itd"),
// commas ignored, sentences split at . ! ? ; and line ends. Where a
// missing umlaut leaves another word (könnte/konnte, wäre/ware,
// würde/wurde, hätte/hatte, fände/fand) only the umlaut or its spelling
// with e match; elsewhere the bare vowel does too ("wunsche", "schon").
type IdeaDetector struct {
	cues   patternSet // a suggestion or a wish
	unless patternSet // a look-alike: a cue overlapping one does not count
	vetoes patternSet // the sentence is about the writer's own case
}

// NewIdeaDetector compiles the phrase lists.
func NewIdeaDetector() *IdeaDetector {
	return &IdeaDetector{
		cues:   mustPatterns(ideaCues),
		unless: mustPatterns(ideaUnless),
		vetoes: mustPatterns(ideaVetoes),
	}
}

var defaultIdeas = sync.OnceValue(NewIdeaDetector)

// IsIdea reports whether text carries a suggestion or a wish, by the
// shipped German and English phrase lists; see IdeaDetector.
func IsIdea(text string) bool { return defaultIdeas().IsIdea(text) }

// IsIdea reports whether text carries a suggestion or a wish.
func (d *IdeaDetector) IsIdea(text string) bool {
	t := scratchPool.Get().(*tokenized)
	defer scratchPool.Put(t)
	t.reset(text)
	for s := range t.sentences {
		words := t.sentence(s)
		if len(words) == 0 || d.vetoes.any(words) {
			continue
		}
		t.spans = d.unless.spans(words, t.spans[:0])
		found := false
		d.cues.each(words, func(start, end int) bool {
			for _, sp := range t.spans {
				if start < sp[1] && sp[0] < end {
					return true // a look-alike: try the next match
				}
			}
			found = true
			return false
		})
		if found {
			return true
		}
	}
	return false
}

// scratchPool holds tokenized buffers for reuse: the builder asks about
// every comment of a period.
var scratchPool = sync.Pool{New: func() any { return new(tokenized) }}

// tokenized is a text as the detector sees it: its words normalized and
// joined in one string, so that a word is a substring and looking it up in
// a map allocates nothing. Its slices are kept for the next text.
type tokenized struct {
	norm      []byte
	ends      [][2]int // byte ranges of the words in norm
	words     []string // every word, in order
	sentences []int    // the index in words where each sentence ends
	spans     [][2]int // IsIdea's look-alikes of one sentence
}

func (t *tokenized) reset(text string) {
	t.norm, t.ends, t.words, t.sentences = t.norm[:0], t.ends[:0], t.words[:0], t.sentences[:0]
	inWord := false
	endWord := func() {
		if inWord {
			t.ends[len(t.ends)-1][1] = len(t.norm)
			inWord = false
		}
	}
	endSentence := func() {
		endWord()
		if n := len(t.ends); len(t.sentences) == 0 || t.sentences[len(t.sentences)-1] < n {
			t.sentences = append(t.sentences, n)
		}
	}
	for i, r := range text {
		switch {
		case isWordRune(r):
			if !inWord {
				t.ends = append(t.ends, [2]int{len(t.norm), 0})
				inWord = true
			}
			t.norm = appendNormalized(t.norm, r)
		case r == '\'' || r == '’' || r == '`' || r == '´':
			// "it'd", "don't", "wär's": one word.
		case r == ':':
			endWord()
			t.ends = append(t.ends, [2]int{len(t.norm), len(t.norm) + 1})
			t.norm = append(t.norm, ':')
		case r == '.' && i+1 < len(text) && text[i+1] < utf8.RuneSelf && isWordRune(rune(text[i+1])):
			endWord() // "z.B.", "12.50": not the end of a sentence
		case r == '.' || r == '!' || r == '?' || r == ';' || r == '\n' || r == '…':
			endSentence()
		default:
			endWord()
		}
	}
	endSentence()
	s := string(t.norm) // the one allocation
	for _, e := range t.ends {
		t.words = append(t.words, s[e[0]:e[1]])
	}
}

// sentence returns the words of sentence i.
func (t *tokenized) sentence(i int) []string {
	from := 0
	if i > 0 {
		from = t.sentences[i-1]
	}
	return t.words[from:t.sentences[i]]
}

// appendNormalized appends r folded, with umlauts spelt out and accents
// dropped.
func appendNormalized(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	switch r = unicode.ToLower(r); r {
	case 'ä':
		return append(b, "ae"...)
	case 'ö':
		return append(b, "oe"...)
	case 'ü':
		return append(b, "ue"...)
	case 'ß', 'ẞ':
		return append(b, "ss"...)
	case 'á', 'à', 'â':
		return append(b, 'a')
	case 'é', 'è', 'ê', 'ë':
		return append(b, 'e')
	case 'í', 'ì', 'î', 'ï':
		return append(b, 'i')
	case 'ó', 'ò', 'ô':
		return append(b, 'o')
	case 'ú', 'ù', 'û':
		return append(b, 'u')
	case 'ç':
		return append(b, 'c')
	case 'ñ':
		return append(b, 'n')
	case '\u0308': // a combining diaeresis (NFD "ü"): the e of "ue"
		return append(b, 'e')
	}
	return utf8.AppendRune(b, r)
}

// normalized is word as appendNormalized makes it.
func normalized(word string) string {
	var b []byte
	for _, r := range word {
		b = appendNormalized(b, r)
	}
	return string(b)
}

// ambiguousBare are the stems whose umlaut, written as a bare vowel, makes
// another common word: "konnte" is not "könnte".
var ambiguousBare = []string{"könn", "hätt", "würd", "wär", "fänd", "müss", "bräucht", "dürf", "gäb"}

// A patternSet finds the patterns of a list in a sentence.
type patternSet struct {
	byFirst map[string][]*pattern // by an exact first word
	prefix  []*pattern            // first word a prefix
}

type pattern struct {
	elems []elem
}

// An elem is one word of a pattern: alternatives, or a gap.
type elem struct {
	exact  []string
	prefix []string
	gap    int // > 0: skip up to gap words
}

func (e *elem) matches(w string) bool {
	for _, x := range e.exact {
		if w == x {
			return true
		}
	}
	for _, p := range e.prefix {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// mustPatterns compiles a list; the lists are constants of this file, so
// an error is a bug that every test shows.
func mustPatterns(list string) patternSet {
	ps := patternSet{byFirst: map[string][]*pattern{}}
	for _, line := range strings.Split(list, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		p := &pattern{}
		for _, f := range strings.Fields(line) {
			if n, ok := strings.CutPrefix(f, "~"); ok {
				g, err := strconv.Atoi(n)
				if err != nil || g < 1 {
					panic("curate: bad gap in idea pattern " + strconv.Quote(line))
				}
				p.elems = append(p.elems, elem{gap: g})
				continue
			}
			var e elem
			for _, alt := range strings.Split(f, "|") {
				word, isPrefix := strings.CutSuffix(alt, "*")
				word = strings.ReplaceAll(strings.ReplaceAll(word, "'", ""), "’", "")
				for _, v := range spellings(strings.ToLower(word)) {
					if isPrefix {
						e.prefix = append(e.prefix, v)
					} else {
						e.exact = append(e.exact, v)
					}
				}
			}
			p.elems = append(p.elems, e)
		}
		first := p.elems[0]
		if first.gap > 0 || p.elems[len(p.elems)-1].gap > 0 {
			panic("curate: idea pattern starts or ends with a gap: " + strconv.Quote(line))
		}
		if len(first.prefix) > 0 {
			ps.prefix = append(ps.prefix, p)
			continue
		}
		for _, w := range first.exact {
			ps.byFirst[w] = append(ps.byFirst[w], p)
		}
	}
	return ps
}

// spellings are the normalized forms a word of a pattern matches: its
// umlauts spelt out, and, unless that makes another word, as bare vowels.
func spellings(word string) []string {
	out := []string{normalized(word)}
	if !strings.ContainsAny(word, "äöü") {
		return out
	}
	for _, stem := range ambiguousBare {
		if strings.HasPrefix(word, stem) {
			return out
		}
	}
	bare := strings.NewReplacer("ä", "a", "ö", "o", "ü", "u").Replace(word)
	return append(out, normalized(bare))
}

// each calls fn with every match of the set in words, by where it starts,
// until fn returns false.
func (ps *patternSet) each(words []string, fn func(start, end int) bool) {
	for i, w := range words {
		for _, p := range ps.byFirst[w] {
			if end := p.match(words, 0, i); end > 0 && !fn(i, end) {
				return
			}
		}
		for _, p := range ps.prefix {
			if p.elems[0].matches(w) {
				if end := p.match(words, 0, i); end > 0 && !fn(i, end) {
					return
				}
			}
		}
	}
}

// any reports whether a pattern of the set matches in words.
func (ps *patternSet) any(words []string) bool {
	found := false
	ps.each(words, func(int, int) bool { found = true; return false })
	return found
}

// spans appends the word ranges of every match in words to dst.
func (ps *patternSet) spans(words []string, dst [][2]int) [][2]int {
	ps.each(words, func(start, end int) bool {
		dst = append(dst, [2]int{start, end})
		return true
	})
	return dst
}

// match matches elements k… of p at word i and returns where the match
// ends; 0 if it does not match. A gap takes as few words as it can.
func (p *pattern) match(words []string, k, i int) int {
	if k == len(p.elems) {
		return i
	}
	e := &p.elems[k]
	if e.gap > 0 {
		for skip := 0; skip <= e.gap && i+skip <= len(words); skip++ {
			if end := p.match(words, k+1, i+skip); end > 0 {
				return end
			}
		}
		return 0
	}
	if i >= len(words) || !e.matches(words[i]) {
		return 0
	}
	return p.match(words, k+1, i+1)
}
