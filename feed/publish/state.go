package publish

import (
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/store"
)

// The channels' state between rebuilds: a curate.Live per channel, fed
// the answers the publisher is told of, and the themes, counted by a walk
// over the store that runs beside the rebuilds once it takes long.

// Themes walks shorter than this run within the rebuild that needs them,
// so that on a small store a new comment reaches the themes slide with
// its card; longer ones run beside the rebuilds, at most a tenth of the
// time.
var syncThemes = 20 * time.Millisecond // a variable for the tests

// themesEvery is how often the themes are counted again when only the
// clock moved: comments pass from one period to the next.
const themesEvery = time.Minute

// state is owned by the rebuild that runs; rebuilds run one at a time.
type state struct {
	lives map[string]*curate.Live // by channel
	gen   int                     // counts loads: a themes walk of an older one is dropped

	themesBusy    bool          // a walk runs beside the rebuilds
	themesChanged bool          // answers changed since the last walk began
	themesStarted time.Time     // when the last walk began, by the publisher's clock
	themesEnded   time.Time     // and ended, by the monotonic clock
	themesTook    time.Duration // how long it took
}

// themesDone is what a themes walk found, for the channels of load gen.
type themesDone struct {
	gen    int
	topics map[string][]feed.Topic
	took   time.Duration
}

// apply feeds the changes of w to every channel's state.
func (st *state) apply(w want) {
	for i := range w.answers {
		for _, l := range st.lives {
			l.Add(&w.answers[i])
		}
	}
	if len(w.answers) > 0 {
		st.themesChanged = true
	}
	if !w.deleted.IsZero() {
		for _, l := range st.lives {
			l.Prune(w.deleted)
		}
		st.themesChanged = true
	}
	if t := w.themes; t != nil {
		st.themesBusy = false
		st.themesEnded, st.themesTook = time.Now(), t.took
		if t.gen == st.gen {
			for name, topics := range t.topics {
				if l := st.lives[name]; l != nil {
					l.SetThemes(topics)
				}
			}
		}
	}
}

// load reads the state of chans from the store as of now, in one walk
// that also counts their themes.
func (p *Publisher) load(o Options, chans []*curate.Channel, now time.Time) error {
	t0 := time.Now()
	lives := make([]*curate.Live, len(chans))
	since := make([]time.Time, len(chans)) // zero: any age
	themes := make([]*curate.Builder, len(chans))
	for i, ch := range chans {
		lives[i] = o.Rules.NewLive(ch)
		since[i] = lives[i].Since(now.Add(-curate.AgeSlack))
		if hasThemes(ch) {
			themes[i] = o.Rules.NewThemeBuilder(ch, now)
		}
	}
	counting := make([]bool, len(chans)) // themes[i] takes more answers
	for i := range themes {
		counting[i] = themes[i] != nil
	}
	err := readAside(p.store, func(f *feed.Feedback) bool {
		more := false
		for i, l := range lives {
			if since[i].IsZero() || !f.CreatedAt.Before(since[i]) {
				l.Add(f)
				more = true
			}
			if counting[i] {
				counting[i] = themes[i].Add(f)
				more = more || counting[i]
			}
		}
		return more
	})
	if err != nil {
		return fmt.Errorf("read the channels' answers: %w", err)
	}
	st := &p.state
	if st.lives == nil || len(chans) == len(o.Channels) {
		st.lives = map[string]*curate.Live{}
		st.gen++ // a walk under way counts for the old channels
	}
	answers := 0
	for i, ch := range chans {
		lives[i].Age(now)
		if themes[i] != nil {
			lives[i].SetThemes(themes[i].Themes())
		}
		st.lives[ch.Name] = lives[i]
		n, _ := lives[i].Len()
		answers += n
	}
	took := time.Since(t0)
	st.themesStarted, st.themesEnded, st.themesTook, st.themesChanged = now, time.Now(), took, false
	p.logger.Info("read the channels' answers", "channels", len(chans), "answers", answers, "took", took.Round(time.Millisecond))
	return nil
}

// readAside walks the store's answers newest first and hands them to
// take, until take returns false, on another goroutine: the walk decodes
// the next answers while take works on the last ones, which on two cores
// nearly halves the first read of a large store.
func readAside(st Store, take func(*feed.Feedback) bool) error {
	const batch = 1024
	batches := make(chan []feed.Feedback, 4)
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range batches {
			for i := 0; i < len(b) && !stop.Load(); i++ {
				if !take(&b[i]) {
					stop.Store(true)
				}
			}
		}
	}()
	next := make([]feed.Feedback, 0, batch)
	err := st.Feedback(time.Time{}, func(f feed.Feedback) error {
		if stop.Load() {
			return store.ErrStop
		}
		if next = append(next, f); len(next) == batch {
			batches <- next
			next = make([]feed.Feedback, 0, batch)
		}
		return nil
	})
	if len(next) > 0 && err == nil {
		batches <- next
	}
	close(batches)
	<-done
	return err
}

