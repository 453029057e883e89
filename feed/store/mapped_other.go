//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// ReleaseMapped does nothing here: it is a Linux madvise.
func (s *Store) ReleaseMapped() error { return nil }

func releaseMap(*bolt.DB, *bolt.Tx) error { return nil }
