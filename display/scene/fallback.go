package scene

import (
	"bytes"
	"fmt"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	tsfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	xbidi "golang.org/x/text/unicode/bidi"

	"github.com/cxtv/cxtv/assets"
)

// The fonts behind Inter, in the order a character missing from Inter is
// looked up: emoji first, so that a symbol Inter lacks is drawn as the
// emoji people typed, then the scripts.
const (
	srcNone   = -1 // no font has the character: Inter's .notdef box
	srcInter  = 0
	srcEmoji  = 1
	srcArabic = 2
	srcHebrew = 3
	numSrc    = 4
)

// fallbackLang is the language each fallback font is shaped as, so that
// HarfBuzz picks the right script features (Arabic joining, Hebrew marks).
var fallbackLang = [numSrc]struct {
	script language.Script
	lang   language.Language
}{
	srcEmoji:  {language.Common, language.NewLanguage("und")},
	srcArabic: {language.Arabic, language.NewLanguage("ar")},
	srcHebrew: {language.Hebrew, language.NewLanguage("he")},
}

// maxSetLines bounds the cache of set lines: a comment card measures a few
// hundred candidate lines while it wraps, a ticker a dozen quotes. When
// the cache is full it starts over rather than tracking use.
const maxSetLines = 2048

// chain is the fallback fonts of one Inter cut, indexed by src.
type chain [numSrc]*tsfont.Face

// loadFallbacks parses the Noto fonts: the bold emoji for every cut, the
// regular Arabic and Hebrew for Regular and their bold for the heavier
// cuts, so that a line keeps one weight across scripts.
func loadFallbacks() ([3]chain, error) {
	var out [3]chain
	parse := func(name string, b []byte) (*tsfont.Face, error) {
		f, err := tsfont.ParseTTF(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("parse font %s: %w", name, err)
		}
		return f, nil
	}
	emoji, err := parse("NotoEmoji-Bold", assets.NotoEmojiBold)
	if err != nil {
		return out, err
	}
	arR, err := parse("NotoSansArabic-Regular", assets.NotoSansArabicRegular)
	if err != nil {
		return out, err
	}
	arB, err := parse("NotoSansArabic-Bold", assets.NotoSansArabicBold)
	if err != nil {
		return out, err
	}
	heR, err := parse("NotoSansHebrew-Regular", assets.NotoSansHebrewRegular)
	if err != nil {
		return out, err
	}
	heB, err := parse("NotoSansHebrew-Bold", assets.NotoSansHebrewBold)
	if err != nil {
		return out, err
	}
	out[Regular] = chain{srcEmoji: emoji, srcArabic: arR, srcHebrew: heR}
	out[SemiBold] = chain{srcEmoji: emoji, srcArabic: arB, srcHebrew: heB}
	out[DisplayBold] = chain{srcEmoji: emoji, srcArabic: arB, srcHebrew: heB}
	return out, nil
}

// Line is a line of text set for drawing: pieces in visual order, left to
// right, each in one font. Width and painting both come from it, so that
// what is measured is what is drawn.
type Line struct {
	Pieces []Piece
	Width  float64 // advance of the whole line, in pixels
}

// Piece is a run of a line in one font, starting at X pixels from the
// line's origin. An Inter piece has its text in S, drawn as any Inter text
// (font.Drawer with Fonts.Face); a piece of a fallback font has glyphs,
// shaped and placed, drawn by Fonts.GlyphPath.
type Piece struct {
	X      float64
	S      string
	Glyphs []Glyph
}

// Glyph is one shaped glyph of a fallback font, its origin at (X, Y)
// pixels from the line's origin (Y down).
type Glyph struct {
	X, Y float64
	src  int8
	id   tsfont.GID
}

// GlyphID names a glyph of a fallback font, whatever its place: what a
// painter caches a glyph's picture by, with its face.
type GlyphID struct {
	src int8
	id  tsfont.GID
}

// ID returns the glyph's font and number.
func (g Glyph) ID() GlyphID { return GlyphID{g.src, g.id} }

type lineKey struct {
	face Face
	s    string
}

type coverKey struct {
	font Font
	r    rune
}

// SetLine sets s on one line in face f: Inter for what Inter has, emoji
// and Arabic or Hebrew for the rest, shaped with HarfBuzz
// (go-text/typesetting) and put in visual order by the Unicode
// bidirectional algorithm. A text Inter covers alone is one piece, drawn
// and measured exactly as Inter text always was.
func (fs *Fonts) SetLine(f Face, s string) Line {
	if fs.plain(f.Font, s) {
		return Line{Pieces: []Piece{{S: s}}, Width: fix(font.MeasureString(fs.Face(f), s))}
	}
	k := lineKey{f, s}
	if l, ok := fs.lines[k]; ok {
		return l
	}
	l := fs.setLine(f, s)
	if len(fs.lines) >= maxSetLines {
		clear(fs.lines)
	}
	fs.lines[k] = l
	return l
}

