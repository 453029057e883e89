package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"github.com/cxtv/cxtv/assets"
	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/display/web"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/poll"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/store"
)

// serveGCPercent is the server's GOGC once its state is read.
const serveGCPercent = 25

// setGCPercent sets GOGC to p unless the environment sets it.
func setGCPercent(p int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(p)
	}
}

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	path := fs.String("config", "", "config file (YAML)")
	demo := fs.Bool("demo", false, "load the shipped demo data into an empty store")
	verbose := fs.Bool("v", false, "log debug messages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("serve: --config is required")
	}
	p, err := prepare(*path)
	if err != nil {
		return err
	}
	cfg := p.cfg
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	st, err := store.Open(cfg.Data)
	if err != nil {
		return err
	}
	defer st.Close()
	if n := st.Undone(); n > 0 {
		logger.Warn("took out an import that was cut short", "answers", n, "data", cfg.Data)
	}
	if *demo {
		if err := seedDemo(st, time.Now(), logger); err != nil {
			return err
		}
	}

	fleet := server.NewFleet(time.Now)
	h := hub.New(logger.With("component", "hub"), fleet.Heartbeat)
	hubCtx, stopHub := context.WithCancel(context.Background())
	hubDone := make(chan struct{})
	go func() { h.Run(hubCtx); close(hubDone) }()
	defer func() { stopHub(); <-hubDone }()

	pub := publish.New(p.publish, st, h, time.Now, logger.With("component", "publish"))
	var run *running // set below, before the first request
	var srv *server.Server
	// The web player and preview: display code, painting the slides as
	// the screens do, mounted behind the server's token checks.
	player, err := web.New(web.Options{
		Snapshots:   h,
		Logo:        func(channel, hash string) ([]byte, bool) { return srv.Logo(channel, hash) },
		ConfigError: func() (time.Time, error) { return srv.ConfigError() },
		Logger:      logger.With("component", "web"),
	})
	if err != nil {
		return err
	}
	srv = server.New(p.server, server.Deps{
		Store: st, Publisher: pub, Hub: h, Fleet: fleet, Pages: player.Pages(),
		Now: time.Now, Logger: logger.With("component", "http"),
		Redactions: func(channel string) ([]curate.Redaction, error) {
			return publish.Redactions(st, run.current.Load().publish, channel, time.Now())
		},
	})
	pub.Published = func(d time.Duration) { srv.Metrics.Broadcast.Observe(d.Seconds()) }
	pub.ThemesCounted = func(d time.Duration) { srv.Metrics.Themes.Observe(d.Seconds()) }
	// A count beside the rebuilds leaves as much garbage as a fifth of
	// the state (1,000,000 answers: 273 MB RSS after it, 231 before); the
	// runtime would give it back over minutes.
	pub.Walked = debug.FreeOSMemory
	// The publisher outlives the requests: once ctx ends it still does the
	// rebuilds they asked for, before the store closes.
	pubCtx, stopPub := context.WithCancel(context.Background())
	pubDone := make(chan struct{})
	go func() { pub.Run(pubCtx); close(pubDone) }()
	defer func() { stopPub(); <-pubDone }()
	run = &running{path: *path, started: p, srv: srv, pub: pub, hub: h, logger: logger}
	run.current.Store(p)

	// Sources are polled and the config watched from here on: what they
	// bring waits for the first snapshots in the publisher.
	poller, stopPoller, err := startPoller(ctx, p.sources, srv, run, logger)
	if err != nil {
		return err
	}
	run.poller = poller
	defer stopPoller() // before the store closes
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if err := config.WatchFeed(watchCtx, *path, run.apply); err != nil {
		return err
	}
	maintained := make(chan struct{})
	go func() { maintain(watchCtx, st, pub, run, logger); close(maintained) }()
	defer func() { stopWatch(); <-maintained }()

	// No WriteTimeout: WebSockets live for days and set their own deadlines.
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	scheme := "http"
	if p.cert != nil {
		scheme = "https"
		httpSrv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*p.cert}}
	}
	logger.Info("listening", "addr", ln.Addr().String(), "scheme", scheme, "channels", len(cfg.Channels), "data", cfg.Data)

	// Screens and ingest are served while the channels' answers are read:
	// the screens keep their cached content, new answers wait for the
	// publisher, and /healthz says "starting".
	srv.SetStarting(true)
	serveErr := make(chan error, 1)
	defer httpSrv.Close() // on an early return; else Shutdown below
	go func() {
		if p.cert != nil {
			serveErr <- httpSrv.ServeTLS(ln, "", "")
			return
		}
		serveErr <- httpSrv.Serve(ln)
	}()
	// The heap is mostly the channels' state, which lives as long as the
	// server: with Go's default GOGC of 100 the garbage of a walk of the
	// store (the start's, a themes count) grows to its size again before a
	// collection. A quarter costs a few more collections: at 1,000,000
	// answers the start peaks at 256 MB RSS instead of 302 and takes half a
	// second longer. GOGC in the environment still rules.
	setGCPercent(serveGCPercent)
	if err := pub.Rebuild(); err != nil {
		return err
	}
	debug.FreeOSMemory() // the first read's garbage, now rather than in minutes
	srv.SetStarting(false)

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Shutdown does not see hijacked WebSockets; the deferred hub stop
	// closes those.
	return httpSrv.Shutdown(shutCtx)
}

