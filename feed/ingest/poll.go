package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// ErrMalformedFeed marks a fetched RSS or Atom document that cannot be
// parsed at all; a JSON document that cannot is ErrMalformed.
var ErrMalformedFeed = errors.New("malformed feed")

// Polled is what one fetched document of a polled source holds.
type Polled struct {
	Items   []feed.Feedback // valid answers, in document order
	Skipped []Skipped       // entries that could not be used
}

// Skipped is an entry of a polled document that was left out. A third-party
// feed with one broken entry must not stop the others, so a bad entry is
// reported here instead of failing the document.
type Skipped struct {
	Index  int    // position in the document's list
	ID     string // the entry's id, if it had one
	Field  string // the feedback field that was wrong
	Reason string
}

func (s Skipped) String() string {
	if s.ID != "" {
		return fmt.Sprintf("item %d (id %q): %s: %s", s.Index, s.ID, s.Field, s.Reason)
	}
	return fmt.Sprintf("item %d: %s: %s", s.Index, s.Field, s.Reason)
}

// PollDecoder turns the documents fetched for one polled source into
// answers; it is made once per config and safe for concurrent use.
type PollDecoder struct {
	source     string
	scale      feed.Scale
	format     string
	items      []string            // json: path to the list
	fields     map[string][]string // json: field → path in an item
	scoreExt   *extRef             // feed: the element holding the score
	comment    []string            // feed: the parts of the comment
	pattern    *regexp.Regexp      // captures the score; nil: recognised by shape
	touchpoint string
}

// PollOptions say how the documents of one polled source are read.
type PollOptions struct {
	Source string     // the source the answers are stored under
	Scale  feed.Scale // of answers that name none; empty: nps
	// Format is json, rss, atom or feed (RSS or Atom); empty: json.
	Format string
	// Items is the dotted path to the array of answers in a JSON document
	// ("data.reviews"); empty: the document is the array.
	Items string
	// Fields maps feedback fields to where they are in an item. JSON:
	// field (feed.FeedbackFields) → dotted path; unmapped fields are
	// looked up by their own name. RSS/Atom: score → an extension element
	// ("rating", "g:rating", "review:rating@value"), comment → the parts
	// shown, joined by + (title, description, content; default
	// description).
	Fields map[string]string
	// ScorePattern is a regular expression with one group around the
	// score; empty: stars, "4/5", "4 von 5" and "4 Sterne" are recognised.
	ScorePattern string
	Touchpoint   string // for answers that name none
}

// NewPollDecoder prepares the decoding of a polled source's documents.
func NewPollDecoder(o PollOptions) (*PollDecoder, error) {
	d := &PollDecoder{
		source:     o.Source,
		scale:      o.Scale,
		format:     o.Format,
		fields:     map[string][]string{},
		comment:    []string{"description"},
		touchpoint: singleLine(o.Touchpoint, feed.MaxIDLength),
	}
	if d.scale == "" {
		d.scale = feed.ScaleNPS
	}
	switch d.format {
	case "":
		d.format = "json"
	case "json", "rss", "atom", "feed":
	default:
		return nil, fmt.Errorf("source %s: unknown poll format %q", o.Source, d.format)
	}
	c := o
	if c.ScorePattern != "" {
		re, err := regexp.Compile(c.ScorePattern)
		if err != nil {
			return nil, fmt.Errorf("source %s: score_pattern: %w", o.Source, err)
		}
		if re.NumSubexp() != 1 {
			return nil, fmt.Errorf("source %s: score_pattern needs exactly one group", o.Source)
		}
		d.pattern = re
	}
	if d.format == "json" {
		d.items = splitPath(c.Items)
		for _, f := range feed.FeedbackFields {
			d.fields[f] = []string{f}
		}
		for f, p := range c.Fields {
			d.fields[f] = splitPath(p)
		}
		return d, nil
	}
	if s := c.Fields["score"]; s != "" {
		d.scoreExt = parseExtRef(s)
	}
	if s := c.Fields["comment"]; s != "" {
		d.comment = nil
		for part := range strings.SplitSeq(s, "+") {
			d.comment = append(d.comment, strings.TrimSpace(part))
		}
	}
	return d, nil
}

