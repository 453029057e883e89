//go:build !linux

package store

// ReleaseMapped does nothing here: it is a Linux madvise.
func (s *Store) ReleaseMapped() error { return nil }
