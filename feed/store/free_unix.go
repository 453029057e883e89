//go:build unix

package store

import (
	"fmt"
	"path/filepath"
	"syscall"
)

// Free returns the bytes free for this process on the file's file system.
func (s *Store) Free() (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(s.db.Path()), &st); err != nil {
		return 0, fmt.Errorf("free space: %w", err)
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
