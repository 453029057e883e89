package main

import (
	"errors"
	"log/slog"
	"sync/atomic"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/poll"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
)

// running owns the config in force. A reload goes through apply alone,
// which hands each part of the server its share of the new config in the
// right order; the rest read it through current.
type running struct {
	path    string
	started *prepared // listen, data and tls stay as it says until a restart
	current atomic.Pointer[prepared]

	srv    *server.Server
	pub    *publish.Publisher
	hub    *hub.Hub
	poller *poll.Poller
	logger *slog.Logger
}

// retentionDays is how long answers are kept; 0: for ever.
func (r *running) retentionDays() int { return r.current.Load().cfg.RetentionDays }

// apply takes a reloaded config file, as config.WatchFeed delivers it: a
// valid one replaces the config in force, an invalid one is reported and
// the old one kept. It is called from one goroutine at a time.
func (r *running) apply(next *config.Feed, err error) {
	var p *prepared
	if err == nil {
		p, err = prepareConfig(next, r.path)
	}
	if err != nil {
		r.logger.Error("config reload failed; keeping the previous config", "err", err)
		r.srv.SetConfigError(err)
		r.srv.Metrics.Reloads.WithLabelValues("error").Inc()
		return
	}
	old := r.current.Load()
	if s := r.started.cfg; next.Listen != s.Listen || next.Data != s.Data || next.TLS != s.TLS {
		r.logger.Warn("listen, data and tls take effect only after a restart")
	}
	// The snapshots first, so that a channel's screens can connect as soon
	// as the server knows it.
	if err := r.pub.SetOptions(p.publish); err != nil && !errors.Is(err, publish.ErrStopped) {
		// The config is fine; the store will be read again.
		r.logger.Error("rebuild after config reload", "err", err)
	}
	r.srv.SetConfig(p.server)
	// Screens that connected with a token no longer in force, or to a
	// channel that is gone, are hung up on; they reconnect with the new one.
	for _, was := range old.server.Channels {
		ch, ok := channel(p.server.Channels, was.Name)
		switch {
		case !ok:
			r.hub.RemoveChannel(was.Name)
			r.logger.Info("disconnected the screens of a removed channel", "channel", was.Name)
		case ch.DisplayToken != was.DisplayToken:
			r.hub.CloseChannel(was.Name)
			r.logger.Info("disconnected the screens of a channel whose token changed", "channel", was.Name)
		}
	}
	r.poller.Update(p.sources)
	r.current.Store(p)
	r.srv.Metrics.Reloads.WithLabelValues("ok").Inc()
	r.logger.Info("config reloaded", "channels", len(next.Channels), "sources", len(next.Sources))
}

func channel(chans []server.Channel, name string) (server.Channel, bool) {
	for _, ch := range chans {
		if ch.Name == name {
			return ch, true
		}
	}
	return server.Channel{}, false
}
