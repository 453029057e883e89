package intake

import "testing"

// SetChunk makes a cxtv JSON import emit batches of at most n answers
// until tb ends. Tests that call it must not run in parallel.
func SetChunk(tb testing.TB, n int) {
	tb.Helper()
	old := chunk
	chunk = n
	tb.Cleanup(func() { chunk = old })
}
