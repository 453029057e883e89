package curate

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mark replaces every piece of personal data.
const Mark = "[…]"

// maxPasses bounds how often Redact looks. One pass can expose more: in
// "x@y.de0171 1234567@anna" the number stands alone only once the address is
// gone, and the handle once the number is. No chain is longer than that, so
// the fourth pass finds nothing.
const maxPasses = 4

var (
	emailRE = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	// "anna (at) firma.de", "anna[at]firma[punkt]de".
	hiddenEmailRE = regexp.MustCompile(`(?i)[\p{L}\p{N}._%+\-]+ ?[(\[{] ?(?:at|ät) ?[)\]}] ?[\p{L}\p{N}\-]+(?: ?(?:\.|[(\[{] ?(?:dot|punkt) ?[)\]}]) ?[\p{L}\p{N}\-]+)+`)
	urlRE         = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s\p{Z}<>"\[\]]+`)
)

// Redactor replaces personal data in comments with Mark: e-mail addresses,
// telephone, card and bank account numbers (IBAN), URLs, @handles,
// configured names, named persons (redact_people.go) and identifiers such
// as customer numbers, addresses and dates of birth (redact_ids.go). It
// never changes after NewRedactor, so it is safe for concurrent use.
//
// What stays: prices, dates, times, counts, years, percentages, a postcode
// and city alone ("die Filiale in 10115 Berlin" names a place), version
// numbers, product codes, "24/7".
// A number counts as a telephone number when it is written like one and has
// at least 7 digits: with a leading 0 and an area code ("0171 1234567",
// "030/12345678", "(030) 1234567"), or international ("+49 (0)30 123456-78",
// "0049 30 1234567", "+1 (415) 555-2671"). A run of 13 to 19 digits, in
// groups or not, is a card number when it passes the Luhn check; an IBAN
// must pass its mod-97 check.
type Redactor struct {
	names phraseSet

	// People (redact_people*.go): the shared lexicon, and Options.Allow.
	lex   *lexicon
	allow phrases
}

