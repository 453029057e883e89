package watchdog_test

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/watchdog"
)

// fakeSystemd listens where NOTIFY_SOCKET points, as systemd does, and
// returns the notifications it receives.
func fakeSystemd(tb testing.TB, watchdogUsec string, pid int) <-chan string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	tb.Setenv("NOTIFY_SOCKET", path)
	tb.Setenv("WATCHDOG_USEC", watchdogUsec)
	tb.Setenv("WATCHDOG_PID", strconv.Itoa(pid))
	got := make(chan string, 16)
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				close(got)
				return
			}
			got <- string(buf[:n])
		}
	}()
	return got
}

func expect(tb testing.TB, got <-chan string, want ...string) {
	tb.Helper()
	for _, w := range want {
		select {
		case g := <-got:
			if g != w {
				tb.Fatalf("systemd got %q, want %q", g, w)
			}
		case <-time.After(5 * time.Second):
			tb.Fatalf("systemd got nothing within 5 s, want %q", w)
		}
	}
}

// fakeClock is read by the pinger; the test moves it.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestReadyAndPings(t *testing.T) {
	got := fakeSystemd(t, "30000000", os.Getpid())
	clock := &fakeClock{t: time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC)}
	p := watchdog.New(watchdog.Options{Now: clock.now})
	if !p.Enabled() || p.Every() != 10*time.Second {
		t.Fatalf("Enabled, Every = %v, %v; want true, 10s (a third of WATCHDOG_USEC)", p.Enabled(), p.Every())
	}
	p.Tick() // the first tick pings
	clock.t = clock.t.Add(5 * time.Second)
	p.Tick()  // too early: nothing
	p.Ready() // once; its own ping would be too early
	clock.t = clock.t.Add(4999 * time.Millisecond)
	p.Tick()
	clock.t = clock.t.Add(time.Millisecond)
	p.Tick() // 10 s after the first
	p.Ready()
	clock.t = clock.t.Add(time.Hour)
	p.Tick()
	expect(t, got, "WATCHDOG=1", "READY=1", "WATCHDOG=1", "WATCHDOG=1")
}

// A hung loop stops ticking, and with it the pings: the clock running on
// does not ping by itself.
func TestNoTickNoPing(t *testing.T) {
	got := fakeSystemd(t, "3000000", os.Getpid())
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := watchdog.New(watchdog.Options{Now: clock.now})
	p.Ready()
	clock.t = clock.t.Add(time.Hour)
	p.Ready()
	clock.t = clock.t.Add(time.Second)
	p.Tick()
	expect(t, got, "READY=1", "WATCHDOG=1", "WATCHDOG=1")
}

// WATCHDOG_PID of another process (the supervisor's, had it not dropped
// it): the watchdog is not this process's, READY=1 still is.
func TestWatchdogOfAnotherProcess(t *testing.T) {
	got := fakeSystemd(t, "30000000", os.Getpid()+1)
	p := watchdog.New(watchdog.Options{})
	if p.Enabled() {
		t.Error("Enabled() = true for another process's watchdog")
	}
	p.Tick()
	p.Ready()
	expect(t, got, "READY=1")
}

func TestOutsideSystemd(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	t.Setenv("WATCHDOG_USEC", "30000000")
	p := watchdog.New(watchdog.Options{})
	if p.Enabled() || p.Every() != 0 {
		t.Errorf("Enabled, Every = %v, %v without NOTIFY_SOCKET; want false, 0", p.Enabled(), p.Every())
	}
	p.Ready()
	p.Tick()
	var nilPinger *watchdog.Pinger
	nilPinger.Ready()
	nilPinger.Tick()
}

func TestTickAllocatesNothing(t *testing.T) {
	fakeSystemd(t, "30000000", os.Getpid())
	p := watchdog.New(watchdog.Options{})
	p.Tick()
	if n := testing.AllocsPerRun(1000, p.Tick); n != 0 {
		t.Errorf("Tick allocates %v times between pings, want 0", n)
	}
}
