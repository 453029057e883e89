// Package store keeps feedback and KPI values in one bbolt file.
//
// Feedback is keyed by creation time first, so that reading a channel's
// recent answers walks the newest keys only; a second bucket indexes
// (source, id) to make re-sent answers duplicates instead of new answers,
// and a tool's later version of an answer replace the earlier one.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	gojson "github.com/goccy/go-json"
	bolt "go.etcd.io/bbolt"

	"github.com/cxtv/cxtv/feed"
)

var (
	bucketFeedback = []byte("feedback") // timeKey(created_at) + source \x00 id → Feedback JSON
	bucketIDs      = []byte("ids")      // source \x00 id → key in bucketFeedback
	bucketKPIs     = []byte("kpis")     // name \x00 timeKey(at) → KPI JSON
	bucketMeta     = []byte("meta")     // "probe" → timeKey of the last Probe
)

// initialMmap is the address space the file is mapped with from the
// start: bbolt maps it again, once the file outgrows it, only between
// transactions, with every read waiting and every node of the write
// copied out of the old map (a quarter of a 1,000,000-answer import, and
// a write that waits for the longest read under way). It costs no memory
// until pages are read; a 32-bit system keeps bbolt's default.
var initialMmap = func() int {
	if strconv.IntSize == 64 {
		return 1 << 30
	}
	return 0
}()

// feedbackFill is how full bbolt fills a page of answers before it
// starts the next. Answers are keyed by creation time and mostly arrive
// in time order, where bbolt's default of half full leaves every page of
// the bucket half empty: twice the file and twice the pages a walk reads.
const feedbackFill = 0.9

// Store is the feed server's persistent state. It is safe for concurrent use.
type Store struct {
	db     *bolt.DB
	undone int
}

// Open opens (or creates) the bbolt file at path, creating its folder.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, InitialMmapSize: initialMmap})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketFeedback, bucketIDs, bucketKPIs, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db}
	// An import cut short by a crash or a kill is undone before anything
	// reads the store.
	if s.undone, err = s.undoImport(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Undone is how many answers of an interrupted import Open took back out
// of the store (or put back as they were before it).
func (s *Store) Undone() int { return s.undone }

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Probe commits a small write, to tell whether the file can be written
// again after a write failed (a full disk).
func (s *Store) Probe() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("probe"), timeKey(time.Now()))
	})
}

// Added counts what AddFeedback did with a batch.
type Added struct {
	New        int // stored for the first time
	Updated    int // replaced a stored earlier version
	Duplicates int // already stored as they are, or older than the stored version
	// Written are the versions stored, new and updated answers, for the
	// publisher's state.
	Written []feed.Feedback
}

// Stored is how many answers the batch changed: new and updated ones.
func (a Added) Stored() int { return a.New + a.Updated }

// AddFeedback stores items in one transaction. An item whose (source, id)
// is already stored replaces the stored version when its UpdatedAt is later
// and it says something else; otherwise it is a duplicate and changes
// nothing. Of two versions in items, the later one counts. The answers are
// durable when AddFeedback returns.
func (s *Store) AddFeedback(items []feed.Feedback) (Added, error) { return s.add(items, true, nil) }

