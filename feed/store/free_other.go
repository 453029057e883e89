//go:build !unix

package store

import "errors"

// Free is not known on this system.
func (s *Store) Free() (uint64, error) { return 0, errors.New("free space: not known on this system") }
