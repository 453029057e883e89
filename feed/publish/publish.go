// Package publish builds every channel's snapshot and hands a new one to
// the screens whenever a channel's content changes. The screens' hub holds
// the current snapshots; the publisher keeps no copy.
package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

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

// Broadcaster hands snapshots to the screens of a channel and holds each
// channel's current one, as *hub.Hub does.
type Broadcaster interface {
	Publish(channel string, s feed.Snapshot) error
	Snapshot(channel string) (feed.Snapshot, bool)
}

// ErrStopped is returned by Rebuild and SetOptions once Run has returned.
var ErrStopped = errors.New("publisher stopped")

// Options are what the publisher builds snapshots of: the channels and the
// moderation rules they share. They are taken as they are and not changed.
type Options struct {
	Rules    *curate.Rules
	Channels []curate.Channel
}

// Publisher rebuilds channel snapshots and broadcasts the changed ones. Run
// owns its state; the other methods are requests to Run.
type Publisher struct {
	store  Store
	out    Broadcaster
	now    func() time.Time
	logger *slog.Logger

	// Published, if set before Run, is told how long a change took from
	// Notify until its snapshots were handed to the screens.
	Published func(time.Duration)

	opts     Options       // the first options; Run owns them from its start
	notices  chan []string // from Notify
	requests chan request  // from Rebuild and SetOptions
	done     chan struct{} // closed when Run returns
}

// request is a Rebuild or SetOptions call; Run answers on reply once the
// snapshots are handed on.
type request struct {
	opts  *Options // non-nil: switch to these first
	want  want
	reply chan error
}

// want is what to rebuild: the channels fed by sources, or all.
type want struct {
	all     bool
	sources map[string]bool
}

func (w *want) add(sources []string) {
	if len(sources) == 0 {
		w.all = true
	}
	for _, s := range sources {
		if w.sources == nil {
			w.sources = map[string]bool{}
		}
		w.sources[s] = true
	}
}

func (w *want) merge(o want) {
	w.all = w.all || o.all
	for s := range o.sources {
		w.add([]string{s})
	}
}

func (w want) empty() bool { return !w.all && len(w.sources) == 0 }

// feeds reports whether ch shows one of the wanted sources.
func (w want) feeds(ch *curate.Channel) bool {
	return w.all || slices.ContainsFunc(ch.Sources, func(s string) bool { return w.sources[s] })
}

// New returns a publisher of the channels of o; Run starts it, and the
// first Rebuild builds their snapshots.
func New(o Options, st Store, out Broadcaster, now func() time.Time, logger *slog.Logger) *Publisher {
	return &Publisher{
		store: st, out: out, now: now, logger: logger, opts: o,
		notices:  make(chan []string),
		requests: make(chan request),
		done:     make(chan struct{}),
	}
}

// job is one rebuild, run apart from Run so that Run keeps taking notices.
type job struct {
	opts  Options
	want  want
	reqs  []request // to answer when done
	since time.Time // when the oldest notice it serves came; zero: none
	took  time.Duration
	err   error
}

// Run owns the options and the pending work until ctx ends; it then does
// the rebuilds asked for so far and returns. One rebuild runs at a time;
// notices that come meanwhile are taken together by the next. A rebuild
// for notices starts at once, unless the last one ended less than its own
// duration ago: then it waits for the rest of that, so that rebuilding
// takes at most half of the time under a stream of ingests, and a burst
// costs a few rebuilds, not one each. A lone change is never delayed, and
// a rebuild that takes 2 ms delays the next by 2 ms at most. Rebuild and
// SetOptions calls do not wait.
func (p *Publisher) Run(ctx context.Context) {
	defer close(p.done)
	// Owned by Run alone.
	var (
		opts     = p.opts
		pending  want          // noticed, not yet started
		since    time.Time     // when the oldest pending notice came
		waiting  []request     // for the next rebuild
		ended    time.Time     // when the last rebuild for notices ended
		took     time.Duration // and how long it took
		building bool
		armed    bool // gap runs: pending starts when it fires
	)
	gap := time.NewTimer(time.Hour)
	gap.Stop()
	defer gap.Stop()
	built := make(chan job)
	start := func() {
		j := job{want: pending, since: since, reqs: waiting}
		for _, r := range waiting {
			if r.opts != nil {
				opts = *r.opts
			}
			j.want.merge(r.want)
		}
		j.opts = opts
		pending, since, waiting, building = want{}, time.Time{}, nil, true
		go func() {
			t0 := time.Now()
			j.err = p.rebuild(j.opts, j.want)
			j.took = time.Since(t0)
			built <- j
		}()
	}
	arm := func() {
		if !armed {
			gap.Reset(time.Until(ended.Add(took)))
			armed = true
		}
	}
	for {
		var fire <-chan time.Time
		if armed {
			fire = gap.C
		}
		select {
		case <-ctx.Done():
			if building {
				p.finish(<-built)
			}
			if len(waiting) > 0 || !pending.empty() {
				start()
				p.finish(<-built)
			}
			return
		case sources := <-p.notices:
			if pending.empty() {
				since = time.Now()
			}
			pending.add(sources)
			if !building {
				arm()
			}
		case r := <-p.requests:
			waiting = append(waiting, r)
			if !building {
				start()
			}
		case <-fire:
			armed = false
			if !building && !pending.empty() {
				start()
			}
		case j := <-built:
			building = false
			if !j.since.IsZero() {
				ended, took = time.Now(), j.took
			}
			p.finish(j)
			switch {
			case len(waiting) > 0:
				start()
			case !pending.empty():
				arm()
			}
		}
	}
}

