// Package publish keeps every channel's current snapshot and hands a new one
// to the screens whenever a channel's content changes.
package publish

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/store"
)

// Store is what the publisher reads: answers newest first, KPI values, and
// single answers by id for "you said / we did" cards older than the rest.
type Store interface {
	Feedback(since time.Time, fn func(feed.Feedback) error) error
	KPIs() ([]feed.KPI, error)
	Lookup(source, id string) (feed.Feedback, bool, error)
}

// Broadcaster sends a message to the screens of a channel.
type Broadcaster interface {
	Publish(channel string, m feed.Message) error
}

// ErrInvalidConfig wraps the errors of a config that SetConfig refused.
var ErrInvalidConfig = errors.New("invalid config")

// MinGap is the shortest time between two rebuilds that Notify starts.
const MinGap = 500 * time.Millisecond

// MaxLogo is the largest logo file a channel may name.
const MaxLogo = 1 << 20

// Publisher rebuilds channel snapshots and broadcasts the changed ones.
type Publisher struct {
	store  Store
	out    Broadcaster
	now    func() time.Time
	logger *slog.Logger

	// Published, if set, is told how long a change took from Notify until
	// its snapshots were handed to the screens.
	Published func(time.Duration)

	mu    sync.Mutex // guards the fields below and serializes rebuilds
	cfg   *config.Feed
	rules *curate.Rules
	logos map[string]string // channel → logo PNG, base64

	// snapMu guards snaps apart from mu, so that serving a snapshot never
	// waits for a rebuild.
	snapMu sync.RWMutex
	snaps  map[string]feed.Snapshot

	pendMu    sync.Mutex // guards the fields below
	pending   map[string]bool
	all       bool      // a pending rebuild of every channel
	since     time.Time // when the oldest pending change was notified
	running   bool      // a flush goroutine is on its way
	lastFlush time.Time // when the last flush started its rebuild
	closed    bool      // set by Close: Notify does nothing
	flushes   sync.WaitGroup
}

// New returns a publisher for the channels of cfg; the first Rebuild
// builds their snapshots.
func New(cfg *config.Feed, st Store, out Broadcaster, now func() time.Time, logger *slog.Logger) *Publisher {
	return &Publisher{store: st, out: out, now: now, logger: logger, cfg: cfg, snaps: map[string]feed.Snapshot{}}
}

// Rebuild rebuilds every channel fed by one of sources (every channel when
// sources is empty) and broadcasts those whose content changed. It returns
// once the screens have been handed their snapshots.
func (p *Publisher) Rebuild(sources ...string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rules == nil {
		if err := p.compile(p.cfg); err != nil {
			return err
		}
	}
	var chans []*config.ChannelConfig
	for i := range p.cfg.Channels {
		ch := &p.cfg.Channels[i]
		if len(sources) == 0 || slices.ContainsFunc(sources, func(s string) bool { return slices.Contains(ch.Sources, s) }) {
			chans = append(chans, ch)
		}
	}
	if len(chans) == 0 {
		return nil
	}
	snaps, err := p.build(chans)
	if err != nil {
		return err
	}
	var errs []error
	for i, ch := range chans {
		snap := snaps[i]
		if old, ok := p.Snapshot(ch.Name); ok && old.Revision == snap.Revision {
			continue
		}
		// Kept only once the screens have it, so that a failed hand-off is
		// tried again by the next rebuild.
		if err := p.out.Publish(ch.Name, feed.Message{Type: feed.TypeSnapshot, Snapshot: &snap}); err != nil {
			errs = append(errs, fmt.Errorf("publish %s: %w", ch.Name, err))
			continue
		}
		p.snapMu.Lock()
		p.snaps[ch.Name] = snap
		p.snapMu.Unlock()
		p.logger.Debug("published snapshot", "channel", ch.Name, "revision", snap.Revision, "comments", len(snap.Comments))
	}
	return errors.Join(errs...)
}