// startPoller fetches sources until ctx ends or stop is called; stop
// returns once no fetch or store is in progress.
func startPoller(ctx context.Context, sources []poll.Source, srv *server.Server, run *running, logger *slog.Logger) (p *poll.Poller, stop func(), err error) {
	m := poll.NewMetrics()
	if err := srv.Metrics.Register(m.Collectors()...); err != nil {
		return nil, nil, fmt.Errorf("poll metrics: %w", err)
	}
	p = poll.New(storePolled(srv, run, time.Now), poll.Options{
		UserAgent: "cxtv-feed/" + version,
		Logger:    logger.With("component", "poll"),
		Metrics:   m,
		Failed:    func(name string, err error) { srv.SourceFailed(name, "pull", err) },
	})
	pollCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { p.Run(pollCtx, sources); close(done) }()
	return p, func() { cancel(); <-done }, nil
}

// storePolled is the poller's sink: answers go through the same
// server.Ingest as POST /api/v1/feedback, less those past retention.
func storePolled(srv *server.Server, run *running, now func() time.Time) poll.Sink {
	return func(_ context.Context, name string, b source.Batch) (int, error) {
		// Retention forgets an answer's id with the answer; a feed that still
		// lists it would bring it back at every fetch, to be deleted again.
		if days := run.retentionDays(); days > 0 {
			oldest := now().AddDate(0, 0, -days)
			b.Items = slices.DeleteFunc(slices.Clone(b.Items), func(f feed.Feedback) bool { return f.CreatedAt.Before(oldest) })
		}
		added, err := srv.Receive(name, "pull", b)
		return added.Stored(), err
	}
}

// maintain rebuilds every channel each minute, so that content that ages
// (relative periods, expiring announcements) moves on without new input,
// and deletes answers past the retention along with it: each minute's
// delete is a small transaction, and the pages it frees are reused by the
// next minute's answers, which keeps the bbolt file (that never shrinks)
// at the size of the retained answers (make soak measures it).
func maintain(ctx context.Context, st *store.Store, pub *publish.Publisher, run *running, logger *slog.Logger) {
	rebuild := time.NewTicker(time.Minute)
	defer rebuild.Stop()
	// deleteOld reports whether it rebuilt the channels.
	deleteOld := func() bool {
		days := run.retentionDays()
		if days == 0 {
			return false
		}
		before := time.Now().AddDate(0, 0, -days)
		n, err := st.DeleteBefore(before)
		if err != nil {
			logger.Error("retention", "err", err)
			return false
		}
		k, err := st.DeleteKPIsBefore(before)
		if err != nil {
			logger.Error("retention of kpis", "err", err)
		}
		if n+k > 0 {
			logger.Info("deleted answers and KPI values past retention", "answers", n, "kpis", k, "days", days)
			if err := pub.Deleted(before); err != nil {
				logger.Error("rebuild after retention", "err", err)
			}
			return true
		}
		return false
	}
	deleteOld()
	for {
		select {
		case <-ctx.Done():
			return
		case <-rebuild.C:
			if deleteOld() {
				continue
			}
			if err := pub.Rebuild(); err != nil {
				logger.Error("periodic rebuild", "err", err)
			}
		}
	}
}

// seedDemo loads the shipped demo data, dated up to now, into an empty store.
func seedDemo(st *store.Store, now time.Time, logger *slog.Logger) error {
	n, err := st.CountFeedback()
	if err != nil {
		return err
	}
	if n > 0 {
		logger.Info("store already holds feedback; demo data not loaded", "answers", n)
		return nil
	}
	items, err := ingest.Demo(assets.DemoFeedback, now)
	if err != nil {
		return err
	}
	kpis, err := ingest.DemoKPIs(assets.DemoKPIs, now)
	if err != nil {
		return err
	}
	if _, err := st.AddFeedback(items); err != nil {
		return err
	}
	if err := st.AddKPIs(kpis); err != nil {
		return err
	}
	logger.Info("loaded demo data", "answers", len(items), "kpis", len(kpis))
	return nil
}
