// Contact data spelled out in words, to slip past a filter or because the
// writer speaks it: "max punkt mustermann at gmx punkt de", "null eins
// sieben eins …".

package curate

import (
	"bytes"
	"strings"
)

// A spelledWord is a word of a spelled address: its place in the text and in
// the buffer of folded words.
type spelledWord struct {
	start, end int // in the text
	ws, we     int // in the folded words
}

// dots are the spoken dots; ats the spoken @; joiners spoken signs inside
// the local part.
var (
	dots    = map[string]bool{"punkt": true, "dot": true}
	ats     = map[string]bool{"at": true, "ät": true, "bei": true, "klammeraffe": true}
	joiners = map[string]bool{"punkt": true, "dot": true, "unterstrich": true, "underscore": true, "minus": true, "bindestrich": true, "strich": true, "dash": true, "hyphen": true}
	tlds    = map[string]bool{
		"de": true, "com": true, "net": true, "org": true, "at": true, "ch": true, "eu": true,
		"info": true, "io": true, "co": true, "uk": true, "fr": true, "it": true, "nl": true,
		"pl": true, "tr": true, "ru": true, "es": true, "be": true, "biz": true, "me": true,
		"online": true, "email": true, "gov": true, "edu": true, "us": true, "dk": true,
		"se": true, "cz": true, "li": true, "lu": true, "berlin": true, "koeln": true,
	}
	// notLocal are words before "at" or "bei" that start a sentence's
	// phrase rather than an address: "ordered at amazon dot com",
	// "habe bei zalando punkt de bestellt".
	notLocal = map[string]bool{
		"was": true, "were": true, "is": true, "are": true, "am": true, "be": true, "been": true,
		"me": true, "us": true, "them": true, "him": true, "her": true, "it": true, "i": true,
		"we": true, "you": true, "they": true, "ordered": true, "order": true, "bought": true,
		"buy": true, "shop": true, "shopped": true, "shopping": true, "look": true, "looked": true,
		"arrived": true, "available": true, "online": true, "here": true, "there": true, "only": true,
		"registered": true, "signed": true, "account": true, "login": true, "log": true,
		"ich": true, "habe": true, "hab": true, "hatte": true, "wir": true, "haben": true,
		"war": true, "bin": true, "ist": true, "sind": true, "bestellt": true, "gekauft": true,
		"kunde": true, "kundin": true, "auch": true, "nur": true, "schon": true, "nicht": true,
		"und": true, "oder": true, "aber": true, "das": true, "die": true, "der": true,
		"konto": true, "angemeldet": true, "registriert": true, "eingekauft": true, "and": true,
		"or": true, "but": true, "the": true, "a": true, "an": true, "of": true, "to": true,
	}
)

// spelledEmails appends e-mail addresses with the @ or the dots spelled:
// "max punkt mustermann at gmx punkt de", "anna at firma dot com",
// "k.meier ät web punkt de". The domain ends in a top-level domain, and a
// dot is spelled at least once, so that "look at gmx.de" stays; "bei" counts as @ only after a local part of several
// words or with digits, as "bei" is common German.
func spelledEmails(text string, words []word, spans []span) []span {
	if !hasFolded(text, "punkt") && !hasFolded(text, "dot") {
		return spans
	}
	var tokArr [128]spelledWord
	var foldArr [1024]byte
	toks, folded := tokArr[:0], foldArr[:0]
	for _, wd := range words {
		ws := len(folded)
		folded = appendLower(folded, text[wd.start:wd.end])
		toks = append(toks, spelledWord{wd.start, wd.end, ws, len(folded)})
	}
	return spelledEmailsIn(text, toks, folded, spans)
}

