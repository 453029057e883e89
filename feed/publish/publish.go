// Package publish builds every channel's snapshot and hands a new one to
// the screens whenever a channel's content changes. It keeps each
// channel's state (curate.Live) up to date with the answers it is told
// of, so that a change costs what it changed; the store is read in full
// only at the start, after a config change, and for the themes. The
// screens' hub holds the current snapshots; the publisher keeps no copy.
package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
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
	// ThemesCounted, if set before Run, is told the work of each themes
	// count after the first (which the start's walk does). It may be
	// called from another goroutine than Run's.
	ThemesCounted func(time.Duration)
	// Walked, if set before Run, is called by a themes count beside the
	// rebuilds once it has walked the store, on its own goroutine, before
	// its themes go out: the walk's garbage is the caller's to give back.
	Walked func()

	opts     Options       // the first options; Run owns them from its start
	notices  chan want     // from Notify and Changed
	requests chan request  // from Rebuild, SetOptions, Deleted and the themes
	done     chan struct{} // closed when Run returns

	state state // owned by the rebuild that runs

	// published is when a snapshot was last handed to the screens, in
	// nanoseconds of monotonic(); a themes walk rests while it is recent.
	published atomic.Int64
	// pendingThemes is a themes count beside the rebuilds that ended and
	// waits for the next rebuild, or for themesLinger.
	pendingThemes atomic.Pointer[themesDone]
	sleep         func(time.Duration) // time.Sleep; the tests record it
}

// request is a Rebuild or SetOptions call; Run answers on reply once the
// snapshots are handed on.
type request struct {
	opts  *Options // non-nil: switch to these first
	want  want
	reply chan error
}

