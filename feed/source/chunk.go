package source

import "github.com/cxtv/cxtv/feed"

// Spill hands emit the answers and skipped responses b holds, in batches
// of at most size answers, and takes them out of b: while b holds size
// answers or size skipped responses, and at the end of the file (last)
// whatever is left. Each batch has slices of its own, which emit may
// keep. An error from emit is returned as is.
func (b *Batch) Spill(size int, last bool, emit func(Batch) error) error {
	for len(b.Items) >= size || len(b.Skipped) >= size || last && (len(b.Items) > 0 || len(b.Skipped) > 0) {
		n := min(size, len(b.Items))
		out := Batch{Items: b.Items[:n:n], Skipped: b.Skipped}
		var rest []feed.Feedback // a response's second answer, past size
		if n < len(b.Items) {
			rest = append(rest, b.Items[n:]...)
		}
		*b = Batch{Items: rest}
		if err := emit(out); err != nil {
			return err
		}
	}
	return nil
}

// Collect runs stream and returns all it emitted as one batch; on an
// error, an empty batch and the error.
func Collect(stream func(emit func(Batch) error) error) (Batch, error) {
	var all Batch
	err := stream(func(b Batch) error {
		all.Items = append(all.Items, b.Items...)
		all.Skipped = append(all.Skipped, b.Skipped...)
		return nil
	})
	if err != nil {
		return Batch{}, err
	}
	return all, nil
}