// hasFolded reports whether text contains the ASCII word w in any case.
func hasFolded(text, w string) bool {
	for i := 0; i+len(w) <= len(text); i++ {
		if text[i]|0x20 == w[0]|0x20 && strings.EqualFold(text[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// spelledEmailsIn appends the spelled addresses among toks.
func spelledEmailsIn(text string, toks []spelledWord, folded []byte, spans []span) []span {
	w := func(k int) []byte { return folded[toks[k].ws:toks[k].we] }
	for k := 1; k+1 < len(toks); k++ {
		if !ats[string(w(k))] || !spaced(text, toks[k-1], toks[k]) || !spaced(text, toks[k], toks[k+1]) && text[toks[k].end] != ')' {
			continue
		}
		// the domain: word (dot word)+, ending in a top-level domain; the
		// longest such ending wins.
		last, dotsSeen := 0, 0
		for j := k + 1; j < len(toks); {
			if j+1 < len(toks) && text[toks[j].end:toks[j+1].start] == "-" { // "t-online"
				j++
				continue
			}
			switch {
			case j+1 < len(toks) && literalDot(text, toks[j], toks[j+1]):
				j++
			case j+2 < len(toks) && dots[string(w(j+1))] && spaced(text, toks[j], toks[j+1]) && spaced(text, toks[j+1], toks[j+2]):
				j += 2
			default:
				j = len(toks)
				continue
			}
			dotsSeen++
			if tlds[string(w(j))] {
				last = j
			}
		}
		if dotsSeen == 0 || last == 0 {
			continue
		}
		// the local part: word ((punkt|unterstrich|…) word)*
		first, words, digits := k-1, 1, bytes.ContainsAny(w(k-1), "0123456789")
		for first >= 2 && joiners[string(w(first-1))] && spaced(text, toks[first-2], toks[first-1]) && spaced(text, toks[first-1], toks[first]) {
			first -= 2
			words++
		}
		for first >= 1 && literalJoin(text, toks[first-1], toks[first]) {
			first--
			words++
		}
		if notLocal[string(w(first))] && words == 1 || string(w(k)) == "bei" && words == 1 && !digits {
			continue
		}
		spans = append(spans, span{toks[first].start, toks[last].end, KindSpelledEmail})
		k = last
	}
	return spans
}

// spaced reports whether only blanks, and at least one, separate a and b.
func spaced(text string, a, b spelledWord) bool {
	gap := text[a.end:b.start]
	return gap != "" && strings.TrimFunc(gap, isBlank) == ""
}

// literalDot reports whether a single "." joins a and b: "gmx.de".
func literalDot(text string, a, b spelledWord) bool { return text[a.end:b.start] == "." }

// literalJoin reports whether ".", "_" or "-" joins a and b: "k.meier".
func literalJoin(text string, a, b spelledWord) bool {
	gap := text[a.end:b.start]
	return gap == "." || gap == "_" || gap == "-"
}

// digitWord returns whether w, folded, is a digit spoken in German or
// English.
func digitWord(w string) bool {
	switch w {
	case "null", "eins", "ein", "zwei", "zwo", "drei", "vier", "fünf", "fuenf", "funf",
		"sechs", "sieben", "acht", "neun", "zero", "oh", "one", "two", "three", "four",
		"five", "six", "seven", "eight", "nine", "doppelnull", "double":
		return true
	}
	return false
}

func isPhoneGap(r rune) bool { return isBlank(r) || r == ',' || r == '-' || r == '/' }

// singles returns how many digits in s stand alone, between non-digits.
func singles(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) && (i == 0 || !isDigit(s[i-1])) && (i+1 == len(s) || !isDigit(s[i+1])) {
			n++
		}
	}
	return n
}

// minSpokenDigits is how many digit words make a telephone number.
const minSpokenDigits = 7

// spelledPhones appends telephone numbers spoken digit by digit: at least
// 7 digits as words, separated by blanks, commas or hyphens, perhaps with
// short groups of digits among them ("null 171 zwei drei …"), or at least 7
// single digits ("0 1 7 6 - 2 3 4 5 6 7 8 9").
func spelledPhones(text string, words []word, spans []span) []span {
	var buf [12]byte
	runStart, runEnd, count, numerals := -1, 0, 0, 0
	flush := func() {
		// Written digits count when words are at least as many, or when
		// each stands by itself: "1 2 3" is spoken, "12 30" is not.
		if count >= minSpokenDigits && (count-numerals >= numerals || numerals == singles(text[runStart:runEnd])) {
			spans = append(spans, span{runStart, runEnd, KindSpelledPhone})
		}
		runStart, count, numerals = -1, 0, 0
	}
	i := 0 // text[:i] is done
	for _, wd := range words {
		start, end := wd.start, wd.end
		if start < i {
			continue
		}
		i = end
		if end-start > len(buf) || end-start < 2 && !isDigit(text[start]) || !isDigit(text[start]) && !strings.ContainsRune("nezdvfsaotNEZDVFSAOT", rune(text[start])) {
			flush()
			continue
		}
		if isDigit(text[start]) && end-start <= 4 && runOf(text, start, isDigit) == end-start {
			// "null 171 zwei …", "0 1 7 6 - 2 3 4 …": digits among the words
			// count, as long as the groups stay short.
			if runStart >= 0 && strings.TrimFunc(text[runEnd:start], isPhoneGap) != "" {
				flush()
			}
			if runStart < 0 {
				runStart = start
			}
			runEnd = end
			count += end - start
			numerals += end - start
			continue
		}
		w := appendLower(buf[:0], text[start:end])
		if !digitWord(string(w)) {
			flush()
			continue
		}
		if runStart >= 0 && strings.TrimFunc(text[runEnd:start], isPhoneGap) != "" {
			flush()
		}
		if runStart < 0 {
			runStart = start
		}
		runEnd = end
		count++
	}
	flush()
	return spans
}
