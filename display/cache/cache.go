// Package cache keeps the last good snapshot of a display in a bbolt file,
// so that a screen shows its content at once after a reboot or a power cut
// and goes on showing it while the feed server is out of reach.
package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/cxtv/cxtv/feed"
)

// ErrEmpty is returned by Load when no snapshot was ever saved.
var ErrEmpty = errors.New("cache is empty")

var (
	bucket      = []byte("snapshot")
	keySnapshot = []byte("json")
	keyRevision = []byte("revision")
	keyReceived = []byte("received_at")
)

// Cache is the bbolt file holding the last snapshot. Its methods are safe
// for concurrent use (bbolt serialises writers).
type Cache struct {
	db     *bbolt.DB
	path   string
	logger *slog.Logger
}

// Open opens or creates the cache file at path. A file that bbolt cannot
// read is renamed aside to path.corrupt-<time> and a fresh cache is
// created: a display must come up, even with nothing to show. A file that
// another process holds locked is an error.
func Open(path string, logger *slog.Logger) (*Cache, error) {
	c := &Cache{path: path, logger: logger}
	db, err := openDB(path)
	if err != nil && !errors.Is(err, bolterrors.ErrTimeout) && !errors.Is(err, os.ErrPermission) && fileExists(path) {
		if err := c.setAside(err); err != nil {
			return nil, err
		}
		db, err = openDB(path)
	}
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	c.db = db
	return c, nil
}

func openDB(path string) (db *bbolt.DB, err error) {
	// bbolt panics on some kinds of damage instead of returning an error.
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				_ = db.Close()
			}
			db, err = nil, fmt.Errorf("%w: %v", bolterrors.ErrInvalid, r)
		}
	}()
	db, err = bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	if err := db.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	}); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// setAside renames the unreadable file so that it can be inspected later.
func (c *Cache) setAside(cause error) error {
	aside := fmt.Sprintf("%s.corrupt-%s", c.path, time.Now().UTC().Format("20060102T150405Z"))
	if err := os.Rename(c.path, aside); err != nil {
		return fmt.Errorf("open cache %s: %w (and could not set it aside: %v)", c.path, cause, err)
	}
	c.logger.Warn("cache unreadable, set aside; starting empty", "path", c.path, "aside", aside, "err", cause)
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Close closes the file.
func (c *Cache) Close() error { return c.db.Close() }

// Load returns the saved snapshot and when it was received, or ErrEmpty.
// A value that does not decode counts as empty: it is replaced by the next
// snapshot from the server.
func (c *Cache) Load() (s feed.Snapshot, received time.Time, err error) {
	err = c.view(func(b *bbolt.Bucket) error {
		raw := b.Get(keySnapshot)
		if raw == nil {
			return ErrEmpty
		}
		// Decode inside the transaction: raw is only valid until it ends.
		if err := json.Unmarshal(raw, &s); err != nil {
			c.logger.Warn("cached snapshot does not decode; ignoring it", "path", c.path, "err", err)
			return ErrEmpty
		}
		if t := b.Get(keyReceived); t != nil {
			received, _ = time.Parse(time.RFC3339Nano, string(t))
		}
		return nil
	})
	return s, received, err
}

// Save stores s, received at the given time, unless the cache already
// holds the same revision: a display reconnecting every few minutes
// should not wear out an SD card. It reports whether it wrote.
func (c *Cache) Save(s feed.Snapshot, received time.Time) (bool, error) {
	same := false
	if err := c.view(func(b *bbolt.Bucket) error {
		same = s.Revision != "" && string(b.Get(keyRevision)) == s.Revision
		return nil
	}); err != nil {
		return false, err
	}
	if same {
		return false, nil
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return false, fmt.Errorf("save snapshot %s: %w", s.Revision, err)
	}
	err = c.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucket)
		for k, v := range map[string][]byte{
			string(keySnapshot): raw,
			string(keyRevision): []byte(s.Revision),
			string(keyReceived): []byte(received.UTC().Format(time.RFC3339Nano)),
		} {
			if err := b.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("save snapshot %s to %s: %w", s.Revision, c.path, err)
	}
	return true, nil
}

// view runs fn on the bucket in a read transaction, turning a panic from a
// damaged page into an error rather than a crashed display.
func (c *Cache) view(fn func(b *bbolt.Bucket) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("read cache %s: %w: %v", c.path, bolterrors.ErrInvalid, r)
		}
	}()
	return c.db.View(func(tx *bbolt.Tx) error { return fn(tx.Bucket(bucket)) })
}