// NewRedactor returns a Redactor that also hides names, such as the config's
// moderation.names. A name matches as whole words, ignoring case: "Müller"
// hides "müller", "MÜLLER", the genitive "Müllers" and the "Müller" of
// "Müller-Lüdenscheidt", but not "Müllerstraße", which is another word. The
// words of a name like "Anna Schmidt" match with any spaces, hyphens or dots
// between them, and only together: list "Schmidt" as well to hide it alone.
// The error names every bad entry, as names[1] "A": ….
func NewRedactor(names []string) (*Redactor, error) {
	r := &Redactor{names: newPhraseSet(true)}
	var errs []error
	// People (redact_people*.go): the lexicon is embedded, so its error is
	// a broken build, which the tests catch.
	lex, err := sharedLexicon()
	if err != nil {
		errs = append(errs, err)
	}
	r.lex = lex
	for i, n := range names {
		if err := r.names.add(n, false); err != nil {
			errs = append(errs, fmt.Errorf("names[%d] %q: %w", i, n, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// Redact returns text with every piece of personal data replaced by Mark,
// and how many it replaced. Pieces separated only by spaces become one Mark,
// and so does a piece with a Mark beside it.
func (r *Redactor) Redact(text string) (string, int) {
	out, n, _ := r.redact(text, false)
	return out, n
}

// RedactKinds is Redact, returning the kinds of what it replaced instead
// of the count: each kind once, in order.
func (r *Redactor) RedactKinds(text string) (string, []Kind) {
	out, _, kinds := r.redact(text, true)
	return out, kinds
}

func (r *Redactor) redact(text string, withKinds bool) (string, int, []Kind) {
	total := 0
	var spans []span
	var kinds []Kind
	for range maxPasses {
		spans = r.find(text, spans[:0])
		if len(spans) == 0 {
			break
		}
		if withKinds {
			for _, s := range spans {
				if !slices.Contains(kinds, s.kind) {
					kinds = append(kinds, s.kind)
				}
			}
		}
		var n int
		text, n = replace(text, spans)
		total += n
	}
	slices.Sort(kinds)
	return text, total, kinds
}

// A span is the byte range of one piece of personal data, and its kind.
type span struct {
	start, end int
	kind       Kind
}

// Kind names what a piece of personal data was, for the admins' list of
// what was redacted.
type Kind string

// The kinds of personal data a Redactor finds.
const (
	KindEmail  Kind = "email"
	KindPhone  Kind = "phone"
	KindCard   Kind = "card"
	KindIBAN   Kind = "iban"
	KindURL    Kind = "url"
	KindHandle Kind = "handle"
	KindName   Kind = "name" // one of the configured names
)

// find appends the spans of personal data in text, in no order and possibly
// overlapping.
func (r *Redactor) find(text string, spans []span) []span {
	if strings.IndexByte(text, '@') >= 0 {
		spans = emails(text, spans)
		spans = handles(text, spans)
	}
	if hasHiddenAt(text) {
		for _, m := range hiddenEmailRE.FindAllStringIndex(text, -1) {
			spans = append(spans, span{m[0], m[1], KindEmail})
		}
	}
	if strings.Contains(text, "://") || hasWWW(text) {
		spans = urls(text, spans)
	}
	if strings.ContainsAny(text, "0123456789") {
		spans = numbers(text, spans)
		spans = ibans(text, spans)
	}
	r.names.each(text, func(start, end int) bool {
		spans = append(spans, span{start, end, KindName})
		return true
	})
	spans = identifiers(text, spans) // redact_ids.go
	spans = r.people(text, spans)    // redact_people.go
	return spans
}

// replace writes Mark over spans and returns the result and the number of
// pieces: overlapping and touching spans are one piece.
func replace(text string, spans []span) (string, int) {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	pieces := spans[:1]
	for _, s := range spans[1:] {
		if last := &pieces[len(pieces)-1]; s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		pieces = append(pieces, s)
	}
	var b strings.Builder
	b.Grow(len(text))
	done := 0 // text[:done] is written
	for k := 0; k < len(pieces); k++ {
		start, end := pieces[k].start, pieces[k].end
		for { // join what follows across blanks: the next piece, or a Mark
			next := end + blanksAfter(text[end:])
			if k+1 < len(pieces) && pieces[k+1].start == next {
				k++
				end = pieces[k].end
			} else if strings.HasPrefix(text[next:], Mark) {
				end = next + len(Mark)
			} else {
				break
			}
		}
		for { // and a Mark before it
			p := start - blanksBefore(text[done:start])
			if !strings.HasSuffix(text[done:p], Mark) {
				break
			}
			start = p - len(Mark)
		}
		b.WriteString(text[done:start])
		b.WriteString(Mark)
		done = end
	}
	b.WriteString(text[done:])
	return b.String(), len(pieces)
}

func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f'
}

// blanksAfter returns the length of the blanks s begins with.
func blanksAfter(s string) int { return len(s) - len(strings.TrimLeftFunc(s, isBlank)) }

// blanksBefore returns the length of the blanks s ends with.
func blanksBefore(s string) int { return len(s) - len(strings.TrimRightFunc(s, isBlank)) }

// runeBefore returns the rune that ends text[:i], or a space at the start.
func runeBefore(text string, i int) rune {
	if i == 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// emails appends e-mail addresses. As an address cannot hold a space, the
// regexp only reads the words with an @ in them: they are few, and it is slow.
func emails(text string, spans []span) []span {
	for i := 0; i < len(text); {
		at := strings.IndexByte(text[i:], '@')
		if at < 0 {
			break
		}
		at += i
		start := i
		if k := strings.LastIndexFunc(text[i:at], unicode.IsSpace); k >= 0 {
			_, size := utf8.DecodeRuneInString(text[i+k:])
			start = i + k + size
		}
		end := len(text)
		if k := strings.IndexFunc(text[at:], unicode.IsSpace); k >= 0 {
			end = at + k
		}
		for _, m := range emailRE.FindAllStringIndex(text[start:end], -1) {
			spans = append(spans, span{start + m[0], start + m[1], KindEmail})
		}
		i = end
	}
	return spans
}

// handles appends @handles: "@anna_s", "@Müller.Team". An @ right after a
// word or an address character belongs to an e-mail address; "@ 12 Uhr" and
// "@12" name no one.
func handles(text string, spans []span) []span {
	for i := 0; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if prev := runeBefore(text, i); isWordRune(prev) || strings.ContainsRune("._%+-@", prev) {
			continue
		}
		end, runes, letters := i+1, 0, 0
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r) && r != '_' && r != '.' {
				break
			}
			if isWordRune(r) && !('0' <= r && r <= '9') {
				letters++
			}
			end += size
			runes++
		}
		for end > i+1 && text[end-1] == '.' {
			end--
			runes--
		}
		if runes >= 2 && letters > 0 {
			spans = append(spans, span{i, end, KindHandle})
			i = end - 1
		}
	}
	return spans
}

// hasHiddenAt reports whether text has "at)", "AT]", "ät}" or the like,
// which hiddenEmailRE needs: a cheap test spares most texts that regexp.
func hasHiddenAt(text string) bool {
	for i := 2; i < len(text); i++ {
		if c := text[i]; c != ')' && c != ']' && c != '}' {
			continue
		}
		s := strings.TrimSuffix(text[:i], " ")
		if n := len(s); n >= 2 && s[n-1]|0x20 == 't' && (s[n-2]|0x20 == 'a' || strings.HasSuffix(s[:n-1], "ä") || strings.HasSuffix(s[:n-1], "Ä")) {
			return true
		}
	}
	return false
}

func hasWWW(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		if text[i]|0x20 == 'w' && text[i+1]|0x20 == 'w' && text[i+2]|0x20 == 'w' && text[i+3] == '.' {
			return true
		}
	}
	return false
}

// urls appends web addresses without the punctuation that ends the
// sentence around them.
func urls(text string, spans []span) []span {
	for _, m := range urlRE.FindAllStringIndex(text, -1) {
		end := m[1]
		for end > m[0] {
			r, size := utf8.DecodeLastRuneInString(text[m[0]:end])
			if !strings.ContainsRune(".,;:!?'\")]}»«“”„’…", r) {
				break
			}
			end -= size
		}
		body := text[m[0]:end]
		body = body[strings.IndexAny(body, "/.")+1:] // after "http:" or "www."
		if strings.IndexFunc(body, isWordRune) >= 0 {
			spans = append(spans, span{m[0], end, KindURL})
		}
	}
	return spans
}
