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