// build reads, in one walk over the store, the answers of chans, newest
// first, until no channel can use older ones.
func (p *Publisher) build(chans []*config.ChannelConfig) ([]feed.Snapshot, error) {
	now := p.now()
	builders := make([]*curate.Builder, len(chans))
	for i, ch := range chans {
		builders[i] = p.rules.NewBuilder(ch, now)
	}
	err := p.store.Feedback(time.Time{}, func(f feed.Feedback) error {
		more := false
		for _, b := range builders {
			if b.Add(&f) {
				more = true
			}
		}
		if !more {
			return store.ErrStop
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build snapshots: %w", err)
	}
	kpis, err := p.store.KPIs()
	if err != nil {
		return nil, fmt.Errorf("build snapshots: %w", err)
	}
	snaps := make([]feed.Snapshot, len(chans))
	for i, b := range builders {
		p.findYouSaid(chans[i], b)
		snaps[i] = b.Snapshot(curate.Extras{KPIs: kpis, Logo: p.logos[chans[i].Name]})
	}
	return snaps, nil
}

// findYouSaid looks up the "you said" comments the walk did not reach.
func (p *Publisher) findYouSaid(ch *config.ChannelConfig, b *curate.Builder) {
	for _, id := range b.Missing() {
		found := false
		for _, src := range ch.Sources {
			sid, ok := id, true
			if s, rest, cut := strings.Cut(id, "/"); cut {
				sid, ok = rest, s == src
			}
			if !ok {
				continue
			}
			f, hit, err := p.store.Lookup(src, sid)
			if err != nil {
				p.logger.Error("look up you-said comment", "channel", ch.Name, "comment", id, "err", err)
				continue
			}
			if hit {
				b.AddYouSaid(&f)
				found = true
				break
			}
		}
		if !found {
			p.logger.Warn("you_said_we_did names a comment that is not stored", "channel", ch.Name, "comment", id)
		}
	}
}

// Notify asks for the channels fed by sources (every channel when none) to
// be rebuilt soon, and returns at once. Changes that arrive while a rebuild
// runs are taken together by the next one, so that a burst of ingests costs
// a few rebuilds, not one each.
func (p *Publisher) Notify(sources ...string) {
	p.pendMu.Lock()
	defer p.pendMu.Unlock()
	if p.closed {
		return
	}
	if len(sources) == 0 {
		p.all = true
	}
	for _, s := range sources {
		if p.pending == nil {
			p.pending = map[string]bool{}
		}
		p.pending[s] = true
	}
	if p.since.IsZero() {
		p.since = time.Now()
	}
	if !p.running {
		p.running = true
		p.flushes.Add(1)
		go p.flush()
	}
}

// flush runs the pending rebuild once the one in progress, if any, is done.
func (p *Publisher) flush() {
	defer p.flushes.Done()
	p.mu.Lock() // wait for a running rebuild, gathering notices meanwhile
	p.mu.Unlock()
	p.pendMu.Lock()
	// Under a steady stream of ingests, rebuild at most every MinGap: a
	// rebuild reads the channels' whole score windows.
	if wait := time.Until(p.lastFlush.Add(MinGap)); wait > 0 {
		p.pendMu.Unlock()
		time.Sleep(wait)
		p.pendMu.Lock()
	}
	p.lastFlush = time.Now()
	var sources []string
	if !p.all {
		for s := range p.pending {
			sources = append(sources, s)
		}
	}
	since := p.since
	p.pending, p.all, p.since, p.running = nil, false, time.Time{}, false
	p.pendMu.Unlock()

	if err := p.Rebuild(sources...); err != nil {
		p.logger.Error("rebuild channels", "sources", sources, "err", err)
		return
	}
	if p.Published != nil {
		p.Published(time.Since(since))
	}
}

// Close waits for the rebuilds asked for so far and makes later calls of
// Notify do nothing, so that none starts once the store is closing.
func (p *Publisher) Close() {
	p.pendMu.Lock()
	p.closed = true
	p.pendMu.Unlock()
	p.flushes.Wait()
}

// SetConfig switches to cfg and rebuilds every channel; the screens of a
// channel whose content changed get the new snapshot. If cfg's moderation
// rules do not compile, the publisher keeps the config it had.
func (p *Publisher) SetConfig(cfg *config.Feed) error {
	p.mu.Lock()
	if err := p.compile(cfg); err != nil {
		p.mu.Unlock()
		return fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	p.cfg = cfg
	p.snapMu.Lock()
	for name := range p.snaps {
		if _, ok := cfg.Channel(name); !ok {
			delete(p.snaps, name)
		}
	}
	p.snapMu.Unlock()
	p.mu.Unlock()
	return p.Rebuild()
}

// compile prepares what cfg needs beyond its text: the moderation rules and
// the channels' logos.
func (p *Publisher) compile(cfg *config.Feed) error {
	rules, err := curate.NewRules(cfg.Moderation, time.Local)
	if err != nil {
		return err
	}
	logos := map[string]string{}
	for i, ch := range cfg.Channels {
		if ch.Theme.Logo == "" {
			continue
		}
		logo, err := readLogo(ch.Theme.Logo)
		if err != nil {
			return fmt.Errorf("channels[%d].theme.logo: %w", i, err)
		}
		logos[ch.Name] = logo
	}
	p.rules, p.logos = rules, logos
	return nil
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// readLogo returns a PNG file as base64.
func readLogo(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	switch {
	case len(b) > MaxLogo:
		return "", fmt.Errorf("%s is %d KiB; a logo may have at most %d KiB", path, len(b)>>10, MaxLogo>>10)
	case !bytes.HasPrefix(b, pngMagic):
		return "", errors.New(path + " is not a PNG file")
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// Republish hands channel's current snapshot to its screens again, for
// screens that had to reconnect.
func (p *Publisher) Republish(channel string) error {
	snap, ok := p.Snapshot(channel)
	if !ok {
		return nil
	}
	return p.out.Publish(channel, feed.Message{Type: feed.TypeSnapshot, Snapshot: &snap})
}

// Snapshot returns the current snapshot of channel.
func (p *Publisher) Snapshot(channel string) (feed.Snapshot, bool) {
	p.snapMu.RLock()
	defer p.snapMu.RUnlock()
	s, ok := p.snaps[channel]
	return s, ok
}