// plain reports whether Inter draws all of s by itself.
func (fs *Fonts) plain(f Font, s string) bool {
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		if r == zwj || r == vs16 || r == keycap || fs.source(f, r) != srcInter {
			return false
		}
	}
	return true
}

// Characters that change how the character before them is drawn.
const (
	zwj    = '\u200d' // zero-width joiner: emoji sequences, Arabic joining
	vs16   = '\ufe0f' // emoji presentation
	keycap = '\u20e3' // 1️⃣
)

// sticks reports whether r belongs to the character before it and is
// drawn in the same font: combining marks, joiners, variation selectors,
// skin tones and the tags of subdivision flags.
func sticks(r rune) bool {
	return r == zwj || r == keycap ||
		(r >= 0xfe00 && r <= 0xfe0f) ||
		(r >= 0x1f3fb && r <= 0x1f3ff) ||
		(r >= 0xe0020 && r <= 0xe007f) ||
		unicode.In(r, unicode.Mn, unicode.Me)
}

// source returns the first font of f's chain that has r, or srcNone.
func (fs *Fonts) source(f Font, r rune) int8 {
	k := coverKey{f, r}
	if src, ok := fs.cover[k]; ok {
		return src
	}
	src := int8(srcNone)
	if gi, err := fs.fonts[f].GlyphIndex(&fs.buf, r); err == nil && gi != 0 {
		src = srcInter
	} else {
		for i := srcEmoji; i < numSrc; i++ {
			if _, ok := fs.fb[f][i].NominalGlyph(r); ok {
				src = int8(i)
				break
			}
		}
	}
	fs.cover[k] = src
	return src
}

func (fs *Fonts) has(f Font, src int8, r rune) bool {
	if src == srcInter {
		return fs.source(f, r) == srcInter
	}
	_, ok := fs.fb[f][src].NominalGlyph(r)
	return ok
}

// CanDraw reports whether every character of s is in one of the fonts,
// so that s shows without a single box: Latin, Greek and Cyrillic (Inter),
// emoji (Noto Emoji), Arabic and Hebrew do; Chinese, Japanese, Korean,
// Thai or Devanagari do not. Every cut must have the character, as a
// comment may be set in any. Spaces, controls and format characters
// (joiners, direction marks) need no glyph.
func (fs *Fonts) CanDraw(s string) bool {
	for _, r := range s {
		if r < 0x80 || unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf) || (r >= 0xfe00 && r <= 0xfe0f) {
			continue
		}
		for f := range fs.fonts {
			if fs.source(Font(f), r) == srcNone {
				return false
			}
		}
	}
	return true
}

// sources picks the font of every rune of rs: the first that has it,
// except that what sticks to a character goes with it, a character after
// a joiner in an emoji stays in the emoji font, and one that asks for
// emoji presentation (VS16, a keycap) is drawn as emoji when the emoji
// font has it. A character no font has is left to Inter, which draws its
// box as before; CanDraw keeps such texts off the screen.
func (fs *Fonts) sources(f Font, rs []rune, out []int8) {
	for i, r := range rs {
		switch {
		case i > 0 && sticks(r):
			out[i] = out[i-1]
			continue
		case i > 0 && rs[i-1] == zwj && out[i-1] == srcEmoji && fs.has(f, srcEmoji, r):
			out[i] = srcEmoji
			continue
		}
		src := fs.source(f, r)
		if i+1 < len(rs) && (rs[i+1] == vs16 || rs[i+1] == keycap) && fs.has(f, srcEmoji, r) {
			src = srcEmoji
		}
		if src == srcNone {
			src = srcInter
		}
		out[i] = src
	}
}

// run is a span of runes in one font and one bidi level.
type run struct {
	start, end int // rune indexes
	src        int8
	level      bidi.Level
}

