// Package publish keeps every channel's current snapshot and hands a new one
// to the screens whenever a channel's content changes.
package publish

import (
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/store"
)

// FeedbackReader walks stored answers, newest first.
type FeedbackReader interface {
	Feedback(since time.Time, fn func(feed.Feedback) error) error
}

// Broadcaster sends a message to the screens of a channel.
type Broadcaster interface {
	Publish(channel string, m feed.Message) error
}

// Publisher rebuilds channel snapshots and broadcasts the changed ones.
type Publisher struct {
	store  FeedbackReader
	out    Broadcaster
	now    func() time.Time
	logger *slog.Logger

	mu    sync.Mutex // guards cfg and snaps, and serializes rebuilds
	cfg   *config.Feed
	snaps map[string]feed.Snapshot
}

// New returns a publisher for the channels of cfg.
func New(cfg *config.Feed, st FeedbackReader, out Broadcaster, now func() time.Time, logger *slog.Logger) *Publisher {
	return &Publisher{store: st, out: out, now: now, logger: logger, cfg: cfg, snaps: map[string]feed.Snapshot{}}
}

// Rebuild rebuilds every channel fed by one of sources (every channel when
// sources is empty) and broadcasts those whose content changed.
func (p *Publisher) Rebuild(sources ...string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.cfg.Channels {
		ch := &p.cfg.Channels[i]
		if len(sources) > 0 && !slices.ContainsFunc(sources, func(s string) bool { return slices.Contains(ch.Sources, s) }) {
			continue
		}
		snap, err := p.build(ch)
		if err != nil {
			return err
		}
		if old, ok := p.snaps[ch.Name]; ok && old.Revision == snap.Revision {
			continue
		}
		p.snaps[ch.Name] = snap
		if err := p.out.Publish(ch.Name, feed.Message{Type: feed.TypeSnapshot, Snapshot: &snap}); err != nil {
			return fmt.Errorf("publish %s: %w", ch.Name, err)
		}
		p.logger.Debug("published snapshot", "channel", ch.Name, "revision", snap.Revision, "comments", len(snap.Comments))
	}
	return nil
}

// build reads the newest answers of ch's sources, enough for its comments.
func (p *Publisher) build(ch *config.ChannelConfig) (feed.Snapshot, error) {
	var items []feed.Feedback
	withText := 0
	err := p.store.Feedback(time.Time{}, func(f feed.Feedback) error {
		if !slices.Contains(ch.Sources, f.Source) {
			return nil
		}
		items = append(items, f)
		if f.Comment != "" {
			withText++
		}
		if withText >= ch.MaxComments {
			return store.ErrStop
		}
		return nil
	})
	if err != nil {
		return feed.Snapshot{}, fmt.Errorf("build %s: %w", ch.Name, err)
	}
	return curate.Build(ch, items, p.now()), nil
}

// SetConfig switches to cfg and rebuilds every channel; the screens of a
// channel whose content changed get the new snapshot.
func (p *Publisher) SetConfig(cfg *config.Feed) error {
	p.mu.Lock()
	p.cfg = cfg
	for name := range p.snaps {
		if _, ok := cfg.Channel(name); !ok {
			delete(p.snaps, name)
		}
	}
	p.mu.Unlock()
	return p.Rebuild()
}

// Snapshot returns the current snapshot of channel.
func (p *Publisher) Snapshot(channel string) (feed.Snapshot, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.snaps[channel]
	return s, ok
}
