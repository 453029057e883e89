// Package kiosk wires a display together: the cache, the connection to
// the feed server and the screen. It links display/render and so Ebiten;
// main packages that import it import display/nox first.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/display/render"
	"github.com/cxtv/cxtv/feed"
)

// Run shows the channel of cfg until ctx is done or the window closes. It
// must be called from the main goroutine (Ebiten's rule).
func Run(ctx context.Context, cfg *config.Display, version string, logger *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	c, err := cache.Open(cfg.Cache, logger.With("component", "cache"))
	if err != nil {
		return err
	}
	defer c.Close()

	// Show the cached snapshot at once, before any network.
	var initial *feed.Snapshot
	s, received, err := c.Load()
	switch {
	case err == nil:
		initial = &s
		logger.Info("showing cached snapshot", "revision", s.Revision, "received_at", received)
	case errors.Is(err, cache.ErrEmpty):
		logger.Info("cache empty; waiting for content")
	default:
		logger.Warn("cache unreadable; waiting for content", "err", err)
	}

	cl, err := client.New(client.Options{
		Server: cfg.Server, Channel: cfg.Channel, Token: cfg.Token,
		Device: cfg.Name, Version: version,
		OfflineSince: received,
		Logger:       logger.With("component", "client"),
	})
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}

	// received times by revision, for heartbeats; written by the saver,
	// read by the screen's OnShow.
	var mu sync.Mutex
	receivedAt := map[string]time.Time{}
	if initial != nil {
		receivedAt[initial.Revision] = received
	}

	shown := make(chan feed.Snapshot, 1)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		_ = cl.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		save(ctx, c, cl.Snapshots(), shown, logger, func(rev string, at time.Time) {
			mu.Lock()
			receivedAt[rev] = at
			mu.Unlock()
		})
	}()

	err = render.Run(ctx, render.Options{
		Rotation:        cfg.Rotation,
		Fullscreen:      cfg.Fullscreen,
		Channel:         cfg.Channel,
		Screenshots:     cfg.Screenshots,
		ScreenshotEvery: cfg.ScreenshotEvery,
		Initial:         initial,
		Snapshots:       shown,
		States:          cl.States(),
		OnShow: func(slide, rev string) {
			mu.Lock()
			at := receivedAt[rev]
			mu.Unlock()
			cl.SetStatus(client.Status{Slide: slide, Revision: rev, CachedAt: at})
		},
		Logger: logger.With("component", "render"),
	})
	cancel()
	wg.Wait()
	return err
}

// save caches every snapshot (the cache skips unchanged revisions) and
// passes it on to the screen, latest first.
func save(ctx context.Context, c *cache.Cache, in <-chan feed.Snapshot, out chan feed.Snapshot, logger *slog.Logger, saved func(string, time.Time)) {
	for {
		var s feed.Snapshot
		select {
		case <-ctx.Done():
			return
		case s = <-in:
		}
		now := time.Now()
		wrote, err := c.Save(s, now)
		switch {
		case err != nil:
			logger.Warn("could not cache snapshot", "revision", s.Revision, "err", err)
		case wrote:
			saved(s.Revision, now)
			logger.Info("snapshot cached", "revision", s.Revision, "comments", len(s.Comments))
		}
		// Hand over without blocking on a screen that has not taken the
		// previous one: the newer snapshot replaces it.
		select {
		case out <- s:
		default:
			select {
			case <-out:
			default:
			}
			out <- s
		}
	}
}
