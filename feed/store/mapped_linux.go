package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// ReleaseMapped lets go of the pages of the file that reads have mapped
// into the process. They stay in the kernel's page cache and a later read
// maps them again; until then they do not count in the process's RSS. A
// walk of the whole store (the server's start, a themes count, an import)
// would otherwise leave the whole file resident.
func (s *Store) ReleaseMapped() error {
	if err := s.db.View(func(tx *bolt.Tx) error { return releaseMap(s.db, tx) }); err != nil {
		return fmt.Errorf("release mapped store pages: %w", err)
	}
	return nil
}

// releaseMap is ReleaseMapped of db within tx, a read transaction that
// keeps bbolt from mapping the file anew meanwhile. The mapping is
// read-only and shared, so dropping its pages loses nothing; a slice into
// it that the caller holds reads the same bytes again.
func releaseMap(db *bolt.DB, tx *bolt.Tx) error {
	_, _, errno := unix.Syscall(unix.SYS_MADVISE, db.Info().Data, uintptr(tx.Size()), unix.MADV_DONTNEED)
	if errno != 0 {
		return errno
	}
	return nil
}