// Decode reads one fetched document; now dates entries without a date.
// An error means the document as a whole is unusable.
func (d *PollDecoder) Decode(body []byte, now time.Time) (Polled, error) {
	if d.format == "json" {
		return d.decodeJSON(body, now)
	}
	return d.decodeFeed(body, now)
}

// DecodePolledJSON decodes a JSON document fetched for a source read as o
// says, whatever its Format.
func DecodePolledJSON(body []byte, o PollOptions, now time.Time) (Polled, error) {
	o.Format = "json"
	d, err := NewPollDecoder(o)
	if err != nil {
		return Polled{}, err
	}
	return d.decodeJSON(body, now)
}

func (d *PollDecoder) decodeJSON(body []byte, now time.Time) (Polled, error) {
	body = bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\xef\xbb\xbf"))
	// encoding/json would quietly replace invalid UTF-8 with U+FFFD.
	if !utf8.Valid(body) {
		return Polled{}, fmt.Errorf("%w: the document is not valid UTF-8", ErrMalformed)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // ids like 12345678901234567890 stay exact
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return Polled{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Polled{}, fmt.Errorf("%w: more data after the document", ErrMalformed)
	}
	list, err := d.list(doc)
	if err != nil {
		return Polled{}, err
	}
	var out Polled
	for i, raw := range list {
		f, skip := d.jsonItem(raw, now)
		out.add(i, f, skip)
	}
	return out, nil
}

// add keeps entry i's answer, or its reason to be skipped.
func (p *Polled) add(i int, f feed.Feedback, skip *Skipped) {
	if skip != nil {
		skip.Index = i
		p.Skipped = append(p.Skipped, *skip)
		return
	}
	p.Items = append(p.Items, f)
}

// list finds the array of entries at the poll.items path.
func (d *PollDecoder) list(doc any) ([]any, error) {
	v := doc
	for i, key := range d.items {
		next, ok := step(v, key)
		if !ok {
			at := "the document"
			if i > 0 {
				at = strings.Join(d.items[:i], ".")
			}
			return nil, fmt.Errorf("%w: poll.items %q: %s has no %q%s", ErrMalformed, strings.Join(d.items, "."), at, key, keysOf(v))
		}
		v = next
	}
	list, ok := v.([]any)
	if ok {
		return list, nil
	}
	if len(d.items) == 0 {
		return nil, fmt.Errorf("%w: the document is %s, not an array; set poll.items to the path of its array%s", ErrMalformed, kindOf(v), keysOf(v))
	}
	return nil, fmt.Errorf("%w: poll.items %q is %s, not an array", ErrMalformed, strings.Join(d.items, "."), kindOf(v))
}

func (d *PollDecoder) jsonItem(raw any, now time.Time) (feed.Feedback, *Skipped) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return feed.Feedback{}, &Skipped{Reason: kindOf(raw) + ", not an object"}
	}
	var id string
	skip := func(field, format string, args ...any) (feed.Feedback, *Skipped) {
		return feed.Feedback{}, &Skipped{ID: id, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	text := func(field string) (string, string) { return scalar(lookup(obj, d.fields[field])) }

	id, bad := text("id")
	if bad != "" {
		return skip("id", "%s", bad)
	}
	id = pollID(id)
	if id == "" {
		return skip("id", "is missing (at %q)", strings.Join(d.fields["id"], "."))
	}
	f := feed.Feedback{ID: id, Source: d.source, Scale: d.scale, CreatedAt: now.UTC()}
	if s, bad := text("scale"); bad != "" {
		return skip("scale", "%s", bad)
	} else if s != "" {
		sc, err := feed.ParseScale(strings.ToLower(strings.TrimSpace(s)))
		if err != nil {
			return skip("scale", "%v", err)
		}
		f.Scale = sc
	}
	s, bad := text("score")
	if bad != "" {
		return skip("score", "%s", bad)
	}
	if strings.TrimSpace(s) == "" {
		return skip("score", "is missing (at %q)", strings.Join(d.fields["score"], "."))
	}
	score, err := d.scoreOf(s, f.Scale)
	if err != nil {
		return skip("score", "%v", err)
	}
	f.Score = score
	for _, tf := range []struct {
		name string
		to   *string
		fix  func(string) string
	}{
		{"comment", &f.Comment, func(s string) string { return multiLine(s, feed.MaxCommentLength) }},
		{"touchpoint", &f.Touchpoint, func(s string) string { return singleLine(s, feed.MaxIDLength) }},
		{"language", &f.Language, normLanguage},
	} {
		s, bad := text(tf.name)
		if bad != "" {
			return skip(tf.name, "%s", bad)
		}
		*tf.to = tf.fix(s)
	}
	if f.Touchpoint == "" {
		f.Touchpoint = d.touchpoint
	}
	if v := lookup(obj, d.fields["created_at"]); v != nil {
		t, err := pollTime(v)
		if err != nil {
			return skip("created_at", "%v", err)
		}
		f.CreatedAt = t
	}
	if reason := checkDate(f.CreatedAt, now); reason != "" {
		return skip("created_at", "%s", reason)
	}
	if err := f.Validate(); err != nil {
		return feed.Feedback{}, invalid(id, err)
	}
	return f, nil
}

// invalid reports an answer that feed.Feedback.Validate refused.
func invalid(id string, err error) *Skipped {
	s := &Skipped{ID: id, Reason: err.Error()}
	var fe *feed.FieldError
	if errors.As(err, &fe) {
		s.Field, s.Reason = fe.Field, fe.Reason
	}
	return s
}

// splitPath splits a dotted path; "" is the empty path.
func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

// step goes one key down: a member of an object, or an element of an array
// by its index.
func step(v any, key string) (any, bool) {
	switch v := v.(type) {
	case map[string]any:
		next, ok := v[key]
		return next, ok
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(v) {
			return nil, false
		}
		return v[i], true
	}
	return nil, false
}

// lookup follows path from v; a missing member is nil, as is JSON null.
func lookup(v any, path []string) any {
	for _, key := range path {
		next, ok := step(v, key)
		if !ok {
			return nil
		}
		v = next
	}
	return v
}

// scalar returns a JSON value as text, or why it is not a single value.
func scalar(v any) (string, string) {
	switch v := v.(type) {
	case nil:
		return "", ""
	case string:
		return v, ""
	case json.Number:
		return v.String(), ""
	case bool:
		return strconv.FormatBool(v), ""
	}
	return "", "is " + kindOf(v) + ", not a single value"
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// keysOf lists an object's keys for an error message, to help find the
// right path.
func keysOf(v any) string {
	obj, ok := v.(map[string]any)
	if !ok || len(obj) == 0 {
		return ""
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) > 10 {
		keys = append(keys[:10], "…")
	}
	return " (its keys: " + strings.Join(keys, ", ") + ")"
}

// pollTimeLayouts are the date forms read from a polled JSON item; those
// without a zone are UTC.
var pollTimeLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// pollTime reads a date: a string in one of pollTimeLayouts, or a number
// of seconds (or, if that large, milliseconds) since 1970.
func pollTime(v any) (time.Time, error) {
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range pollTimeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date like 2026-11-24T14:05:00+01:00", s)
	case json.Number:
		n, err := v.Float64()
		if err != nil || math.IsInf(n, 0) || math.Abs(n) > 1e15 {
			return time.Time{}, fmt.Errorf("%s is not a Unix time", v)
		}
		if math.Abs(n) >= 1e11 { // later than 5138 in seconds: milliseconds
			return time.UnixMilli(int64(n)).UTC(), nil
		}
		sec, frac := math.Modf(n)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	}
	_, reason := scalar(v)
	if reason == "" {
		reason = "is " + kindOf(v) + ", not a date"
	}
	return time.Time{}, errors.New(reason)
}

// checkDate says what is wrong with an answer's date, if anything.
func checkDate(t, now time.Time) string {
	switch {
	case t.Before(time.Unix(0, 0)):
		return fmt.Sprintf("%s is before 1970", t.Format(time.RFC3339))
	case t.After(now.Add(ClockSkew)):
		return fmt.Sprintf("%s is in the future", t.Format(time.RFC3339))
	}
	return ""
}

// pollID tidies an entry's id. One that the store would refuse (too long,
// or with control characters, like some feeds' link GUIDs) is replaced by a
// hash of itself: the same entry keeps the same id on every fetch, so
// re-polling stays idempotent.
func pollID(id string) string {
	id = strings.TrimSpace(id)
	if utf8.ValidString(id) && utf8.RuneCountInString(id) <= feed.MaxIDLength && !strings.ContainsFunc(id, unicode.IsControl) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "sha256:" + hex.EncodeToString(sum[:16])
}
