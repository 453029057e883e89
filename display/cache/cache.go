// Package cache keeps the last good snapshot of a display, as the server
// sent it, and the channel's logo in a bbolt file, so that a screen shows
// its content at once after a reboot or a power cut and goes on showing it
// while the feed server is out of reach.
package cache

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/cxtv/cxtv/feed"
)

// ErrEmpty is returned by Load when no snapshot was ever saved.
var ErrEmpty = errors.New("cache is empty")

var (
	bucket = []byte("snapshot")
	// keyMessage holds the WebSocket message the snapshot came in, byte
	// for byte; keySnapshot the bare snapshot JSON that older builds kept.
	keyMessage  = []byte("message")
	keySnapshot = []byte("json")
	keyRevision = []byte("revision")
	keyReceived = []byte("received_at")
	keyLogo     = []byte("logo")      // the PNG of the channel's logo
	keyLogoHash = []byte("logo_hash") // what names it, feed.Theme.LogoHash
)

// Cache is the bbolt file holding the last snapshot. Its methods are safe
// for concurrent use.
type Cache struct {
	path   string
	logger *slog.Logger

	mu sync.Mutex // guards db, which Save replaces when it finds damage
	db *bbolt.DB
}

// Open opens or creates the cache file at path. A file that bbolt cannot
// open, or whose snapshot cannot be read, is renamed aside to
// path.corrupt-<time> and a fresh cache is created: a display must come
// up, even with nothing to show. A file that another process holds locked
// is an error.
func Open(path string, logger *slog.Logger) (*Cache, error) {
	c := &Cache{path: path, logger: logger}
	db, err := openDB(path)
	if err == nil {
		if err = verify(db); err != nil {
			_ = db.Close()
		}
	}
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
	err = guard(func() error {
		var err error
		db, err = bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
		if err != nil {
			return err
		}
		// Now that this process holds the file's lock, and before bbolt
		// walks its tree, see that the tree can be walked.
		if err := checkFile(path); err != nil {
			return err
		}
		// Write only to a new file: every write transaction rewrites a
		// meta page, and a display starts often.
		exists := false
		if err := db.View(func(tx *bbolt.Tx) error { exists = tx.Bucket(bucket) != nil; return nil }); err != nil || exists {
			return err
		}
		return db.Update(func(tx *bbolt.Tx) error {
			_, err := tx.CreateBucketIfNotExists(bucket)
			return err
		})
	})
	if err != nil {
		if db != nil {
			_ = db.Close()
		}
		return nil, err
	}
	return db, nil
}

// verify reads every byte of the cached values, so that a damaged page
// shows at Open, where the file can still be set aside, rather than in
// the middle of a write.
func verify(db *bbolt.DB) error {
	return guard(func() error {
		return db.View(func(tx *bbolt.Tx) error {
			b := tx.Bucket(bucket)
			if b == nil {
				return fmt.Errorf("%w: no %s bucket", bolterrors.ErrInvalid, bucket)
			}
			var sum uint32 // a checksum only to make every byte be read
			return b.ForEach(func(k, v []byte) error {
				sum = crc32.Update(crc32.Update(sum, crc32.IEEETable, k), crc32.IEEETable, v)
				return nil
			})
		})
	})
}

// guard runs fn, turning what bbolt does on some kinds of damage — panic,
// or read outside its memory map — into an ErrInvalid error rather than
// a crashed display.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", bolterrors.ErrInvalid, r)
		}
	}()
	// A fault on a damaged page becomes a panic (in this goroutine only).
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
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
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.db.Close()
}

