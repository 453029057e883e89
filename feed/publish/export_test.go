package publish

import "time"

// CountThemesBeside has every themes walk run beside the rebuilds, as on
// a large store, until the returned func is called.
func CountThemesBeside() (restore func()) { return setSyncThemes(0) }

// CountThemesWithin has every themes walk run within its rebuild, as on a
// small store however slow the machine (the race detector), until the
// returned func is called.
func CountThemesWithin() (restore func()) { return setSyncThemes(time.Hour) }

func setSyncThemes(d time.Duration) func() {
	old := syncThemes
	syncThemes = d
	return func() { syncThemes = old }
}

// Rest returns how long p's themes walk beside the rebuilds sleeps after a
// stretch of worked, sincePublish after the last snapshot went out (or,
// when sincePublish is negative, as the last rebuild left it).
func Rest(p *Publisher, worked, sincePublish time.Duration) time.Duration {
	var slept time.Duration
	p.sleep = func(d time.Duration) { slept = d }
	if sincePublish >= 0 {
		p.published.Store(monotonic() - int64(sincePublish))
	}
	p.rest(worked)
	return slept
}

// LingerThemes sets how long themes counted beside the rebuilds wait for
// a rebuild to go out with, until the returned func is called.
func LingerThemes(d time.Duration) (restore func()) {
	old := themesLinger
	themesLinger = d
	return func() { themesLinger = old }
}

// ThemesPending reports whether counted themes wait for a rebuild.
func ThemesPending(p *Publisher) bool { return p.pendingThemes.Load() != nil }