// finish answers the requests of a done rebuild and reports it.
func (p *Publisher) finish(j job) {
	for _, r := range j.reqs {
		r.reply <- j.err
	}
	if j.since.IsZero() {
		return
	}
	if j.err != nil {
		p.logger.Error("rebuild channels", "err", j.err)
		return
	}
	if p.Published != nil {
		p.Published(time.Since(j.since))
	}
}

// Notify asks for the channels fed by sources (every channel when none) to
// be rebuilt soon, and returns at once. After Run has returned it does
// nothing.
func (p *Publisher) Notify(sources ...string) {
	select {
	case p.notices <- sources:
	case <-p.done:
	}
}

// Rebuild rebuilds every channel fed by one of sources (every channel when
// sources is empty) and broadcasts those whose content changed. It returns
// once the screens have been handed their snapshots.
func (p *Publisher) Rebuild(sources ...string) error {
	var w want
	w.add(sources)
	return p.ask(request{want: w})
}

// SetOptions switches to o and rebuilds every channel; the screens of a
// channel whose content changed get the new snapshot.
func (p *Publisher) SetOptions(o Options) error {
	return p.ask(request{opts: &o, want: want{all: true}})
}

func (p *Publisher) ask(r request) error {
	r.reply = make(chan error, 1)
	select {
	case p.requests <- r:
		return <-r.reply
	case <-p.done:
		return ErrStopped
	}
}

// rebuild builds the wanted channels of o and broadcasts those whose
// revision differs from the snapshot the screens have.
func (p *Publisher) rebuild(o Options, w want) error {
	var chans []*curate.Channel
	for i := range o.Channels {
		if w.feeds(&o.Channels[i]) {
			chans = append(chans, &o.Channels[i])
		}
	}
	if len(chans) == 0 {
		return nil
	}
	snaps, err := p.build(o.Rules, chans)
	if err != nil {
		return err
	}
	var errs []error
	for i, ch := range chans {
		snap := snaps[i]
		if old, ok := p.out.Snapshot(ch.Name); ok && old.Revision == snap.Revision {
			continue
		}
		// A failed hand-off leaves the old snapshot in place, so that the
		// next rebuild tries again.
		if err := p.out.Publish(ch.Name, snap); err != nil {
			errs = append(errs, fmt.Errorf("publish %s: %w", ch.Name, err))
			continue
		}
		p.logger.Debug("published snapshot", "channel", ch.Name, "revision", snap.Revision, "comments", len(snap.Comments))
	}
	return errors.Join(errs...)
}

// build reads, in one walk over the store, the answers of chans, newest
// first, until no channel can use older ones.
func (p *Publisher) build(rules *curate.Rules, chans []*curate.Channel) ([]feed.Snapshot, error) {
	builders, err := walk(p.store, rules, chans, p.now())
	if err != nil {
		return nil, err
	}
	kpis, err := p.store.KPIs()
	if err != nil {
		return nil, fmt.Errorf("build snapshots: %w", err)
	}
	snaps := make([]feed.Snapshot, len(chans))
	for i, b := range builders {
		p.findYouSaid(chans[i], b)
		snaps[i] = b.Snapshot(curate.Extras{KPIs: kpis})
	}
	return snaps, nil
}

// walk feeds the answers of the store to a builder per channel of chans,
// newest first, until none can use older ones.
func walk(st Store, rules *curate.Rules, chans []*curate.Channel, now time.Time) ([]*curate.Builder, error) {
	builders := make([]*curate.Builder, len(chans))
	for i, ch := range chans {
		builders[i] = rules.NewBuilder(ch, now)
	}
	err := st.Feedback(time.Time{}, func(f feed.Feedback) error {
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
	return builders, nil
}

// Redactions builds the channel named channel of o as of now, as a rebuild
// would, and returns what its candidate comments had redacted or why they
// were hidden: for the admins, who want to know what the screens do not
// show. It reads the store and nothing else, so a command can run it
// beside a server or without one.
func Redactions(st Store, o Options, channel string, now time.Time) ([]curate.Redaction, error) {
	i := slices.IndexFunc(o.Channels, func(ch curate.Channel) bool { return ch.Name == channel })
	if i < 0 {
		return nil, fmt.Errorf("no channel %q", channel)
	}
	builders, err := walk(st, o.Rules, []*curate.Channel{&o.Channels[i]}, now)
	if err != nil {
		return nil, err
	}
	return builders[0].Redactions(), nil
}

// findYouSaid looks up the "you said" comments the walk did not reach.
func (p *Publisher) findYouSaid(ch *curate.Channel, b *curate.Builder) {
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
