// Package watchdog tells systemd that the screen is alive (sd_notify(3),
// through github.com/coreos/go-systemd/v22/daemon): READY=1 once the
// first frame is drawn, then WATCHDOG=1 from the render loop at a third of
// the unit's WatchdogSec. A render loop that hangs stops the pings, and
// systemd restarts the service. Outside systemd (no NOTIFY_SOCKET) it does
// nothing.
//
// The pings come from cxtv-display-kiosk, a child of the unit's main
// process cxtv-display: the unit needs NotifyAccess=all, and cxtv-display
// passes NOTIFY_SOCKET and WATCHDOG_USEC on but not WATCHDOG_PID, which
// names itself and would make the child think the watchdog is not meant
// for it.
package watchdog

import (
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// Pinger sends the notifications. Tick and Ready are cheap enough for
// every tick of the render loop: a clock read and a comparison, no
// allocation, until a ping is due. Its methods are safe for concurrent
// use: the render loop ticks, the screen's schedule keeps it alive while
// the screen is off (Standby).
type Pinger struct {
	notify func(state string) error // nil: not under systemd
	now    func() time.Time
	every  time.Duration // between pings; 0: no watchdog
	start  time.Time     // reference for last, on the monotonic clock
	last   atomic.Int64  // ns after start of the last ping; -1: none
	ready  atomic.Bool
	failed atomic.Bool // the last notification failed: logged once
	logger *slog.Logger
}

// Options configure a Pinger; zero fields come from the environment.
type Options struct {
	// Notify sends one notification; default daemon.SdNotify to
	// NOTIFY_SOCKET, or nothing when that is unset.
	Notify func(state string) error
	// Interval is the unit's watchdog interval; default WATCHDOG_USEC.
	// Pings go out at a third of it.
	Interval time.Duration
	Now      func() time.Time
	Logger   *slog.Logger
}

// New returns a pinger for the environment systemd gave the process.
func New(opts Options) *Pinger {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Notify == nil && os.Getenv("NOTIFY_SOCKET") != "" {
		opts.Notify = func(state string) error {
			_, err := daemon.SdNotify(false, state)
			return err
		}
	}
	if opts.Interval == 0 {
		d, err := daemon.SdWatchdogEnabled(false)
		if err != nil {
			opts.Logger.Warn("ignoring the watchdog settings systemd passed", "err", err)
		}
		opts.Interval = d
	}
	p := &Pinger{notify: opts.Notify, now: opts.Now, logger: opts.Logger, start: opts.Now()}
	if p.notify != nil && opts.Interval > 0 {
		p.every = opts.Interval / 3
	}
	p.last.Store(-1)
	return p
}

// Enabled reports whether systemd expects pings.
func (p *Pinger) Enabled() bool { return p != nil && p.every > 0 }

// Every is the time between pings; 0 without a watchdog.
func (p *Pinger) Every() time.Duration {
	if p == nil {
		return 0
	}
	return p.every
}

// Ready tells systemd that the screen is up, once; later calls do
// nothing. A nil Pinger does nothing.
func (p *Pinger) Ready() {
	if p == nil || p.notify == nil || p.ready.Load() || !p.ready.CompareAndSwap(false, true) {
		return
	}
	p.send("READY=1")
	p.Tick()
}

// Tick pings the watchdog if a third of its interval has passed since the
// last ping. Call it from the loop whose progress it vouches for.
func (p *Pinger) Tick() {
	if p == nil || p.every == 0 {
		return
	}
	now := int64(p.now().Sub(p.start))
	last := p.last.Load()
	if last >= 0 && now-last < int64(p.every) {
		return
	}
	if !p.last.CompareAndSwap(last, now) {
		return // pinged by another goroutine just now
	}
	p.send("WATCHDOG=1")
}

func (p *Pinger) send(state string) {
	err := p.notify(state)
	switch {
	case err != nil && !p.failed.Swap(true):
		p.logger.Warn("could not notify systemd", "state", state, "err", err)
	case err == nil && p.failed.Swap(false):
		p.logger.Info("notifying systemd again", "state", state)
	}
}
