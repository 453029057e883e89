package scene

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// Ticker measures.
const (
	// tickerComments is how many of the newest comments the band runs.
	tickerComments = 12
	// tickerSpeed is the band's speed in design pixels a second: a long
	// comment crosses a 1080p screen in about fifteen seconds.
	tickerSpeed = 120
	// maxTickerChunk caps the width of one item's picture in pixels: each
	// becomes a texture, and GPUs such as the Raspberry Pi's take 4096 at
	// most. A wider comment is cut into chunks that run edge to edge.
	maxTickerChunk = 4000
)

// TickerHeight is the height of the ticker band at a screen size.
func TickerHeight(size Size) int { return px(72 * size.unit()) }

// TickerLine is the height of the line along the band's top edge.
func TickerLine(size Size) float64 { return 2 * size.unit() }

// HasTicker reports whether snap asks for the ticker band and has a
// comment to run in it; a band with nothing in it is not shown.
func HasTicker(s *feed.Snapshot) bool {
	if s == nil || !s.Ticker {
		return false
	}
	for _, c := range s.Comments {
		if strings.TrimSpace(c.Text) != "" {
			return true
		}
	}
	return false
}

// TickerItem is one comment laid out for the band, in its own coordinates
// from (0, 0) to (W, H) with its trailing gap: painted once into its own
// image, then only moved along.
type TickerItem struct {
	Key  string
	W, H int
	Ops  []Op
}

// TickerBand lays out the band's background, in band coordinates from
// (0, 0) to (size.W, TickerHeight(size)).
func (l *Layout) TickerBand(snap *feed.Snapshot, size Size) []Op {
	th := l.Theme(snap)
	w, h := float64(size.W), float64(TickerHeight(size))
	return []Op{
		RoundRect{Rect: Rect{W: w, H: h}, Color: th.HeaderBG},
		RoundRect{Rect: Rect{W: w, H: TickerLine(size)}, Color: th.Tile},
	}
}

// TickerItems lays out the newest comments for the band: a dot in the
// score's colour, the quote and the touchpoint. A quote longer than two
// screen widths is shortened with an ellipsis; an item wider than a
// texture may be comes as several chunks in a row.
func (l *Layout) TickerItems(snap *feed.Snapshot, size Size) []TickerItem {
	if !HasTicker(snap) {
		return nil
	}
	p := &page{l: l, th: l.Theme(snap), lang: LangOf(snap.Language), size: size, u: size.unit(), snap: snap}
	u := p.u
	h := TickerHeight(size)
	f := Face{SemiBold, px(34 * u)}
	mf := Face{Regular, px(34 * u)}
	d, gap, trail := 18*u, 16*u, 112*u
	base := float64(h)/2 + l.fonts.CapHeight(f)/2
	style := styleHash(snap)
	maxW := 2 * float64(max(size.W, size.H))
	var out []TickerItem
	n := 0
	for i := range snap.Comments {
		c := &snap.Comments[i]
		text := strings.Join(strings.Fields(c.Text), " ")
		if text == "" {
			continue
		}
		tp := ""
		if c.Touchpoint != "" {
			tp = "  ·  " + c.Touchpoint
		}
		room := maxW - d - gap - l.fonts.Width(mf, tp) - trail
		open, closing := p.marks(c.Language)
		quote := open + text + closing
		if l.fonts.Width(f, quote) > room {
			quote = l.fonts.ellipsize(f, open+text, closing, room)
		}
		ops := []Op{RoundRect{Rect: Rect{Y: float64(h)/2 - d/2, W: d, H: d}, Radius: d / 2, Color: p.th.category(group(c))}}
		run, _ := p.runs(f, p.th.Text, d+gap, base, quote, false)
		ops = append(ops, run...)
		x := d + gap + l.fonts.Width(f, quote)
		if tp != "" {
			ops = append(ops, l.text(mf, p.th.Muted, x, base, tp))
			x += l.fonts.Width(mf, tp)
		}
		hash := fnv.New64a()
		fmt.Fprintf(hash, "%s\x00%s\x00%d\x00%s\x00%s", style, c.Scale, c.Score, c.Touchpoint, c.Text)
		key := fmt.Sprintf("ticker/%s/%x", c.ID, hash.Sum64())
		w := int(math.Ceil(x + trail))
		parts := (w + maxTickerChunk - 1) / maxTickerChunk
		step := (w + parts - 1) / parts
		for at := 0; at < w; at += step {
			chunk := TickerItem{Key: key, W: min(step, w-at), H: h, Ops: ops}
			if parts > 1 {
				chunk.Key = fmt.Sprintf("%s/%d", key, at/step)
				chunk.Ops = make([]Op, len(ops))
				for i, op := range ops {
					chunk.Ops[i] = Translate(op, -float64(at), 0)
				}
			}
			out = append(out, chunk)
		}
		if n++; n == tickerComments {
			break
		}
	}
	return out
}