// add stores items in one transaction. written fills Added.Written; a
// non-nil im records what the transaction replaces, for its rollback, and
// keeps the id index's part of it for its commit.
func (s *Store) add(items []feed.Feedback, written bool, im *Import) (Added, error) {
	type entry struct {
		key, idKey, old []byte // old: the replaced version's key; nil for a new answer
		again           bool   // old is an earlier transaction's of im
		f               *feed.Feedback
	}
	var added Added
	var entries []*entry
	err := s.db.Update(func(tx *bolt.Tx) error {
		fb, ids := tx.Bucket(bucketFeedback), tx.Bucket(bucketIDs)
		fb.FillPercent = feedbackFill
		added = Added{}
		// Pointers, so that sorting them moves 8 bytes, not 200.
		entries = make([]*entry, 0, len(items))
		seen := make(map[string]*entry, len(items)) // by idKey
		for i := range items {
			f := &items[i]
			if err := f.Validate(); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
			idKey := []byte(f.Source + "\x00" + f.ID)
			if e, ok := seen[string(idKey)]; ok {
				if replaces(*f, *e.f) {
					e.f, e.key = f, append(timeKey(f.CreatedAt), idKey...)
				}
				added.Duplicates++
				continue
			}
			e := &entry{key: append(timeKey(f.CreatedAt), idKey...), idKey: idKey, f: f}
			old := im.pendingKey(idKey)
			e.again = old != nil
			if old == nil {
				old = ids.Get(idKey)
			}
			if old != nil {
				stored, err := storedVersion(fb, old)
				if err != nil {
					return err
				}
				if stored != nil && !replaces(*f, *stored) {
					added.Duplicates++
					continue
				}
				e.old = bytes.Clone(old)
			}
			seen[string(idKey)] = e
			entries = append(entries, e)
		}
		for _, e := range entries {
			if im != nil {
				if err := im.record(tx, e.key, e.old); err != nil {
					return err
				}
			}
			switch {
			case e.again:
				added.Duplicates++
			case e.old == nil:
				added.New++
			default:
				added.Updated++
			}
			if e.old != nil {
				if err := fb.Delete(e.old); err != nil {
					return err
				}
			}
		}
		// bbolt splits nodes only at commit, so within one transaction a
		// Put before the end of a node moves every key after it: a large
		// batch in random order is quadratic (13 s for a 100k-row import).
		// In key order every Put appends.
		slices.SortFunc(entries, func(a, b *entry) int { return bytes.Compare(a.key, b.key) })
		for _, e := range entries {
			val, err := json.Marshal(e.f)
			if err != nil {
				return err
			}
			if err := fb.Put(e.key, val); err != nil {
				return err
			}
		}
		slices.SortFunc(entries, func(a, b *entry) int { return bytes.Compare(a.idKey, b.idKey) })
		if written {
			added.Written = make([]feed.Feedback, len(entries))
		}
		for i, e := range entries {
			if im == nil {
				if err := ids.Put(e.idKey, e.key); err != nil {
					return err
				}
			}
			if written {
				added.Written[i] = *e.f
			}
		}
		return nil
	})
	if err != nil {
		return Added{}, fmt.Errorf("store feedback: %w", err)
	}
	if im != nil {
		keys := make([][]byte, len(entries))
		for i, e := range entries {
			keys[i] = e.key
		}
		im.pend(keys)
	}
	return added, nil
}

// storedVersion reads the answer under key; nil when retention deleted it
// and left its id behind.
func storedVersion(fb *bolt.Bucket, key []byte) (*feed.Feedback, error) {
	v := fb.Get(key)
	if v == nil {
		return nil, nil
	}
	var f feed.Feedback
	if err := decodeFeedback(v, &f); err != nil {
		return nil, fmt.Errorf("decode %q: %w", key[8:], err)
	}
	return &f, nil
}

// replaces reports whether f is a later version of stored that says
// something else. A repeated delivery is not, nor is an older version
// arriving late, nor an answer re-sent without an UpdatedAt.
func replaces(f, stored feed.Feedback) bool {
	if !f.UpdatedAt.After(stored.UpdatedAt) {
		return false
	}
	f.UpdatedAt, stored.UpdatedAt = time.Time{}, time.Time{}
	same := f.CreatedAt.Equal(stored.CreatedAt)
	f.CreatedAt, stored.CreatedAt = time.Time{}, time.Time{}
	return !same || f != stored
}

// releaseEvery is how many answers a walk reads between two releases of
// the pages it mapped: about 5 MB of the file.
const releaseEvery = 16384

// ErrStop ends a walk early without an error.
var ErrStop = errors.New("stop")

// Feedback calls fn for every answer created at or after since, newest
// first, until fn returns ErrStop (or another error, which is returned).
// A long walk lets go of the file's pages it read as it goes
// (ReleaseMapped), so that it does not leave the store resident.
func (s *Store) Feedback(since time.Time, fn func(feed.Feedback) error) error {
	min := timeKey(since)
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		defer func() {
			if n >= releaseEvery {
				releaseMap(s.db, tx)
			}
		}()
		c := tx.Bucket(bucketFeedback).Cursor()
		for k, v := c.Last(); k != nil && bytes.Compare(k[:8], min) >= 0; k, v = c.Prev() {
			var f feed.Feedback
			if err := decodeFeedback(v, &f); err != nil {
				return fmt.Errorf("decode %q: %w", k[8:], err)
			}
			if err := fn(f); err != nil {
				return err
			}
			if n++; n%releaseEvery == 0 {
				releaseMap(s.db, tx) // best effort: the pages stay if it fails
			}
		}
		return nil
	})
	if errors.Is(err, ErrStop) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read feedback: %w", err)
	}
	return nil
}

