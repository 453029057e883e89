package appstore

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "appstore"

// Options says how to store one page's reviews.
type Options struct {
	Source string // the source the answers are stored under; empty: DefaultSource
}

// FieldError names the element of a page that could not be read, by its
// path in the JSON feed (feed.entry[2].im:rating.label) or the Atom one
// (feed/entry[2]/im:rating); entries count from 0, the app's own entry
// included. It is source.FieldError, which googleplay returns too.
type FieldError = source.FieldError

// Decode reads one page of the customer reviews feed, in its JSON or its
// Atom form (told apart by the first character). The feed's entry for the
// app itself, which has no rating, is left out; so is, listed in Skipped,
// any other entry without one. An element that cannot be read fails the
// page with a *FieldError.
func Decode(r io.Reader, o Options) (source.Batch, error) {
	b, _, err := decodePage(r, o)
	return b, err
}

// decodePage is Decode that also counts the page's reviews, the app's
// entry not included, so that paging can stop at an empty page.
func decodePage(r io.Reader, o Options) (source.Batch, int, error) {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	br := bufio.NewReader(r)
	var entries []entry
	var err error
	switch first := firstByte(br); first {
	case '{':
		entries, err = decodeJSON(br)
	case '<':
		entries, err = decodeAtom(br)
	case 0:
		return source.Batch{}, 0, errors.New("empty page; want the JSON or Atom customer reviews feed")
	default:
		return source.Batch{}, 0, fmt.Errorf("the page starts with %q: neither the JSON nor the Atom customer reviews feed", first)
	}
	if err != nil {
		return source.Batch{}, 0, err
	}
	var b source.Batch
	reviews := 0
	for _, e := range entries {
		if e.rating == nil {
			if !e.app {
				b.Skip(e.id, "no rating")
				reviews++
			}
			continue
		}
		reviews++
		resp, err := e.response()
		if err != nil {
			return source.Batch{}, 0, err
		}
		b.Add(o.Source, resp)
	}
	return b, reviews, nil
}

// firstByte returns the first byte that is not white space or a byte order
// mark, without consuming it; 0 for none.
func firstByte(br *bufio.Reader) byte {
	for {
		p, err := br.Peek(1)
		if err != nil {
			return 0
		}
		switch p[0] {
		case ' ', '\t', '\r', '\n':
			br.Discard(1)
			continue
		case 0xef: // UTF-8 byte order mark
			if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xef, 0xbb, 0xbf}) {
				br.Discard(3)
				continue
			}
		}
		return p[0]
	}
}

// entry is one entry of either form of the feed, with the paths of its
// fields for errors.
type entry struct {
	app                bool // the app's own entry: it has im:name
	id, title, body    string
	rating             *string
	updated            string
	idPath, ratingPath string
	updatedPath        string
}

// response turns a review entry into a response: rating 1–5 as stars, the
// title and body as the comment ("Title\n\nBody", or whichever is not
// empty), the time it was last updated as its time, and as the time of
// its version: a review the customer edits replaces the one stored. The
// author is not kept.
func (e entry) response() (source.Response, error) {
	id := strings.TrimSpace(e.id)
	if id == "" {
		return source.Response{}, &FieldError{Path: e.idPath, Reason: "empty: want the review id"}
	}
	rating, err := strconv.Atoi(strings.TrimSpace(*e.rating))
	if err != nil {
		return source.Response{}, &FieldError{Path: e.ratingPath, Reason: fmt.Sprintf("%q is not a whole number", source.Short(*e.rating))}
	}
	updated := strings.TrimSpace(e.updated)
	if updated == "" {
		return source.Response{}, &FieldError{Path: e.updatedPath, Reason: "empty: want the time of the review"}
	}
	at, err := time.Parse(time.RFC3339, updated)
	if err != nil {
		return source.Response{}, &FieldError{Path: e.updatedPath, Reason: fmt.Sprintf("%q is no RFC 3339 time", source.Short(updated))}
	}
	return source.Response{
		ID:        id,
		Stars:     &rating,
		Comment:   source.ReviewComment(e.title, e.body),
		CreatedAt: at,
		UpdatedAt: at,
	}, nil
}

// label is how the JSON feed wraps every value: {"label": "…"}.
type label struct {
	Label string `json:"label"`
}

// jsonEntries is the JSON feed's "entry": a list, or a single object when
// the page holds one entry.
type jsonEntries []jsonEntry

func (es *jsonEntries) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '{' {
		var e jsonEntry
		if err := json.Unmarshal(data, &e); err != nil {
			return err
		}
		*es = jsonEntries{e}
		return nil
	}
	return json.Unmarshal(data, (*[]jsonEntry)(es))
}

type jsonEntry struct {
	ID      label  `json:"id"`
	Title   label  `json:"title"`
	Content label  `json:"content"`
	Rating  *label `json:"im:rating"`
	Updated label  `json:"updated"`
	Name    *label `json:"im:name"`
}

func decodeJSON(r io.Reader) ([]entry, error) {
	var page struct {
		Feed *struct {
			Entry jsonEntries `json:"entry"`
		} `json:"feed"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&page); err != nil {
		return nil, source.JSONError(err, "", "the feed")
	}
	if page.Feed == nil {
		return nil, &FieldError{Path: "feed", Reason: "missing: not a customer reviews feed"}
	}
	var out []entry
	for i, je := range page.Feed.Entry {
		p := fmt.Sprintf("feed.entry[%d].", i)
		e := entry{
			app: je.Name != nil, id: je.ID.Label, title: je.Title.Label, body: je.Content.Label,
			updated: je.Updated.Label,
			idPath:  p + "id.label", ratingPath: p + "im:rating.label", updatedPath: p + "updated.label",
		}
		if je.Rating != nil {
			e.rating = &je.Rating.Label
		}
		out = append(out, e)
	}
	return out, nil
}

// The Atom feed's elements are matched by local name, so that a feed with
// or without Apple's im: namespace reads alike.
type atomEntry struct {
	ID       string        `xml:"id"`
	Title    string        `xml:"title"`
	Updated  string        `xml:"updated"`
	Contents []atomContent `xml:"content"`
	Rating   *string       `xml:"rating"`
	Name     *string       `xml:"name"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

func decodeAtom(r io.Reader) ([]entry, error) {
	var page struct {
		XMLName xml.Name
		Entries []atomEntry `xml:"entry"`
	}
	if err := xml.NewDecoder(r).Decode(&page); err != nil {
		return nil, fmt.Errorf("invalid XML: %w", err)
	}
	if page.XMLName.Local != "feed" {
		return nil, &FieldError{Path: page.XMLName.Local, Reason: "not an Atom feed (its root is not <feed>)"}
	}
	var out []entry
	for i, ae := range page.Entries {
		p := fmt.Sprintf("feed/entry[%d]/", i)
		e := entry{
			app: ae.Name != nil, id: ae.ID, title: ae.Title, rating: ae.Rating, updated: ae.Updated,
			idPath: p + "id", ratingPath: p + "im:rating", updatedPath: p + "updated",
		}
		// A review has its text twice: as text, and as an HTML table
		// for feed readers. The text one is the review.
		for _, c := range ae.Contents {
			if c.Type == "text" || c.Type == "" {
				e.body = c.Text
				break
			}
		}
		out = append(out, e)
	}
	return out, nil
}