func hasThemes(ch *curate.Channel) bool {
	return slices.ContainsFunc(ch.Slides, func(s feed.Slide) bool { return s.Kind == curate.SlideThemes })
}

// refreshThemes counts the themes again when answers changed or a minute
// passed: within this rebuild when the last count was quick, else beside
// the rebuilds, starting no sooner than nine times its work after the
// last ended, so that counting takes at most a tenth of the time.
func (p *Publisher) refreshThemes(o Options, now time.Time) {
	st := &p.state
	var chans []*curate.Channel
	for i := range o.Channels {
		if hasThemes(&o.Channels[i]) {
			chans = append(chans, &o.Channels[i])
		}
	}
	due := st.themesChanged || now.Sub(st.themesStarted) >= themesEvery || now.Before(st.themesStarted)
	if len(chans) == 0 || !due || st.themesBusy {
		return
	}
	st.themesStarted, st.themesChanged = now, false
	if st.themesTook < syncThemes {
		done, err := countThemes(p.store, o.Rules, chans, now, nil)
		if err != nil {
			p.logger.Error("count themes", "err", err)
			return
		}
		p.themesCounted(done.took)
		done.gen = st.gen
		st.apply(want{themes: done})
		return
	}
	// Beside the rebuilds, once nine times the last walk's work has
	// passed since it ended.
	wait := 9*st.themesTook - time.Since(st.themesEnded)
	st.themesBusy = true
	gen, linger := st.gen, themesLinger
	go func() {
		if wait > 0 {
			select {
			case <-time.After(wait):
			case <-p.done:
				return
			}
		}
		done, err := countThemes(p.store, o.Rules, chans, p.now(), p.rest)
		if err != nil {
			p.logger.Error("count themes", "err", err)
			done = &themesDone{}
		} else {
			p.themesCounted(done.took)
		}
		if p.Walked != nil {
			p.Walked()
		}
		done.gen = gen
		// The next rebuild takes the themes in, so that they go out with
		// the change's broadcast instead of another one; without a change
		// within themesLinger, a rebuild of their own does. After Run they
		// are lost.
		p.pendingThemes.Store(done)
		select {
		case <-time.After(linger):
		case <-p.done:
			return
		}
		if done = p.pendingThemes.Swap(nil); done == nil {
			return // taken by a rebuild
		}
		r := request{want: want{all: true, themes: done}, reply: make(chan error, 1)}
		select {
		case p.requests <- r:
		case <-p.done:
		}
	}()
}

// countThemes counts the themes of chans as of now in one walk. With a
// rest, it calls rest after each stretch of answers with the time the
// stretch took; took is then the time it worked.
func countThemes(s Store, r *curate.Rules, chans []*curate.Channel, now time.Time, rest func(worked time.Duration)) (*themesDone, error) {
	builders := make([]*curate.Builder, len(chans))
	for i, ch := range chans {
		builders[i] = r.NewThemeBuilder(ch, now)
	}
	var worked time.Duration
	t0, n := time.Now(), 0
	var fed func()
	if rest != nil {
		fed = func() {
			if n++; n%paceEvery == 0 {
				d := time.Since(t0)
				worked += d
				rest(d)
				t0 = time.Now()
			}
		}
	}
	if err := feedBuilders(s, builders, fed); err != nil {
		return nil, err
	}
	worked += time.Since(t0)
	done := &themesDone{topics: map[string][]feed.Topic{}, took: worked}
	for i, ch := range chans {
		done.topics[ch.Name] = builders[i].Themes()
	}
	return done, nil
}

func (p *Publisher) themesCounted(took time.Duration) {
	if p.ThemesCounted != nil {
		p.ThemesCounted(took)
	}
}

// rest is the pause of a themes walk beside the rebuilds after a stretch
// that took worked: as long as the stretch, so that on two cores the walk
// leaves the broadcasts a core and a half, and at least until
// broadcastQuiet after the last snapshot was handed to the screens, so
// that their broadcast has both cores. Under a stream of changes the walk
// slows down (themes are counted less often), the screens do not.
func (p *Publisher) rest(worked time.Duration) {
	wait := worked
	if since := time.Duration(monotonic() - p.published.Load()); since < broadcastQuiet {
		wait = max(wait, broadcastQuiet-since)
	}
	p.sleep(wait)
}

// themesLinger is how long themes counted beside the rebuilds wait for a
// rebuild to go out with: a broadcast to 10,000 screens costs two cores
// about 150 ms, and the themes are a minute old at most anyway.
var themesLinger = 2 * time.Second // a variable for the tests

// broadcastQuiet is about what a snapshot takes to reach 10,000 screens
// on two cores.
const broadcastQuiet = 300 * time.Millisecond

// monotonic is the time since the process started, on the monotonic clock.
func monotonic() int64 { return int64(time.Since(processStart)) }

var processStart = time.Now()

// paceEvery is the stretch of answers a paced themes walk counts between
// rests: about 10 ms of work.
const paceEvery = 2048
