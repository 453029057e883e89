package scene

import (
	"strings"
	"unicode/utf8"
)

// ellipsis ends a text that was cut to fit.
const ellipsis = "…"

// wrap breaks s into lines no wider than width in face f, at spaces. A word
// wider than a whole line is broken between letters, so nothing ever
// overflows the box.
func (fs *Fonts) wrap(f Face, s string, width float64) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
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

// block is a paragraph set to fit a box.
type block struct {
	face      Face
	lines     []string
	leading   float64 // baseline to baseline
	truncated bool
}

// fit sets text in the largest whole-pixel size between maxSize and
// minSize at which it fits w×h; text that does not fit even at minSize is
// cut after the last line that fits and ends in an ellipsis followed by
// closing (the closing quotation mark), so the block never leaves its box.
func (fs *Fonts) fit(font Font, text, closing string, w, h float64, maxSize, minSize int, leading float64) block {
	step := max((maxSize-minSize)/12, 1)
	for size := maxSize; ; size -= step {
		size = max(size, minSize)
		f := Face{Font: font, Size: size}
		lines := fs.wrap(f, text, w)
		lh := float64(size) * leading
		if fs.blockHeight(f, len(lines), lh) <= h || size == minSize {
			b := block{face: f, lines: lines, leading: lh}
			n := len(lines)
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
