package ingest

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/cxtv/cxtv/feed"
)

// extRef names an element of a feed entry that holds its score:
// [prefix:]name[@attribute].
type extRef struct{ prefix, name, attr string }

func parseExtRef(s string) *extRef {
	var r extRef
	s, r.attr, _ = strings.Cut(s, "@")
	if p, n, ok := strings.Cut(s, ":"); ok {
		r.prefix, r.name = p, n
	} else {
		r.name = s
	}
	return &r
}

func (r *extRef) String() string {
	s := r.name
	if r.prefix != "" {
		s = r.prefix + ":" + s
	}
	if r.attr != "" {
		s += "@" + r.attr
	}
	return "<" + s + ">"
}

// value finds the element among the entry's namespaced elements (under any
// prefix when none is given) or, in RSS, its plain ones.
func (r *extRef) value(it *gofeed.Item) string {
	prefixes := make([]string, 0, len(it.Extensions))
	for p := range it.Extensions {
		if r.prefix == "" || p == r.prefix {
			prefixes = append(prefixes, p)
		}
	}
	slices.Sort(prefixes) // the same answer on every fetch
	for _, p := range prefixes {
		for _, e := range it.Extensions[p][r.name] {
			v := e.Value
			if r.attr != "" {
				v = e.Attrs[r.attr]
			}
			if strings.TrimSpace(v) != "" {
				return v
			}
		}
	}
	if r.prefix == "" && r.attr == "" {
		return it.Custom[r.name]
	}
	return ""
}

func (d *PollDecoder) decodeFeed(body []byte, now time.Time) (Polled, error) {
	switch gofeed.DetectFeedType(bytes.NewReader(body)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
	case gofeed.FeedTypeJSON:
		return Polled{}, fmt.Errorf("%w: the document is JSON, not RSS or Atom (for a JSON API set poll.format: json)", ErrMalformedFeed)
	default:
		return Polled{}, fmt.Errorf("%w: the document is neither RSS nor Atom", ErrMalformedFeed)
	}
	// A parser keeps state between calls, so each document gets its own.
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return Polled{}, fmt.Errorf("%w: %v", ErrMalformedFeed, err)
	}
	lang := normLanguage(parsed.Language)
	var out Polled
	for i, it := range parsed.Items {
		if it == nil {
			continue
		}
		f, skip := d.feedItem(it, lang, now)
		out.add(i, f, skip)
	}
	return out, nil
}

// feedItem makes an answer of an RSS item or Atom entry.
func (d *PollDecoder) feedItem(it *gofeed.Item, lang string, now time.Time) (feed.Feedback, *Skipped) {
	id := pollID(it.GUID)
	if id == "" {
		id = pollID(it.Link)
	}
	skip := func(field, format string, args ...any) (feed.Feedback, *Skipped) {
		return feed.Feedback{}, &Skipped{ID: id, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if id == "" {
		return skip("id", "the entry has no guid, id or link")
	}
	text := func(s string) string { return multiLine(plainText(s), math.MaxInt) }
	title, desc, content := text(it.Title), text(it.Description), text(it.Content)

	f := feed.Feedback{ID: id, Source: d.source, Scale: d.scale, Touchpoint: d.touchpoint, Language: lang}
	var err error
	var span [2]int // where in the title the score was written
	switch {
	case d.scoreExt != nil:
		v := d.scoreExt.value(it)
		if v == "" {
			return skip("score", "the entry has no %s element", d.scoreExt)
		}
		f.Score, err = d.scoreOf(v, f.Scale)
	default:
		found := false
		for i, t := range []string{title, desc, content} {
			var ok bool
			var at [2]int
			if d.pattern != nil {
				m := d.pattern.FindStringSubmatchIndex(t)
				if ok = m != nil; ok {
					f.Score, err = scoreValue(strings.TrimSpace(t[m[2]:m[3]]), f.Scale)
					at = [2]int{m[0], m[1]}
				}
			} else {
				f.Score, at, ok, err = scoreIn(t, f.Scale)
			}
			if ok {
				found = true
				if i == 0 {
					span = at
				}
				break
			}
		}
		if !found && d.pattern != nil {
			return skip("score", "score_pattern matches neither the title nor the description")
		}
		if !found {
			return skip("score", "no score in the title or description (like ★★★★☆ or 4/5); set poll.fields.score or poll.score_pattern")
		}
	}
	if err != nil {
		return skip("score", "%v", err)
	}

	names := authors(it)
	var parts []string
	for _, part := range d.comment {
		var t string
		switch part {
		case "title":
			// "★★★★☆ Sabine K.: Schnelle Hilfe" says "Schnelle Hilfe".
			t = scrubNames(dropStars(title[:span[0]]+title[span[1]:]), names)
			t = strings.Trim(t, " -–—:|·,…")
		case "description":
			t = firstNonEmpty(desc, content)
		case "content":
			t = firstNonEmpty(content, desc)
		}
		if t != "" && !slices.Contains(parts, t) {
			parts = append(parts, t)
		}
	}
	f.Comment = multiLine(scrubNames(strings.Join(parts, "\n"), names), feed.MaxCommentLength)

	switch {
	case it.PublishedParsed != nil:
		f.CreatedAt = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		f.CreatedAt = it.UpdatedParsed.UTC()
	default:
		f.CreatedAt = now.UTC()
	}
	if reason := checkDate(f.CreatedAt, now); reason != "" {
		return skip("created_at", "%s", reason)
	}
	if dc := it.DublinCoreExt; dc != nil && len(dc.Language) > 0 {
		if l := normLanguage(dc.Language[0]); l != "" {
			f.Language = l
		}
	}
	if err := f.Validate(); err != nil {
		return feed.Feedback{}, invalid(id, err)
	}
	return f, nil
}

// firstNonEmpty returns the first of its arguments that is not empty.
func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// dropStars removes star symbols, which say the score, not the comment.
func dropStars(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '★' || r == '☆' || r == '⭐' || r == '\uFE0F' {
			return -1
		}
		return r
	}, s)
}

// authors returns the names an entry gives for who wrote it.
func authors(it *gofeed.Item) []string {
	var names []string
	for _, p := range it.Authors {
		if p != nil {
			names = append(names, p.Name)
		}
	}
	if it.Author != nil { //nolint:staticcheck // older feeds fill only Author
		names = append(names, it.Author.Name)
	}
	if dc := it.DublinCoreExt; dc != nil {
		names = append(names, dc.Creator...)
	}
	return names
}
