package scene

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis ends a text that was cut to fit.
const ellipsis = "…"

// wrap breaks s into lines no wider than width in face f, at spaces. A word
// wider than a whole line is broken between letters, so nothing ever
// overflows the box. A dash stays with the word before it, so that no
// line starts with one, and a no-break space never breaks.
func (fs *Fonts) wrap(f Face, s string, width float64) []string {
	s = dashes.Replace(s)
	var lines []string
	line := ""
	for _, w := range strings.FieldsFunc(s, breaks) {
		cand := w
		if line != "" {
			cand = line + " " + w
		}
		if fs.Width(f, cand) <= width {
			line = cand
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = w
		for fs.Width(f, line) > width {
			head := fs.cutToWidth(f, line, width)
			lines = append(lines, head)
			line = line[len(head):]
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// dashes binds a spaced dash to the word before it with a no-break space.
var dashes = strings.NewReplacer(" – ", "\u00a0– ", " — ", "\u00a0— ")

// breaks reports whether a line may break at r: any space but a no-break
// one.
func breaks(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' }

// cutToWidth returns the longest prefix of s (at least one rune) no wider
// than width.
func (fs *Fonts) cutToWidth(f Face, s string, width float64) string {
	end := 0
	for i, r := range s {
		next := i + utf8.RuneLen(r)
		if end > 0 && fs.Width(f, s[:next]) > width {
			break
		}
		end = next
	}
	return s[:end]
}

// ellipsize shortens line, word by word, until line + suffix fits width,
// and returns it with "…" + suffix appended.
func (fs *Fonts) ellipsize(f Face, line, suffix string, width float64) string {
	line = strings.TrimRight(line, " ,;:.-–")
	for {
		out := line + ellipsis + suffix
		if fs.Width(f, out) <= width || line == "" {
			return out
		}
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			line = strings.TrimRight(line[:i], " ,;:.-–")
		} else {
			_, size := utf8.DecodeLastRuneInString(line)
			line = line[:len(line)-size]
		}
	}
}

// fitLine returns s, or s shortened with an ellipsis, so that it fits width.
func (fs *Fonts) fitLine(f Face, s string, width float64) string {
	if fs.Width(f, s) <= width {
		return s
	}
	return fs.ellipsize(f, s, "", width)
}

// fitted is a paragraph set to fit a box.
type fitted struct {
	face      Face
	lines     []string
	leading   float64 // baseline to baseline
	truncated bool
}

// fit sets text in the largest whole-pixel size between maxSize and
// minSize at which it fits w×h in at most maxLines lines (0: any number);
// text that does not fit even at minSize is cut after the last line that
// fits and ends in an ellipsis followed by closing (the closing quotation
// mark), so the block never leaves its box. The line limit keeps a tall
// portrait box from filling with a wall of small text nobody reads in
// passing.
func (fs *Fonts) fit(font Font, text, closing string, w, h float64, maxSize, minSize, maxLines int, leading float64) fitted {
	step := max((maxSize-minSize)/12, 1)
	for size := maxSize; ; size -= step {
		size = max(size, minSize)
		f := Face{Font: font, Size: size}
		lines := fs.wrap(f, text, w)
		lh := float64(size) * leading
		fits := fs.blockHeight(f, len(lines), lh) <= h && (maxLines == 0 || len(lines) <= maxLines)
		if !fits && size == minSize && maxLines > 0 && len(lines) > maxLines {
			// Cut anyway, for the number of lines: rather cut a little more
			// and set the lines that stay larger, up to the middle size.
			for big := (maxSize + minSize) / 2; big > minSize; big -= step {
				if fs.blockHeight(Face{font, big}, maxLines, float64(big)*leading) <= h {
					f, lh = Face{Font: font, Size: big}, float64(big)*leading
					lines = fs.wrap(f, text, w)
					break
				}
			}
		}
		if fits || size == minSize {
			b := fitted{face: f, lines: lines, leading: lh}
			n := len(lines)
			if maxLines > 0 {
				n = min(n, maxLines)
			}
			for n > 1 && fs.blockHeight(f, n, lh) > h {
				n--
			}
			if n < len(lines) {
				b.lines = append(lines[:n-1:n-1], fs.ellipsize(f, lines[n-1], closing, w))
				b.truncated = true
			}
			return b
		}
	}
}

// blockHeight is the height from the first line's ascent to the last
// line's descent.
func (fs *Fonts) blockHeight(f Face, lines int, leading float64) float64 {
	if lines == 0 {
		return 0
	}
	a, d := fs.Metrics(f)
	return a + d + float64(lines-1)*leading
}

// balance wraps s into n lines of about equal length, no wider than
// width: the narrowest measure that still takes n lines. A paragraph then
// has no lonely last word.
func (fs *Fonts) balance(f Face, s string, width float64, n int) []string {
	lo, hi := width/2, width
	for hi-lo > 2 {
		mid := (lo + hi) / 2
		if len(fs.wrap(f, s, mid)) <= n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return fs.wrap(f, s, hi)
}