// want is what to rebuild: the channels fed by sources, or all; and what
// changed before.
type want struct {
	all     bool
	sources map[string]bool

	answers []feed.Feedback // stored since, in the order stored
	deleted time.Time       // the store deleted the answers before this
	reload  bool            // read the store afresh: new options
	themes  *themesDone     // a themes walk that ended
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
	w.answers = append(w.answers, o.answers...)
	if o.deleted.After(w.deleted) {
		w.deleted = o.deleted
	}
	w.reload = w.reload || o.reload
	if o.themes != nil {
		w.themes = o.themes
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
		store: st, out: out, now: now, logger: logger, opts: o, sleep: time.Sleep,
		notices:  make(chan want),
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
		case n := <-p.notices:
			if pending.empty() {
				since = time.Now()
			}
			pending.merge(n)
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
// be rebuilt soon, for what is not an answer (KPI values), and returns at
// once. After Run has returned it does nothing.
func (p *Publisher) Notify(sources ...string) {
	var w want
	w.add(sources)
	p.notify(w)
}

// Changed tells of answers just stored, new or updated (store.Added's
// Written), and has the channels that show them rebuilt soon; it returns
// at once. Every answer stored while Run runs must be told of, in the
// order stored.
func (p *Publisher) Changed(answers []feed.Feedback) {
	if len(answers) == 0 {
		return
	}
	w := want{answers: answers}
	for _, f := range answers {
		if !w.sources[f.Source] {
			w.add([]string{f.Source})
		}
	}
	p.notify(w)
}

func (p *Publisher) notify(w want) {
	select {
	case p.notices <- w:
	case <-p.done:
	}
}

// Rebuild rebuilds every channel fed by one of sources (every channel when
// sources is empty), as of now, and broadcasts those whose content
// changed. It returns once the screens have been handed their snapshots.
func (p *Publisher) Rebuild(sources ...string) error {
	var w want
	w.add(sources)
	return p.ask(request{want: w})
}

// Deleted tells that the store deleted the answers created before t, and
// rebuilds every channel.
func (p *Publisher) Deleted(t time.Time) error {
	return p.ask(request{want: want{all: true, deleted: t}})
}

// SetOptions switches to o, reads the store afresh and rebuilds every
// channel; the screens of a channel whose content changed get the new
// snapshot.
func (p *Publisher) SetOptions(o Options) error {
	return p.ask(request{opts: &o, want: want{all: true, reload: true}})
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

// rebuild brings the channels' state up to date with w and broadcasts the
// wanted channels whose revision differs from the snapshot the screens
// have.
func (p *Publisher) rebuild(o Options, w want) error {
	now := p.now()
	st := &p.state
	if w.reload || st.lives == nil {
		if err := p.load(o, allChannels(o), now); err != nil {
			return err
		}
		w.all = true
	} else {
		// Themes counted beside the rebuilds go out with this one.
		if t := p.pendingThemes.Swap(nil); t != nil && w.themes == nil {
			w.themes, w.all = t, true
		}
		st.apply(w)
	}
	var chans []*curate.Channel
	var stale []*curate.Channel
	for i := range o.Channels {
		ch := &o.Channels[i]
		if !w.feeds(ch) {
			continue
		}
		chans = append(chans, ch)
		l := st.lives[ch.Name]
		l.Age(now)
		if !l.Covers(now) {
			stale = append(stale, ch) // the clock was set back a long way
		}
	}
	if len(chans) == 0 {
		return nil
	}
	if len(stale) > 0 {
		p.logger.Warn("clock set back: reading the store afresh", "channels", len(stale))
		if err := p.load(o, stale, now); err != nil {
			return err
		}
	}
	p.refreshThemes(o, now)
	kpis, err := p.store.KPIs()
	if err != nil {
		return fmt.Errorf("build snapshots: %w", err)
	}
	var errs []error
	for _, ch := range chans {
		snap := st.lives[ch.Name].Snapshot(now, p.extras(ch.Name, kpis))
		if old, ok := p.out.Snapshot(ch.Name); ok && old.Revision == snap.Revision {
			continue
		}
		// A failed hand-off leaves the old snapshot in place, so that the
		// next rebuild tries again.
		if err := p.out.Publish(ch.Name, snap); err != nil {
			errs = append(errs, fmt.Errorf("publish %s: %w", ch.Name, err))
			continue
		}
		p.published.Store(monotonic())
		p.logger.Debug("published snapshot", "channel", ch.Name, "revision", snap.Revision, "comments", len(snap.Comments))
	}
	return errors.Join(errs...)
}

func allChannels(o Options) []*curate.Channel {
	out := make([]*curate.Channel, len(o.Channels))
	for i := range o.Channels {
		out[i] = &o.Channels[i]
	}
	return out
}

// walk feeds the answers of the store to a builder per channel of chans,
// newest first, until none can use older ones.
func walk(st Store, rules *curate.Rules, chans []*curate.Channel, now time.Time) ([]*curate.Builder, error) {
	builders := make([]*curate.Builder, len(chans))
	for i, ch := range chans {
		builders[i] = rules.NewBuilder(ch, now)
	}
	if err := feedBuilders(st, builders, nil); err != nil {
		return nil, fmt.Errorf("build snapshots: %w", err)
	}
	return builders, nil
}

// feedBuilders feeds the answers of the store to builders, newest first,
// until none can use older ones; after each answer it calls fed, if set.
func feedBuilders(st Store, builders []*curate.Builder, fed func()) error {
	return st.Feedback(time.Time{}, func(f feed.Feedback) error {
		more := false
		for _, b := range builders {
			if b.Add(&f) {
				more = true
			}
		}
		if !more {
			return store.ErrStop
		}
		if fed != nil {
			fed()
		}
		return nil
	})
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

// extras are what a snapshot of channel takes besides its answers.
func (p *Publisher) extras(channel string, kpis []feed.KPI) curate.Extras {
	return curate.Extras{
		KPIs:   kpis,
		Lookup: p.store.Lookup,
		Missing: func(id string, err error) {
			if err != nil {
				p.logger.Error("look up you-said comment", "channel", channel, "comment", id, "err", err)
				return
			}
			p.logger.Warn("you_said_we_did names a comment that is not stored", "channel", channel, "comment", id)
		},
	}
}
