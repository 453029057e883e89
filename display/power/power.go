// Package power keeps the screen dark outside the channel's opening hours
// and lit in time again, and runs the device's commands that switch the
// panel off and on. It has no Ebiten: display/screen follows what it says.
package power

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"reflect"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cxtv/cxtv/display/latest"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/schedule"
)

// Defaults for Options left zero.
const (
	DefaultCommandTimeout = 15 * time.Second
	// recheckEvery bounds every wait for the next change: the wall clock
	// may jump (a Raspberry Pi has no battery clock and sets it by NTP after
	// boot), and a timer runs on the monotonic one.
	recheckEvery = time.Minute
	// minWait keeps a change that is due from spinning the loop should the
	// clock read a hair before it.
	minWait = 10 * time.Millisecond
)

// Options configure a Switch.
type Options struct {
	// OffCommand and OnCommand switch the panel (run with /bin/sh -c);
	// empty: the screen only goes black.
	OffCommand, OnCommand string
	CommandTimeout        time.Duration
	// Standby, when set, is called every StandbyEvery while the screen is
	// dark: it keeps the systemd watchdog fed while a switched-off panel
	// may stall the render loop's frames.
	Standby      func()
	StandbyEvery time.Duration

	Now func() time.Time
	// Exec runs a command; default /bin/sh -c with a timeout. Tests
	// replace it.
	Exec func(ctx context.Context, command string) ([]byte, error)
	// After waits; default time.After. Tests replace it to move on
	// without waiting for the schedule's next change.
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Switch decides when the screen is lit. Create it with New, give it the
// channel's schedule with SetSchedule, start it with Run and read Lit.
type Switch struct {
	opts      Options
	schedules chan *feed.Schedule // latest wins
	lit       chan bool           // latest wins
	dark      atomic.Bool         // read by the standby pinger
}

// New returns a Switch that has not started.
func New(opts Options) *Switch {
	if opts.CommandTimeout <= 0 {
		opts.CommandTimeout = DefaultCommandTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Exec == nil {
		opts.Exec = shell
	}
	if opts.After == nil {
		opts.After = time.After
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Switch{opts: opts, schedules: make(chan *feed.Schedule, 1), lit: make(chan bool, 1)}
}

// SetSchedule hands over the channel's schedule (nil: always on), from
// every snapshot; an unchanged one changes nothing.
func (p *Switch) SetSchedule(s *feed.Schedule) { latest.Offer(p.schedules, s) }

// Lit delivers whether the screen should show the picture (true) or
// black: once when Run starts, then on every change, latest first.
func (p *Switch) Lit() <-chan bool { return p.lit }

// Dark reports whether the screen is dark now.
func (p *Switch) Dark() bool { return p.dark.Load() }

// Run follows the schedule until ctx is done: it switches at every change
// of the opening hours and whenever a new schedule says otherwise, and runs
// the command of the new state. At start it runs the command of the state
// it finds, so that a panel left off by a crash comes on again.
func (p *Switch) Run(ctx context.Context) {
	if p.opts.Standby != nil && p.opts.StandbyEvery > 0 {
		go p.standby(ctx)
	}
	var (
		sched   *schedule.Schedule
		current *feed.Schedule
		lit     bool
		started bool
	)
	apply := func(s *feed.Schedule) {
		if started && reflect.DeepEqual(s, current) {
			return
		}
		current = s
		c, err := schedule.Compile(s)
		if err != nil {
			// The server checks the config; a zone unknown to this
			// device's tzdata is what is left. Better on than dark.
			p.opts.Logger.Warn("cannot follow the channel's schedule; staying on", "err", err)
			c = nil
		}
		if started || c != nil {
			p.opts.Logger.Info("schedule", "hours", c.String())
		}
		sched = c
	}
	// The cached snapshot's schedule, if it came first: no on-then-off at
	// start.
	select {
	case s := <-p.schedules:
		apply(s)
	default:
	}
	for {
		now := p.opts.Now()
		if on := sched.On(now); !started || on != lit {
			started, lit = true, on
			p.dark.Store(!on)
			latest.Offer(p.lit, on)
			until := atOrNever(sched.Next(now))
			if on {
				p.opts.Logger.Info("screen on", "until", until)
				p.command(ctx, "on_command", p.opts.OnCommand)
			} else {
				p.opts.Logger.Info("screen off outside opening hours", "until", until)
				p.command(ctx, "off_command", p.opts.OffCommand)
			}
		}
		// Wait for the next change, a new schedule, or a minute at most.
		wait := recheckEvery
		now = p.opts.Now()
		if next := sched.Next(now); !next.IsZero() {
			wait = min(wait, max(next.Sub(now), minWait))
		}
		select {
		case <-ctx.Done():
			return
		case <-p.opts.After(wait):
		case s := <-p.schedules:
			apply(s)
		}
	}
}

// standby calls Standby while the screen is dark.
func (p *Switch) standby(ctx context.Context) {
	t := time.NewTicker(p.opts.StandbyEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if p.dark.Load() {
				p.opts.Standby()
			}
		}
	}
}

// command runs one of the device's commands and logs how it went.
func (p *Switch) command(ctx context.Context, key, command string) {
	if strings.TrimSpace(command) == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, p.opts.CommandTimeout)
	defer cancel()
	start := time.Now()
	out, err := p.opts.Exec(ctx, command)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("%w (after %v)", err, p.opts.CommandTimeout)
		}
		p.opts.Logger.Warn(key+" failed", "command", command, "err", err, "output", clip(out), "took", took)
		return
	}
	p.opts.Logger.Info(key+" done", "command", command, "took", took)
}

// shell runs command with /bin/sh -c. On timeout the shell is killed, and
// its pipes are given up on a second later, should a child it started
// keep them open.
func shell(ctx context.Context, command string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.WaitDelay = time.Second
	return cmd.CombinedOutput()
}

// clip keeps a command's output short enough for one log line.
func clip(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

func atOrNever(t time.Time) any {
	if t.IsZero() {
		return "never"
	}
	return t
}
