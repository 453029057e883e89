package scene

import (
	"strings"
	"unicode"
)

// A comment is shown for its card's time, not longer: the playlist keeps
// its rhythm, and a wall of text nobody finishes is worse than a quote cut
// short. So a comment longer than can be read in that time is shortened —
// at the end of a sentence when one ends in the last half of what can be
// read, else at a word — and ends in an ellipsis. What is left is then
// set as large as fits the card; if it still does not fit at the smallest
// quote size, fit cuts it at a word, again with an ellipsis.
const (
	// readingWordsPerSecond is the slow end of silent reading (adults
	// read running text at 4 to 5 words a second); noticeSeconds gives
	// the margin for a quote read from across a room.
	readingWordsPerSecond = 4
	// noticeSeconds is the start of a card's time spent noticing it and
	// finding the start of the quote, not reading.
	noticeSeconds = 2
)

// readableWords is how many words can be read on a card that holds for
// seconds (0: DefaultCardSeconds): 32 words in 10 seconds.
func readableWords(seconds int) int {
	if seconds <= 0 {
		seconds = DefaultCardSeconds
	}
	return max(seconds-noticeSeconds, 1) * readingWordsPerSecond
}

// shortenToRead returns text cut to at most words words, at the last
// sentence end in the second half of them or else after the last word,
// and reports whether it cut. A cut at a sentence end keeps its full stop
// and adds " …"; a cut inside a sentence drops trailing punctuation and
// adds "…". Space around the text is dropped either way.
func shortenToRead(text string, words int) (string, bool) {
	text = strings.TrimSpace(text)
	idx := wordStarts(text)
	if len(idx) <= words {
		return text, false
	}
	head := strings.TrimRightFunc(text[:idx[words]], unicode.IsSpace)
	// The end of a sentence: a word ending in . ! ? or …, possibly
	// followed by a closing quotation mark or bracket.
	for w := words; w > words/2; w-- {
		end := strings.TrimRightFunc(text[:idx[w]], unicode.IsSpace)
		if sentenceEnd(end) {
			return end + " " + ellipsis, true
		}
	}
	return strings.TrimRight(head, " ,;:.-–—") + ellipsis, true
}

// wordStarts returns the byte offsets where the words of s start.
func wordStarts(s string) []int {
	var out []int
	inWord := false
	for i, r := range s {
		space := breaks(r)
		if !space && !inWord {
			out = append(out, i)
		}
		inWord = !space
	}
	return out
}

func sentenceEnd(s string) bool {
	s = strings.TrimRight(s, "\"'“”‘’»«)]")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ellipsis)
}
