// Package curate turns a channel's stored feedback into the snapshot its
// screens show, applying the admins' curation from the config.
package curate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
)

// Build makes the snapshot of channel ch from items, the answers of the
// channel's sources, newest first. now becomes the snapshot's server time.
func Build(ch *config.ChannelConfig, items []feed.Feedback, now time.Time) feed.Snapshot {
	s := feed.Snapshot{
		Channel:  ch.Name,
		Title:    ch.Title,
		Language: ch.Language,
		Slides:   make([]feed.Slide, len(ch.Slides)),
		Comments: []feed.Comment{},
	}
	for i, sl := range ch.Slides {
		s.Slides[i] = feed.Slide{Kind: sl.Kind, Seconds: sl.Seconds}
	}
	for _, f := range items {
		if len(s.Comments) == ch.MaxComments {
			break
		}
		if !slices.Contains(ch.Sources, f.Source) {
			continue
		}
		text := strings.TrimSpace(f.Comment)
		if text == "" {
			continue
		}
		s.Comments = append(s.Comments, feed.Comment{
			ID:         f.Source + "/" + f.ID,
			Text:       text,
			Scale:      f.Scale,
			Score:      f.Score,
			Touchpoint: f.Touchpoint,
			CreatedAt:  f.CreatedAt,
			Language:   f.Language,
		})
	}
	s.Revision = revision(s)
	s.GeneratedAt = now.UTC()
	return s
}

// revision is a digest of the content, so that rebuilding an unchanged
// channel yields the same revision and screens need not redraw or re-cache.
func revision(s feed.Snapshot) string {
	s.GeneratedAt = time.Time{}
	s.Revision = ""
	b, _ := json.Marshal(s) // a Snapshot always encodes
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
