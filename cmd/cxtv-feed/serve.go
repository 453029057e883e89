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
	srv := &http.Server{
		Handler: server.New(server.Deps{
			Config: cfg, Store: st, Publisher: pub, Hub: h, Fleet: fleet,
			Now: time.Now, Logger: logger.With("component", "http"),
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "channels", len(cfg.Channels), "data", cfg.Data)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
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
	return srv.Shutdown(shutCtx)
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