// setLine splits s into runs by font and by direction, orders them
// visually (rule L2 of UAX #9: from the highest level down to the lowest
// odd one, reverse every sequence of runs at that level or above) and
// shapes each.
func (fs *Fonts) setLine(f Face, s string) Line {
	rs := []rune(s)
	offs := make([]int, 0, len(rs)+1)
	for i := range s {
		offs = append(offs, i)
	}
	offs = append(offs, len(s))
	src := make([]int8, len(rs))
	fs.sources(f.Font, rs, src)
	levels := make([]bidi.Level, len(rs))
	br := fs.para.Segment(rs, bidi.Neutral)
	for i := range br.NumRuns() {
		r := br.Run(i)
		for j := r.Start; j < r.End; j++ {
			levels[j] = r.Level
		}
	}
	var runs []run
	for i := range rs {
		if n := len(runs); n > 0 && runs[n-1].src == src[i] && runs[n-1].level == levels[i] {
			runs[n-1].end = i + 1
			continue
		}
		runs = append(runs, run{start: i, end: i + 1, src: src[i], level: levels[i]})
	}
	var top, lowOdd bidi.Level = 0, 127
	for _, r := range runs {
		top = max(top, r.level)
		if r.level%2 == 1 {
			lowOdd = min(lowOdd, r.level)
		}
	}
	for lv := top; lv >= lowOdd && lv > 0; lv-- {
		for i := 0; i < len(runs); {
			if runs[i].level < lv {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}

	var l Line
	x := 0.0
	for _, r := range runs {
		if r.src == srcInter {
			text := s[offs[r.start]:offs[r.end]]
			if r.level%2 == 1 {
				// Only neutrals (spaces, punctuation) are Inter and
				// right-to-left: their order turns and brackets mirror.
				text = reverse(rs[r.start:r.end])
			}
			l.Pieces = append(l.Pieces, Piece{X: x, S: text})
			x += fix(font.MeasureString(fs.Face(f), text))
			continue
		}
		dir := di.DirectionLTR
		if r.level%2 == 1 {
			dir = di.DirectionRTL
		}
		out := fs.shaper.Shape(shaping.Input{
			Text: rs, RunStart: r.start, RunEnd: r.end,
			Direction: dir,
			Face:      fs.fb[f.Font][r.src],
			Size:      fixed.I(max(f.Size, 1)),
			Script:    fallbackLang[r.src].script,
			Language:  fallbackLang[r.src].lang,
		})
		p := Piece{X: x, Glyphs: make([]Glyph, 0, len(out.Glyphs))}
		pen := 0.0
		for _, g := range out.Glyphs {
			p.Glyphs = append(p.Glyphs, Glyph{X: x + pen + fix(g.XOffset), Y: -fix(g.YOffset), src: r.src, id: g.GlyphID})
			pen += fix(g.Advance)
		}
		l.Pieces = append(l.Pieces, p)
		x += pen
	}
	l.Width = x
	return l
}

// rightToLeft reports whether s reads from right to left: whether its
// first letter with a strong direction is Arabic or Hebrew (rules P2 and
// P3 of UAX #9), as the bidi algorithm decides a line's direction.
func rightToLeft(s string) bool {
	for _, r := range s {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.L:
			return false
		case xbidi.R, xbidi.AL:
			return true
		}
	}
	return false
}

// mirrored swaps the paired punctuation Inter draws in a right-to-left run
// (Unicode's Bidi_Mirroring_Glyph for the pairs a comment uses).
var mirrored = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹'}

func reverse(rs []rune) string {
	out := make([]rune, len(rs))
	for i, r := range rs {
		if m, ok := mirrored[r]; ok {
			r = m
		}
		out[len(rs)-1-i] = r
	}
	return string(out)
}

// Path receives a glyph's outline; golang.org/x/image/vector.Rasterizer
// is one.
type Path interface {
	MoveTo(x, y float32)
	LineTo(x, y float32)
	QuadTo(bx, by, x, y float32)
	CubeTo(bx, by, cx, cy, x, y float32)
}

// GlyphPath adds the outline of g, set in face f, to p with the line's
// origin at (x, y) pixels.
func (fs *Fonts) GlyphPath(f Face, g Glyph, x, y float32, p Path) {
	face := fs.fb[f.Font][g.src]
	o, ok := face.GlyphData(g.id).(tsfont.GlyphOutline)
	if !ok {
		return
	}
	k := float32(max(f.Size, 1)) / float32(face.Upem())
	ox, oy := x+float32(g.X), y+float32(g.Y)
	pt := func(a tsfont.SegmentPoint) (float32, float32) { return ox + a.X*k, oy - a.Y*k }
	for _, s := range o.Segments {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			p.MoveTo(pt(s.Args[0]))
		case ot.SegmentOpLineTo:
			p.LineTo(pt(s.Args[0]))
		case ot.SegmentOpQuadTo:
			bx, by := pt(s.Args[0])
			cx, cy := pt(s.Args[1])
			p.QuadTo(bx, by, cx, cy)
		case ot.SegmentOpCubeTo:
			bx, by := pt(s.Args[0])
			cx, cy := pt(s.Args[1])
			dx, dy := pt(s.Args[2])
			p.CubeTo(bx, by, cx, cy, dx, dy)
		}
	}
}

// GlyphBounds is the ink box of g in face f, in pixels from the line's
// origin (Y down).
func (fs *Fonts) GlyphBounds(f Face, g Glyph) Rect {
	face := fs.fb[f.Font][g.src]
	e, ok := face.GlyphExtents(g.id)
	if !ok {
		return Rect{X: g.X, Y: g.Y}
	}
	k := float64(max(f.Size, 1)) / float64(face.Upem())
	return Rect{X: g.X + float64(e.XBearing)*k, Y: g.Y - float64(e.YBearing)*k, W: float64(e.Width) * k, H: -float64(e.Height) * k}
}