// CountFeedback returns how many answers are stored.
func (s *Store) CountFeedback() (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketFeedback).Stats().KeyN
		return nil
	})
	return n, err
}

// AddKPIs stores KPI values in one transaction; a value for the same name
// and time replaces the earlier one.
func (s *Store) AddKPIs(kpis []feed.KPI) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKPIs)
		for i, k := range kpis {
			if k.Name == "" || k.At.IsZero() {
				return fmt.Errorf("item %d: name and at are required", i)
			}
			val, err := json.Marshal(k)
			if err != nil {
				return err
			}
			if err := b.Put(append([]byte(k.Name+"\x00"), timeKey(k.At)...), val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store kpis: %w", err)
	}
	return nil
}

// KPIs returns every stored KPI value, ordered by name, then time.
func (s *Store) KPIs() ([]feed.KPI, error) {
	var out []feed.KPI
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKPIs).ForEach(func(k, v []byte) error {
			var kpi feed.KPI
			if err := json.Unmarshal(v, &kpi); err != nil {
				return fmt.Errorf("decode kpi %q: %w", k, err)
			}
			out = append(out, kpi)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read kpis: %w", err)
	}
	return out, nil
}

// decodeFeedback reads an answer as stored. The store writes with
// encoding/json and reads with goccy/go-json, which decodes the same
// documents into the same values in a quarter of the time, with fewer
// allocations (BenchmarkDecodeFeedback: 1.1 against 4.0 µs an answer):
// the server's start and every themes count read each stored answer.
func decodeFeedback(v []byte, f *feed.Feedback) error { return gojson.Unmarshal(v, f) }

// timeKey encodes t so that byte order is time order. Times before 1970
// sort as 1970: feedback that old is not meaningful here.
func timeKey(t time.Time) []byte {
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	k := make([]byte, 8, 64)
	binary.BigEndian.PutUint64(k, uint64(n))
	return k
}

// DeleteBefore deletes every answer created before t, in one transaction,
// and returns how many went.
func (s *Store) DeleteBefore(t time.Time) (int, error) {
	limit := timeKey(t)
	var n int
	err := s.db.Update(func(tx *bolt.Tx) error {
		fb, ids := tx.Bucket(bucketFeedback), tx.Bucket(bucketIDs)
		c := fb.Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0; k, _ = c.First() {
			if err := ids.Delete(k[8:]); err != nil {
				return err
			}
			if err := fb.Delete(k); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete old feedback: %w", err)
	}
	return n, nil
}

// Lookup returns the answer stored under (source, id), if there is one.
func (s *Store) Lookup(source, id string) (feed.Feedback, bool, error) {
	var f feed.Feedback
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		key := tx.Bucket(bucketIDs).Get([]byte(source + "\x00" + id))
		if key == nil {
			return nil
		}
		v := tx.Bucket(bucketFeedback).Get(key)
		if v == nil {
			return nil // deleted by retention
		}
		found = true
		return decodeFeedback(v, &f)
	})
	if err != nil {
		return feed.Feedback{}, false, fmt.Errorf("look up %s/%s: %w", source, id, err)
	}
	return f, found, nil
}

// DeleteKPIsBefore deletes every KPI value dated before t, in one
// transaction, and returns how many went.
func (s *Store) DeleteKPIsBefore(t time.Time) (int, error) {
	var n int
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKPIs)
		var old [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var kpi feed.KPI
			if err := json.Unmarshal(v, &kpi); err != nil {
				return fmt.Errorf("decode kpi %q: %w", k, err)
			}
			if kpi.At.Before(t) {
				old = append(old, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete old kpis: %w", err)
	}
	return n, nil
}
