package main

// This file wires a display together: the cache, the connection to the
// feed server, the opening hours and the screen.

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
	"github.com/cxtv/cxtv/display/latest"
	"github.com/cxtv/cxtv/display/power"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/display/screen"
	"github.com/cxtv/cxtv/display/watchdog"
	"github.com/cxtv/cxtv/feed"
)

// show shows the channel of cfg until ctx is done or the window closes. It
// must be called from the main goroutine (Ebiten's rule).
func show(ctx context.Context, cfg *config.Display, version string, logger *slog.Logger) error {
	started := time.Now()
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

	// systemd's watchdog, fed by the render loop, and while the screen
	// is dark outside opening hours also by the power switch.
	pinger := watchdog.New(watchdog.Options{Logger: logger.With("component", "watchdog")})
	if pinger.Enabled() {
		logger.Info("systemd watchdog on", "ping_every", pinger.Every())
	}
	lights := power.New(power.Options{
		OffCommand: cfg.OffCommand, OnCommand: cfg.OnCommand,
		Standby: pinger.Tick, StandbyEvery: pinger.Every(),
		Logger: logger.With("component", "power"),
	})
	if initial != nil {
		lights.SetSchedule(initial.Schedule)
	}

	// Pictures of the screen for the fleet view: when the server asks,
	// and every few minutes.
	capture := screen.NewCapturer(cfg.Rotation)
	uploader, err := client.NewUploader(client.UploaderOptions{
		Server: cfg.Server, Channel: cfg.Channel, Device: cfg.Name, Token: cfg.Token,
		Grabber: capture,
		Logger:  logger.With("component", "screenshots"),
	})
	if err != nil {
		logger.Warn("no screenshots for the fleet view", "err", err)
		uploader = nil
	}

	cl, err := client.New(client.Options{
		Server: cfg.Server, Channel: cfg.Channel, Token: cfg.Token,
		Device: cfg.Name, Version: version,
		OfflineSince: received,
		StartedAt:    started,
		Screenshots:  uploader,
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
	wg.Add(3)
	go func() {
		defer wg.Done()
		_ = cl.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		save(ctx, c, cl, shown, logger, func(s feed.Snapshot, at time.Time) {
			lights.SetSchedule(s.Schedule)
			if at.IsZero() {
				return // not written: unchanged
			}
			mu.Lock()
			receivedAt[s.Revision] = at
			mu.Unlock()
		})
	}()
	go func() {
		defer wg.Done()
		lights.Run(ctx)
	}()
	states := make(chan scene.Status, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		follow(ctx, cl.States(), states)
	}()
	if uploader != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			uploader.Run(ctx)
		}()
	}

	err = screen.Run(ctx, screen.Options{
		Rotation:        cfg.Rotation,
		Fullscreen:      cfg.Fullscreen,
		Channel:         cfg.Channel,
		Screenshots:     cfg.Screenshots,
		ScreenshotEvery: cfg.ScreenshotEvery,
		Initial:         initial,
		Snapshots:       shown,
		Logos:           c.Logo,
		States:          states,
		OnShow: func(slide, rev string) {
			mu.Lock()
			at := receivedAt[rev]
			mu.Unlock()
			cl.SetStatus(client.Status{Slide: slide, Revision: rev, CachedAt: at})
		},
		Lit:        lights.Lit(),
		ShiftEvery: cfg.PixelShiftEvery,
		Watchdog:   pinger,
		Capture:    capture,
		Logger:     logger.With("component", "render"),
	})
	cancel()
	wg.Wait()
	return err
}

// save caches every snapshot as it came (the cache skips unchanged
// revisions), fetches the channel's logo when it is not cached, and passes
// the snapshot on to the screen, latest first. It calls got with every
// snapshot before the screen has it, and when it was written (zero: not).
func save(ctx context.Context, c *cache.Cache, cl *client.Client, out chan feed.Snapshot, logger *slog.Logger, got func(feed.Snapshot, time.Time)) {
	for {
		var r client.Received
		select {
		case <-ctx.Done():
			return
		case r = <-cl.Snapshots():
		}
		s := r.Snapshot
		now := time.Now()
		wrote, err := c.Save(s.Revision, r.Message, now)
		switch {
		case err != nil:
			logger.Warn("could not cache snapshot", "revision", s.Revision, "err", err)
			got(s, time.Time{})
		case wrote:
			got(s, now)
			logger.Info("snapshot cached", "revision", s.Revision, "comments", len(s.Comments))
		default:
			got(s, time.Time{})
		}
		// Before the screen has the snapshot, so that its header comes with
		// the logo. A logo that cannot be fetched is tried again with the
		// next snapshot, a reconnection at the latest.
		if hash := s.Theme.LogoHash; hash != "" {
			if _, ok := c.Logo(hash); !ok {
				if png, err := cl.Logo(ctx, hash); err != nil {
					logger.Warn("could not fetch the channel's logo", "err", err)
				} else if err := c.SaveLogo(hash, png); err != nil {
					logger.Warn("could not cache the channel's logo", "err", err)
				}
			}
		}
		latest.Offer(out, s)
	}
}

// follow hands the client's connection states on to the screen as the
// header shows them, latest first.
func follow(ctx context.Context, in <-chan client.State, out chan scene.Status) {
	for {
		select {
		case <-ctx.Done():
			return
		case st := <-in:
			latest.Offer(out, headerStatus(st))
		}
	}
}

// headerStatus is a connection state as the header shows it: the offline
// note, and the server's clock for when the display's own is off.
func headerStatus(st client.State) scene.Status {
	return scene.Status{Known: true, Online: st.Online, Reached: st.Reached, Since: st.Since,
		Clock: scene.Clock{Server: st.ServerTime, Local: st.LocalTime}}
}
