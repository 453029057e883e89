package publish

// CountThemesBeside has every themes walk run beside the rebuilds, as on
// a large store, until the returned func is called.
func CountThemesBeside() (restore func()) {
	old := syncThemes
	syncThemes = 0
	return func() { syncThemes = old }
}
