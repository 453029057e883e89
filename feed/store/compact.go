package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrInUse is Compact's error while another process (the server) has the
// file open: bbolt's file lock tells.
var ErrInUse = errors.New("the store is open in another process (stop cxtv-feed first)")

// Compact rewrites the bbolt file at path into a new file holding only
// the pages in use, then renames it over path, and returns the sizes
// before and after. bbolt reuses freed pages but never shrinks its file,
// so a store that once held more than its retention keeps that size until
// compacted. It must run while no other process has the file open.
func Compact(path string) (before, after int64, err error) {
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if errors.Is(err, bolt.ErrTimeout) {
		return 0, 0, fmt.Errorf("compact %s: %w", path, ErrInUse)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	defer src.Close()
	tmp := path + ".compact"
	os.Remove(tmp) // left by an interrupted run
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	// 64 MiB per transaction bounds the memory a large store needs.
	if err := bolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	ti, err := os.Stat(tmp)
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	return fi.Size(), ti.Size(), nil
}