// Load returns the saved snapshot and when it was received, or ErrEmpty.
// A value that does not decode counts as empty: it is replaced by the next
// snapshot from the server.
func (c *Cache) Load() (s feed.Snapshot, received time.Time, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	err = c.view(func(b *bbolt.Bucket) error {
		// Decode inside the transaction: values are only valid until it ends.
		var err error
		if raw := b.Get(keyMessage); raw != nil {
			var m feed.Message
			if m, err = feed.DecodeMessage(raw); err == nil && m.Type != feed.TypeSnapshot {
				err = fmt.Errorf("a %q message, not a snapshot", m.Type)
			}
			if err == nil {
				s = *m.Snapshot
			}
		} else if raw := b.Get(keySnapshot); raw != nil {
			err = json.Unmarshal(raw, &s)
		} else {
			return ErrEmpty
		}
		if err != nil {
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

// Save stores msg, the WebSocket message that brought the snapshot of
// revision rev, received at the given time, unless the cache already
// holds the same revision (and it reads back): a display reconnecting
// every few minutes, or a server rebuilding unchanged content, should not
// wear out an SD card. It reports whether it wrote.
//
// Damage that Open could not see (a freelist page, say) shows here: the
// file is then set aside, and msg saved in a fresh one.
func (c *Cache) Save(rev string, msg []byte, received time.Time) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	same := false
	if err := c.view(func(b *bbolt.Bucket) error {
		same = rev != "" && string(b.Get(keyRevision)) == rev && json.Valid(b.Get(keyMessage))
		return nil
	}); err != nil {
		return false, err
	}
	if same {
		return false, nil
	}
	values := map[string][]byte{
		string(keyMessage):  msg,
		string(keySnapshot): nil, // an older build's copy, now stale
		string(keyRevision): []byte(rev),
		string(keyReceived): []byte(received.UTC().Format(time.RFC3339Nano)),
	}
	if err := c.write(values); err != nil {
		return false, fmt.Errorf("save snapshot %s to %s: %w", rev, c.path, err)
	}
	return true, nil
}

// Logo returns the cached logo if it is the one named hash.
func (c *Cache) Logo(hash string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var png []byte
	err := c.view(func(b *bbolt.Bucket) error {
		if hash != "" && string(b.Get(keyLogoHash)) == hash {
			png = bytes.Clone(b.Get(keyLogo))
		}
		return nil
	})
	return png, err == nil && png != nil
}

// SaveLogo stores png as the channel's logo, named hash, in place of the
// one before: a screen shows one channel, and so one logo.
func (c *Cache) SaveLogo(hash string, png []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.write(map[string][]byte{string(keyLogo): png, string(keyLogoHash): []byte(hash)}); err != nil {
		return fmt.Errorf("save logo %s to %s: %w", hash, c.path, err)
	}
	return nil
}

// write puts values, starting a fresh file once if the old one turns out
// damaged. The caller holds c.mu.
func (c *Cache) write(values map[string][]byte) error {
	err := c.put(values)
	if damaged(err) {
		if err := c.reset(err); err != nil {
			return err
		}
		err = c.put(values)
	}
	return err
}

// damaged reports whether err says the file is damaged, as opposed to a
// full disk or a lock: a freelist with absurd page numbers, say, makes
// bbolt write far beyond any sane size.
func damaged(err error) bool {
	for _, e := range []error{bolterrors.ErrInvalid, bolterrors.ErrInvalidMapping, bolterrors.ErrChecksum,
		bolterrors.ErrVersionMismatch, bolterrors.ErrMaxSizeReached, syscall.EFBIG} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// put writes values in one transaction; a nil value deletes its key.
func (c *Cache) put(values map[string][]byte) error {
	return guard(func() error {
		return c.db.Update(func(tx *bbolt.Tx) error {
			b := tx.Bucket(bucket)
			for k, v := range values {
				var err error
				if v == nil {
					err = b.Delete([]byte(k))
				} else {
					err = b.Put([]byte(k), v)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// reset sets the damaged file aside and opens a fresh one in its place.
func (c *Cache) reset(cause error) error {
	_ = c.db.Close()
	if err := c.setAside(cause); err != nil {
		return err
	}
	db, err := openDB(c.path)
	if err != nil {
		return fmt.Errorf("open cache %s: %w", c.path, err)
	}
	c.db = db
	return nil
}

// view runs fn on the bucket in a read transaction, turning damage into
// an error (see guard).
func (c *Cache) view(fn func(b *bbolt.Bucket) error) error {
	err := guard(func() error {
		return c.db.View(func(tx *bbolt.Tx) error { return fn(tx.Bucket(bucket)) })
	})
	if errors.Is(err, bolterrors.ErrInvalid) {
		return fmt.Errorf("read cache %s: %w", c.path, err)
	}
	return err
}
