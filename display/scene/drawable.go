package scene

import "github.com/cxtv/cxtv/feed"

// Drawable returns s without the comments the fonts cannot draw, so that
// a comment in a script no font here has (Chinese, Thai, Devanagari…)
// is not shown at all rather than shown as a row of boxes: it leaves the
// comment cards, the ticker, the you-said cards and the ideas; a theme
// keeps its row without such a quote, and a discovered topic named in
// such a script is left out. It returns s itself when nothing is left
// out; s is never changed.
//
// The screen applies it to every snapshot before the deck sees it, so
// that every slide choosing from the snapshot's comments sees the same
// list. Slides with text of their own to pick can ask CanDraw.
func (fs *Fonts) Drawable(s *feed.Snapshot) *feed.Snapshot {
	if s == nil {
		return nil
	}
	comments, cut := keep(s.Comments, func(c feed.Comment) bool { return fs.CanDraw(c.Text) })
	youSaid, cutY := keep(s.YouSaid, func(y feed.YouSaid) bool { return fs.CanDraw(y.Comment.Text) })
	ideas, cutI := keep(s.Ideas, func(c feed.Comment) bool { return fs.CanDraw(c.Text) })
	themes, cutT := keep(s.Themes, func(t feed.Topic) bool { return fs.CanDraw(t.Name) })
	undrawable := func(t feed.Topic) bool { return t.Quote != nil && !fs.CanDraw(t.Quote.Text) }
	quotes := false
	for _, t := range themes {
		quotes = quotes || undrawable(t)
	}
	if !cut && !cutY && !cutI && !cutT && !quotes {
		return s
	}
	if quotes {
		themes = append([]feed.Topic(nil), themes...)
		for i := range themes {
			if undrawable(themes[i]) {
				themes[i].Quote = nil
			}
		}
	}
	out := *s
	out.Comments, out.YouSaid, out.Ideas, out.Themes = comments, youSaid, ideas, themes
	return &out
}

// keep returns the items of list for which ok holds, and whether any was
// left out; list itself when none was.
func keep[T any](list []T, ok func(T) bool) ([]T, bool) {
	for i, v := range list {
		if ok(v) {
			continue
		}
		out := append(make([]T, 0, len(list)-1), list[:i]...)
		for _, w := range list[i+1:] {
			if ok(w) {
				out = append(out, w)
			}
		}
		return out, true
	}
	return list, false
}