// Placed is a ticker item on the band: its left edge X in pixels.
type Placed struct {
	Key  string
	X, W int
}

// Ticker moves the band along: whole pixels a tick, so that text never
// smears between pixels, and the same speed whatever happens on screen.
// The items on the band stay where they are when the list changes (a new
// snapshot); the new list's first item follows the last one on the band.
// It belongs to the game loop; Tick allocates nothing once the band is
// full.
type Ticker struct {
	width, start, speed int
	items               []Placed // the list to cycle; X unused
	next                int      // index in items of the next to enter
	placed              []Placed // on the band, left to right
}

// NewTicker returns an empty band for a screen of size, moved tps times a
// second.
func NewTicker(size Size, tps int) *Ticker {
	u := size.unit()
	return &Ticker{
		width: size.W,
		start: int(math.Round(64 * u)),
		speed: max(1, int(math.Round(tickerSpeed*u/float64(max(tps, 1))))),
	}
}

// Speed is how many pixels the band moves a tick.
func (t *Ticker) Speed() int { return t.speed }

// Start is where the first item enters an empty band: its left edge.
func (t *Ticker) Start() int { return t.start }

// SetItems replaces the list the band cycles through. An unchanged list
// keeps its place in the cycle; a changed one starts at its first (newest)
// item once the items on the band have moved on. An empty list clears the
// band: it is not shown.
func (t *Ticker) SetItems(items []TickerItem) {
	if len(items) == 0 {
		t.items, t.placed, t.next = t.items[:0], t.placed[:0], 0
		return
	}
	same := len(items) == len(t.items)
	for i := 0; same && i < len(items); i++ {
		same = items[i].Key == t.items[i].Key && items[i].W == t.items[i].W
	}
	if same {
		return
	}
	t.items = t.items[:0]
	for _, it := range items {
		t.items = append(t.items, Placed{Key: it.Key, W: max(it.W, 1)})
	}
	t.next = 0
	t.fill()
}

// Tick moves the band one tick to the left and reports whether an item
// left it (its image may then be freed).
func (t *Ticker) Tick() bool {
	for i := range t.placed {
		t.placed[i].X -= t.speed
	}
	gone := 0
	for gone < len(t.placed) && t.placed[gone].X+t.placed[gone].W <= 0 {
		gone++
	}
	if gone > 0 {
		n := copy(t.placed, t.placed[gone:])
		t.placed = t.placed[:n]
	}
	t.fill()
	return gone > 0
}

// fill appends items until the band is covered to its right edge.
func (t *Ticker) fill() {
	for len(t.items) > 0 {
		x := t.start
		if n := len(t.placed); n > 0 {
			x = t.placed[n-1].X + t.placed[n-1].W
		}
		if x >= t.width {
			return
		}
		it := t.items[t.next]
		it.X = x
		t.placed = append(t.placed, it)
		t.next = (t.next + 1) % len(t.items)
	}
}

// Placed returns the items on the band, left to right. The slice is the
// ticker's own: read it before the next Tick.
func (t *Ticker) Placed() []Placed { return t.placed }

// Uses reports whether an item with key is on the band or in the list.
func (t *Ticker) Uses(key string) bool {
	for _, p := range t.placed {
		if p.Key == key {
			return true
		}
	}
	for _, p := range t.items {
		if p.Key == key {
			return true
		}
	}
	return false
}

// group is the group a comment's score belongs to.
func group(c *feed.Comment) feed.Category { return feed.CategoryOf(c.Scale, c.Score) }
