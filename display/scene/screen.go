package scene

import (
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Screen lays out the whole screen as it looks while card c is on it: the
// card, the ticker band with its items where a freshly started band has
// them, and the header strip. The render command and the golden tests
// paint it as one image; the kiosk paints the same three parts into
// separate images and lays them over each other, so both look alike.
func (l *Layout) Screen(c Card, snap *feed.Snapshot, size Size, h HeaderInfo, now time.Time) []Op {
	ops := l.Card(c, snap, size, now).Ops
	if HasTicker(snap) {
		y := float64(size.H - TickerHeight(size))
		ops = append(ops, TranslateAll(l.TickerBand(snap, size), 0, y)...)
		items := l.TickerItems(snap, size)
		byKey := make(map[string][]Op, len(items))
		for _, it := range items {
			byKey[it.Key] = it.Ops
		}
		t := NewTicker(size, 60)
		t.SetItems(items)
		for _, pl := range t.Placed() {
			for _, op := range byKey[pl.Key] {
				ops = append(ops, Translate(op, float64(pl.X), y))
			}
		}
	}
	return append(ops, l.Header(h, size)...)
}
