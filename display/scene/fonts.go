package scene

import (
	"fmt"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/shaping"

	"github.com/cxtv/cxtv/assets"
)

// Font names one of the embedded Inter cuts.
type Font int

// The cuts a slide uses: Regular for small print, SemiBold for labels,
// Display Bold for quotes and large numbers.
const (
	Regular Font = iota
	SemiBold
	DisplayBold
)

func (f Font) String() string {
	switch f {
	case Regular:
		return "Inter-Regular"
	case SemiBold:
		return "Inter-SemiBold"
	case DisplayBold:
		return "InterDisplay-Bold"
	}
	return fmt.Sprintf("Font(%d)", int(f))
}

// Face is a font at a pixel size. Sizes are whole pixels so that the face
// cache stays small and layout and painting agree to the pixel.
type Face struct {
	Font Font
	Size int // pixels per em
}

func (f Face) String() string { return fmt.Sprintf("%s/%d", f.Font, f.Size) }

// Fonts parses the embedded fonts once and caches a face per Face. Behind
// each Inter cut stand the fallback fonts for what Inter lacks (emoji,
// Arabic, Hebrew; fallback.go).
//
// An opentype face keeps a scratch buffer, and the caches of coverage and
// of set lines have no lock, so a Fonts must be used by one goroutine at a
// time: the layout goroutine and the painting goroutine each own their
// own Fonts.
type Fonts struct {
	fonts [3]*opentype.Font
	faces map[Face]font.Face

	fb     [3]chain          // fallback fonts per cut, by src
	buf    sfnt.Buffer       // for Inter's character map
	cover  map[coverKey]int8 // which font draws a character
	lines  map[lineKey]Line  // set lines with fallback pieces; at most maxSetLines
	shaper shaping.HarfbuzzShaper
	para   bidi.Paragraph
}

// NewFonts parses the embedded Inter fonts and their fallbacks.
func NewFonts() (*Fonts, error) {
	fs := &Fonts{faces: make(map[Face]font.Face), cover: make(map[coverKey]int8), lines: make(map[lineKey]Line)}
	for i, b := range [][]byte{assets.InterRegular, assets.InterSemiBold, assets.InterDisplayBold} {
		f, err := opentype.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("parse font %s: %w", Font(i), err)
		}
		fs.fonts[i] = f
	}
	fb, err := loadFallbacks()
	if err != nil {
		return nil, err
	}
	fs.fb = fb
	return fs, nil
}

// Face returns the cached face for f, creating it on first use.
func (fs *Fonts) Face(f Face) font.Face {
	if face, ok := fs.faces[f]; ok {
		return face
	}
	size := max(f.Size, 1)
	face, err := opentype.NewFace(fs.fonts[f.Font], &opentype.FaceOptions{
		Size:    float64(size),
		DPI:     72, // at 72 DPI one point is one pixel
		Hinting: font.HintingNone,
	})
	if err != nil {
		// NewFace fails only for invalid options, which we never pass.
		panic(fmt.Sprintf("scene: face %v: %v", f, err))
	}
	fs.faces[f] = face
	return face
}

// Width is the advance of s in face f, in pixels: the width of the line
// SetLine sets and the painter draws.
func (fs *Fonts) Width(f Face, s string) float64 {
	if fs.plain(f.Font, s) {
		return fix(font.MeasureString(fs.Face(f), s))
	}
	return fs.SetLine(f, s).Width
}

// Metrics returns the ascent and descent of f in pixels.
func (fs *Fonts) Metrics(f Face) (ascent, descent float64) {
	m := fs.Face(f).Metrics()
	return fix(m.Ascent), fix(m.Descent)
}

// CapHeight is the height of capital letters in f, used to centre text
// optically inside pills and strips.
func (fs *Fonts) CapHeight(f Face) float64 {
	m := fs.Face(f).Metrics()
	if m.CapHeight > 0 {
		return fix(m.CapHeight)
	}
	return fix(m.Ascent) * 0.73
}

func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }

// px rounds a scaled size to whole pixels, never below 1.
func px(v float64) int { return max(int(math.Round(v)), 1) }
