package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/cxtv/cxtv/assets"
	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/store"
)

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
	cfg, err := config.LoadFeed(*path)
	if err != nil {
		return err
	}
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

	pub := publish.New(cfg, st, h, time.Now, logger.With("component", "publish"))
	if err := pub.Rebuild(); err != nil {
		return err
	}
	srv := server.New(server.Deps{
		Config: cfg, Store: st, Publisher: pub, Hub: h, Fleet: fleet,
		Now: time.Now, Logger: logger.With("component", "http"),
	})
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	reload := func(next *config.Feed, err error) { applyConfig(cfg, next, err, srv, pub, logger) }
	if err := config.WatchFeed(watchCtx, *path, reload); err != nil {
		return err
	}
	go maintain(watchCtx, st, pub, srv, logger)

	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	scheme := "http"
	if cfg.TLS.Cert != "" {
		scheme = "https"
	}
	logger.Info("listening", "addr", ln.Addr().String(), "scheme", scheme, "channels", len(cfg.Channels), "data", cfg.Data)

	serveErr := make(chan error, 1)
	go func() {
		if scheme == "https" {
			serveErr <- httpSrv.ServeTLS(ln, cfg.TLS.Cert, cfg.TLS.Key)
			return
		}
		serveErr <- httpSrv.Serve(ln)
	}()
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

// applyConfig takes a reloaded config file: a valid one replaces the
// running config, an invalid one is reported and the old config kept.
func applyConfig(running, next *config.Feed, err error, srv *server.Server, pub *publish.Publisher, logger *slog.Logger) {
	if err != nil {
		logger.Error("config reload failed; keeping the previous config", "err", err)
		srv.SetConfigError(err)
		srv.Metrics.Reloads.WithLabelValues("error").Inc()
		return
	}
	if next.Listen != running.Listen || next.Data != running.Data || next.TLS != running.TLS {
		logger.Warn("listen, data and tls take effect only after a restart")
	}
	srv.SetConfig(next)
	if err := pub.SetConfig(next); err != nil {
		logger.Error("rebuild after config reload", "err", err)
	}
	srv.Metrics.Reloads.WithLabelValues("ok").Inc()
	logger.Info("config reloaded", "channels", len(next.Channels), "sources", len(next.Sources))
}

// maintain rebuilds every channel each minute, so that content that ages
// (relative periods, expiring announcements) moves on without new input,
// and deletes answers past the retention once an hour.
func maintain(ctx context.Context, st *store.Store, pub *publish.Publisher, srv *server.Server, logger *slog.Logger) {
	rebuild := time.NewTicker(time.Minute)
	defer rebuild.Stop()
	retain := time.NewTicker(time.Hour)
	defer retain.Stop()
	deleteOld := func() {
		days := srv.Config().RetentionDays
		if days == 0 {
			return
		}
		n, err := st.DeleteBefore(time.Now().AddDate(0, 0, -days))
		if err != nil {
			logger.Error("retention", "err", err)
			return
		}
		if n > 0 {
			logger.Info("deleted answers past retention", "answers", n, "days", days)
			pub.Rebuild()
		}
	}
	deleteOld()
	for {
		select {
		case <-ctx.Done():
			return
		case <-rebuild.C:
			if err := pub.Rebuild(); err != nil {
				logger.Error("periodic rebuild", "err", err)
			}
		case <-retain.C:
			deleteOld()
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
	if _, _, err := st.AddFeedback(items); err != nil {
		return err
	}
	if err := st.AddKPIs(kpis); err != nil {
		return err
	}
	logger.Info("loaded demo data", "answers", len(items), "kpis", len(kpis))
	return nil
}
