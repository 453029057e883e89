// Package latest hands the newest of a stream of values from one goroutine
// to another through a one-slot channel, dropping values the reader has
// not taken yet: a screen wants the current state, not the history.
package latest

// Offer puts v in the one-slot channel ch, replacing a value the reader has
// not taken yet. With one sender it never blocks.
func Offer[T any](ch chan T, v T) {
	for {
		select {
		case ch <- v:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}
