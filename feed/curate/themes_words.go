package curate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
)

// Stop words are left out of discovered topics: function words (after the
// Snowball project's German and English lists, abridged) and the words
// every feedback uses for its verdict ("gut", "great"), which say how
// customers feel but not what about. Lower case; compared with the
// comment's words lower-cased.
var (
	stopDE = wordSet(`
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anders auch auf aus bei bin bis bist da damit dann das dass daß dasselbe dazu dein deine deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
ja nein mal schon immer ganz gerne gern leider echt wirklich total eigentlich bitte danke vielen dank heute gestern morgen wurde wurden wäre gibt gab geht ging kam kommt bekommen einfach halt eben etwa beim vom zum seit sowie dafür dabei darauf daran davon wegen trotz mehr weniger wenig sehr viele vielen letzte letzten nächste nächsten
gut gute guter gutes guten besser beste super toll prima klasse top perfekt schlecht schlechte schlechter schlechten schön schöne freundlich freundliche nett zufrieden unzufrieden okay ok alles immer wieder schnell schnelle schneller schnellen langsam langsame langsamer
minute minuten stunde stunden tag tage tagen woche wochen monat monate monaten jahr jahre jahren mal
`)
	stopEN = wordSet(`
a about above after again against all am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'm if in into is isn't it it's its itself just let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same she should shouldn't so some such than that that's the their theirs them themselves then there there's these they they're this those through to too under until up very was wasn't we we're were weren't what what's when where which while who whom why will with won't would wouldn't you you're your yours yourself yourselves
also really still even get got getting go going went come came make made much many lot lots thing things one two time times today yesterday always never ever again please thanks thank yes
good great nice bad terrible awesome excellent amazing fine ok okay poor best worst better worse love loved like liked happy unhappy satisfied friendly perfect quick quickly fast slow slowly easy
minute minutes hour hours day days week weeks month months year years
`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(s) {
		m[w] = true
	}
	return m
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

// tokenize splits text into words, lower-cased into tc.low. An apostrophe
// between letters stays in the word ("don't").
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

func isNumber(w []byte) bool {
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
