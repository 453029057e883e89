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
	// The copy is synced once, at the end: until the rename it is
	// nobody's.
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	err = copyBuckets(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if err != nil {
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

// copyBuckets writes every key of src's buckets into dst, pages filled
// full, 16 MiB per transaction to bound the memory a large store needs.
// It lets go of the source pages it read as it goes (as Feedback does),
// so that compacting does not make the whole file resident. The store's
// buckets hold no buckets.
func copyBuckets(dst, src *bolt.DB) error {
	const txMax = 16 << 20
	return src.View(func(stx *bolt.Tx) error {
		dtx, err := dst.Begin(true)
		if err != nil {
			return err
		}
		defer func() { dtx.Rollback() }()
		size, n := 0, 0
		err = stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			db, err := dtx.CreateBucket(name)
			if err != nil {
				return err
			}
			db.FillPercent = 1
			if err := db.SetSequence(b.Sequence()); err != nil {
				return err
			}
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if v == nil {
					return fmt.Errorf("bucket %s holds a bucket %q", name, k)
				}
				if size += len(k) + len(v); size > txMax {
					if err := dtx.Commit(); err != nil {
						return err
					}
					if dtx, err = dst.Begin(true); err != nil {
						return err
					}
					db, size = dtx.Bucket(name), len(k)+len(v)
					db.FillPercent = 1
				}
				// k and v are in src's map, valid while stx is open.
				if err := db.Put(k, v); err != nil {
					return err
				}
				if n++; n%releaseEvery == 0 {
					releaseMap(src, stx)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return dtx.Commit()
	})
}

// FreePages is how much of the file is free pages, which the store reuses
// but only Compact gives back, and the file's size. It counts the pages
// freed up to the last write.
func (s *Store) FreePages() (free, size int64, err error) {
	fi, err := os.Stat(s.db.Path())
	if err != nil {
		return 0, 0, fmt.Errorf("free pages: %w", err)
	}
	return int64(s.db.Stats().FreeAlloc), fi.Size(), nil
}
