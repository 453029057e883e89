// What the builder does for privacy: each comment it may show redacted
// once, with its public id and touchpoint, judged by the channel's privacy
// policy, and recorded for the admins' list of redactions.

package curate

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Redaction is what was removed from one comment, or that it was hidden,
// for the admins: GET /api/v1/redactions and cxtv-feed redactions.
type Redaction struct {
	Comment   string    `json:"comment"` // its public id, "source/id"
	CreatedAt time.Time `json:"created_at"`
	Kinds     []Kind    `json:"kinds"` // what was redacted
	// Hidden is why the comment is not shown at all; "" when it is shown
	// redacted.
	Hidden string `json:"hidden,omitempty"`
	Text   string `json:"text"` // as redacted
}

// Why a comment that names a person is hidden.
const (
	HiddenPerson         = "names a person (privacy.people: hide)"
	HiddenNegativePerson = "a detractor's comment that names a person (privacy.hide_negative)"
)

// private is f's comment as a screen may show it, and whether the
// channel's privacy policy lets it be shown; what was redacted or hidden
// is recorded for the admins.
func (b *Builder) private(f *feed.Feedback, text string, g int) (feed.Comment, bool) {
	cm, r := b.privacy(f, text, g)
	if r != nil {
		b.redactions = append(b.redactions, *r)
	}
	return cm.Comment, r == nil || r.Hidden == ""
}

// judge is private without the record for the admins: for a theme's
// quote, chosen when the snapshot is made, after Redactions may have been
// read. (So a quote's redaction is listed only when the comment is a
// card's candidate too.)
func (b *Builder) judge(f *feed.Feedback, text string, g int) (feed.Comment, bool) {
	cm, r := b.privacy(f, text, g)
	return cm.Comment, r == nil || r.Hidden == ""
}

// privacy is f's comment redacted and, when something was redacted, what
// and whether the privacy policy hides it.
func (b *Builder) privacy(f *feed.Feedback, text string, g int) (redactedComment, *Redaction) {
	cm := b.comment(f, text)
	kinds := cm.kinds
	if len(kinds) == 0 {
		return cm, nil
	}
	r := &Redaction{Comment: cm.ID, CreatedAt: cm.CreatedAt, Kinds: kinds, Text: cm.Text}
	if namesPerson(kinds) {
		switch {
		case b.ch.Privacy.HidePeople:
			r.Hidden = HiddenPerson
		case b.ch.Privacy.HideNegative && g == groupDetractor:
			r.Hidden = HiddenNegativePerson
		}
	}
	return cm, r
}

// namesPerson reports whether kinds hold a person's name.
func namesPerson(kinds []Kind) bool {
	return slices.Contains(kinds, KindName) || slices.Contains(kinds, KindPerson)
}

// Redactions returns what was redacted from the candidate comments, or
// why they were hidden, newest first.
func (b *Builder) Redactions() []Redaction { return b.redactions }

// publicID is the id a screen sees: "source/id", unless the id itself
// holds personal data (survey tools use e-mail addresses as ids), in which
// case a digest stands for it.
func (b *Builder) publicID(f *feed.Feedback) string {
	if _, n := b.rules.redactor.Redact(f.ID); n == 0 {
		return f.Source + "/" + f.ID
	}
	sum := sha256.Sum256([]byte(f.Source + "\x00" + f.ID))
	return f.Source + "/#" + hex.EncodeToString(sum[:6])
}

// touchpoint is t without personal data, redacted once per distinct value.
func (b *Builder) touchpoint(t string) string {
	if t == "" {
		return ""
	}
	r, ok := b.touchpoints[t]
	if !ok {
		r = b.rules.Redact(t)
		if b.touchpoints == nil {
			b.touchpoints = map[string]string{}
		}
		b.touchpoints[t] = r
	}
	return r
}

// redactedComment is a comment and the kinds of personal data removed
// from its text.
type redactedComment struct {
	feed.Comment
	kinds []Kind
}

// comment is f as a screen may show it: without personal data.
func (b *Builder) comment(f *feed.Feedback, text string) redactedComment {
	clean, kinds := b.rules.redactor.RedactKinds(text)
	return redactedComment{Comment: feed.Comment{
		ID:         b.publicID(f),
		Text:       clean,
		Scale:      f.Scale,
		Score:      f.Score,
		Touchpoint: b.touchpoint(f.Touchpoint),
		CreatedAt:  f.CreatedAt.UTC(),
		Language:   f.Language,
	}, kinds: kinds}
}
