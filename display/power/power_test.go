package power_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/power"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
)

// harness runs a Switch on a clock the test sets; the Switch's waits end
// when the test says so.
type harness struct {
	t       *testing.T
	p       *power.Switch
	mu      sync.Mutex
	now     time.Time
	execs   chan string
	waits   chan time.Duration
	wake    chan time.Time
	standby atomic.Int32
}

func newHarness(t *testing.T, start time.Time, fail map[string]bool) *harness {
	h := &harness{t: t, now: start, execs: make(chan string, 8), waits: make(chan time.Duration, 8), wake: make(chan time.Time)}
	h.p = power.New(power.Options{
		OffCommand: "panel off", OnCommand: "panel on",
		Now: func() time.Time {
			h.mu.Lock()
			defer h.mu.Unlock()
			return h.now
		},
		Exec: func(_ context.Context, c string) ([]byte, error) {
			h.execs <- c
			if fail[c] {
				return []byte("no such output"), errors.New("exit status 1")
			}
			return nil, nil
		},
		After: func(d time.Duration) <-chan time.Time {
			h.waits <- d
			return h.wake
		},
		Standby:      func() { h.standby.Add(1) },
		StandbyEvery: time.Millisecond,
	})
	return h
}

func (h *harness) run() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		h.p.Run(ctx)
		close(done)
	}()
	h.t.Cleanup(func() {
		cancel()
		<-done
	})
}

// advance sets the clock and ends the Switch's wait.
func (h *harness) advance(to time.Time) {
	h.mu.Lock()
	h.now = to
	h.mu.Unlock()
	h.wake <- to
}

// expect checks the next state, its command and the wait after it.
func (h *harness) expect(lit bool, command string, wait time.Duration) {
	h.t.Helper()
	select {
	case got := <-h.p.Lit():
		if got != lit {
			h.t.Fatalf("Lit = %v, want %v", got, lit)
		}
	case <-time.After(5 * time.Second):
		h.t.Fatalf("no state within 5 s, want lit=%v", lit)
	}
	if command != "" {
		if got := <-h.execs; got != command {
			h.t.Fatalf("ran %q, want %q", got, command)
		}
	}
	if got := <-h.waits; got != wait {
		h.t.Fatalf("waits %v, want %v", got, wait)
	}
}

func (h *harness) expectWait(wait time.Duration) {
	h.t.Helper()
	if got := <-h.waits; got != wait {
		h.t.Fatalf("waits %v, want %v", got, wait)
	}
}

var canteen = &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{
	{Days: []string{"mon-fri"}, From: "07:00", To: "15:30"},
}}

func TestPowerFollowsSchedule(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 3, d, h, m, s, 0, berlin) }
	h := newHarness(t, at(23, 6, 0, 0), nil) // Monday
	h.p.SetSchedule(canteen)
	h.run()

	// Before opening: dark at once, the panel switched off, then checks
	// again within a minute (the clock may jump).
	h.expect(false, "panel off", time.Minute)
	// Standby pings while dark, on its own ticker.
	for deadline := time.Now().Add(5 * time.Second); h.standby.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no standby call within 5 s while dark")
		}
	}
	if !h.p.Dark() {
		t.Error("Dark() = false before opening")
	}
	h.advance(at(23, 6, 59, 30))
	h.expectWait(30 * time.Second)
	h.advance(at(23, 7, 0, 0))
	h.expect(true, "panel on", time.Minute)
	if h.p.Dark() {
		t.Error("Dark() = true during opening hours")
	}
	// The same schedule again changes nothing; a new one may.
	h.p.SetSchedule(&feed.Schedule{TimeZone: "Europe/Berlin", Hours: canteen.Hours})
	h.expectWait(time.Minute)
	h.p.SetSchedule(&feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{{Days: []string{"mon"}, From: "22:00", To: "06:00"}}})
	h.expect(false, "panel off", time.Minute)
	// No schedule: always on, nothing to wait for but a minute.
	h.p.SetSchedule(nil)
	h.expect(true, "panel on", time.Minute)
	// One this device cannot read stays on.
	h.p.SetSchedule(&feed.Schedule{TimeZone: "Mars/Olympus_Mons", Hours: canteen.Hours})
	h.expectWait(time.Minute)
	select {
	case lit := <-h.p.Lit():
		t.Errorf("Lit = %v after an unreadable schedule, want no change", lit)
	default:
	}
}

func TestPowerStartsLit(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	h := newHarness(t, time.Date(2026, 3, 23, 15, 29, 59, 995e6, berlin), map[string]bool{"panel on": true})
	h.p.SetSchedule(canteen)
	h.run()
	// On at start runs on_command (a failure is logged, not fatal); the
	// change five milliseconds later is not missed.
	h.expect(true, "panel on", 10*time.Millisecond)
	h.advance(time.Date(2026, 3, 23, 15, 30, 0, 0, berlin))
	h.expect(false, "panel off", time.Minute)
}

// The real commands run with /bin/sh -c, bounded by the timeout; their
// failures are logged with the output.
func TestShellCommand(t *testing.T) {
	t.Parallel()
	logs := feedtest.NewLogs(t)
	p := power.New(power.Options{
		OnCommand: "sleep 10", OffCommand: "echo no such output >&2; exit 3",
		CommandTimeout: 100 * time.Millisecond,
		Logger:         slog.New(slog.NewTextHandler(logs, nil)),
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	start := time.Now()
	if lit := <-p.Lit(); !lit {
		t.Fatal("Lit = false without a schedule, want lit")
	}
	// Open one minute on another day: off now.
	other := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}[(time.Now().Weekday()+3)%7]
	p.SetSchedule(&feed.Schedule{Hours: []feed.Hours{{Days: []string{other}, From: "12:00", To: "12:01"}}})
	if lit := <-p.Lit(); lit {
		t.Fatal("Lit = true outside the schedule")
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "off_command failed"); {
		if time.Now().After(deadline) {
			t.Fatalf("no off_command failure logged within 5 s; log:\n%s", logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	// sleep 10 was stopped by the timeout, not waited for.
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the commands took %v, want on_command stopped after 100ms", took)
	}
	for _, want := range []string{
		`msg="on_command failed" command="sleep 10" err="signal: killed (after 100ms)"`,
		`msg="off_command failed"`, `err="exit status 3" output="no such output"`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}
