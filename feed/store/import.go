package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/cxtv/cxtv/feed"
)

var (
	bucketUndo = []byte("import-undo") // sequence → what an import under way replaced (undoRecord)
	keyImport  = []byte("import")      // in bucketMeta: timeKey of the start of an import under way
)

// undoChunk bounds the records one transaction of a rollback undoes.
const undoChunk = 10_000

// An Import stores a large export in several transactions that count as
// one: until Commit, Rollback undoes every answer it stored or replaced,
// and so does the next Open after a crash. One transaction for a whole
// export would hold all of it in memory at once (1.6 GB for a
// 1,000,000-row file). Only the offline import uses it, while no server
// holds the file.
type Import struct {
	s    *Store
	seed maphash.Seed
	// touched holds a hash of every (source, id) this import stored, to
	// count a second version in a later transaction as a duplicate within
	// the file, as one transaction would. A collision miscounts; the undo
	// records do not depend on it.
	touched map[uint64]struct{}
	added   Added
	done    bool
}

// ErrImportUnderWay is BeginImport's error while another Import of this
// store has neither committed nor rolled back.
var ErrImportUnderWay = errors.New("another import into this store is under way")

// BeginImport starts an Import.
func (s *Store) BeginImport() (*Import, error) {
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta.Get(keyImport) != nil {
			return ErrImportUnderWay
		}
		if _, err := tx.CreateBucketIfNotExists(bucketUndo); err != nil {
			return err
		}
		return meta.Put(keyImport, timeKey(time.Now()))
	})
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	return &Import{s: s, seed: maphash.MakeSeed(), touched: map[uint64]struct{}{}}, nil
}

// Add stores items in one transaction, as AddFeedback does, and records
// what they replace so that Rollback can put it back. It returns what
// this call did; Added returns the sums so far.
func (im *Import) Add(items []feed.Feedback) (Added, error) {
	if im.done {
		return Added{}, errors.New("store feedback: the import has ended")
	}
	a, err := im.s.add(items, false, im)
	if err != nil {
		return Added{}, err
	}
	// What the transaction read of the file stays out of the RSS.
	im.s.ReleaseMapped() // best effort: the pages stay if it fails
	im.added.New += a.New
	im.added.Updated += a.Updated
	im.added.Duplicates += a.Duplicates
	return a, nil
}

// Added is what the import stored so far.
func (im *Import) Added() Added { return im.added }

// Commit keeps what the import stored.
func (im *Import) Commit() error {
	if im.done {
		return errors.New("commit import: the import has ended")
	}
	err := im.s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketUndo); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Delete(keyImport)
	})
	if err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	im.done = true
	return nil
}

// Rollback undoes everything the import stored and puts back what it
// replaced. It is safe to call after Commit (it does nothing then) and
// resumes where it stopped if it fails.
func (im *Import) Rollback() error {
	if im.done {
		return nil
	}
	if _, err := im.s.undoImport(); err != nil {
		return err
	}
	im.done = true
	return nil
}

// record notes, in tx, the state of idKey before this import's
// transaction replaces it: the key it had in bucketFeedback (nil for an
// answer the store did not have) and that key's value (nil if retention
// deleted it). It reports whether an earlier transaction of the import
// already stored idKey.
func (im *Import) record(tx *bolt.Tx, idKey, oldKey []byte) (again bool, err error) {
	h := maphash.Bytes(im.seed, idKey)
	_, again = im.touched[h]
	im.touched[h] = struct{}{}
	undo := tx.Bucket(bucketUndo)
	undo.FillPercent = 1 // keyed by sequence: every Put appends
	seq, err := undo.NextSequence()
	if err != nil {
		return again, err
	}
	var oldVal []byte
	if oldKey != nil {
		oldVal = tx.Bucket(bucketFeedback).Get(oldKey)
	}
	rec := make([]byte, 0, 2*binary.MaxVarintLen16+len(idKey)+len(oldKey)+len(oldVal))
	rec = binary.AppendUvarint(rec, uint64(len(idKey)))
	rec = append(rec, idKey...)
	rec = binary.AppendUvarint(rec, uint64(len(oldKey)))
	rec = append(rec, oldKey...)
	rec = append(rec, oldVal...)
	return again, undo.Put(binary.BigEndian.AppendUint64(nil, seq), rec)
}

// undoImport rolls back an import under way, newest record first, a
// chunk per transaction, and returns how many records it undid. An
// (source, id) stored twice by the import has two records; undoing them
// in reverse leaves the version from before the import.
func (s *Store) undoImport() (int, error) {
	var pending bool
	err := s.db.View(func(tx *bolt.Tx) error {
		pending = tx.Bucket(bucketMeta).Get(keyImport) != nil || tx.Bucket(bucketUndo) != nil
		return nil
	})
	if err != nil || !pending {
		return 0, err
	}
	n := 0
	for {
		more := false
		err := s.db.Update(func(tx *bolt.Tx) error {
			meta, undo := tx.Bucket(bucketMeta), tx.Bucket(bucketUndo)
			if undo == nil {
				return meta.Delete(keyImport)
			}
			fb, ids := tx.Bucket(bucketFeedback), tx.Bucket(bucketIDs)
			// Read a chunk first, then undo it: a cursor would walk every
			// leaf the deletions emptied, as bbolt drops them only at commit.
			var keys, recs [][]byte
			c := undo.Cursor()
			for k, v := c.Last(); k != nil; k, v = c.Prev() {
				if len(keys) == undoChunk {
					more = true
					break
				}
				keys, recs = append(keys, bytes.Clone(k)), append(recs, bytes.Clone(v))
			}
			for i, rec := range recs {
				idKey, oldKey, oldVal, err := decodeUndo(rec)
				if err != nil {
					return fmt.Errorf("undo record %x: %w", keys[i], err)
				}
				if cur := ids.Get(idKey); cur != nil {
					if err := fb.Delete(bytes.Clone(cur)); err != nil {
						return err
					}
				}
				if len(oldKey) == 0 {
					err = ids.Delete(idKey)
				} else {
					err = ids.Put(idKey, oldKey)
				}
				if err == nil && len(oldVal) > 0 {
					err = fb.Put(oldKey, oldVal)
				}
				if err == nil {
					err = undo.Delete(keys[i])
				}
				if err != nil {
					return err
				}
			}
			i := len(recs)
			n += i
			if more {
				return nil
			}
			if err := tx.DeleteBucket(bucketUndo); err != nil {
				return err
			}
			return meta.Delete(keyImport)
		})
		if err != nil {
			return n, fmt.Errorf("undo import: %w", err)
		}
		if !more {
			return n, nil
		}
	}
}

// decodeUndo splits a record of Import.record.
func decodeUndo(rec []byte) (idKey, oldKey, oldVal []byte, err error) {
	field := func() ([]byte, bool) {
		l, n := binary.Uvarint(rec)
		if n <= 0 || uint64(len(rec)-n) < l {
			return nil, false
		}
		f := rec[n : n+int(l)]
		rec = rec[n+int(l):]
		return f, true
	}
	idKey, ok1 := field()
	oldKey, ok2 := field()
	if !ok1 || !ok2 || len(idKey) == 0 {
		return nil, nil, nil, errors.New("damaged")
	}
	return idKey, oldKey, rec, nil
}
