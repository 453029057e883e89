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
// holds the file: until Commit writes the id index, Lookup does not find
// what the import stored.
type Import struct {
	s *Store
	// pending is the id index of what the import stored, written at
	// Commit; touched holds a hash of each of its idKeys, so that most
	// lookups of an id the import has not stored skip its runs.
	pending pendingIDs
	seed    maphash.Seed
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

// commitChunk bounds the ids one transaction of Commit writes.
var commitChunk = 100_000

// Commit writes the id index of what the import stored and keeps it all.
// Until its last transaction, a crash leaves the import to be undone.
func (im *Import) Commit() error {
	if im.done {
		return errors.New("commit import: the import has ended")
	}
	// The ids go in order: into an empty index every Put appends, so its
	// pages can be filled as the answers' are.
	type pair struct{ idKey, key []byte }
	chunk := make([]pair, 0, min(commitChunk, im.pendingLen()))
	write := func(last bool) error {
		err := im.s.db.Update(func(tx *bolt.Tx) error {
			ids := tx.Bucket(bucketIDs)
			ids.FillPercent = feedbackFill
			for _, p := range chunk {
				if err := ids.Put(p.idKey, p.key); err != nil {
					return err
				}
			}
			if !last {
				return nil
			}
			if err := tx.DeleteBucket(bucketUndo); err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Delete(keyImport)
		})
		chunk = chunk[:0]
		return err
	}
	err := im.pending.merge(func(idKey, key []byte) error {
		if chunk = append(chunk, pair{idKey, key}); len(chunk) < commitChunk {
			return nil
		}
		return write(false)
	})
	if err == nil {
		err = write(true)
	}
	if err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	im.done, im.pending, im.touched = true, pendingIDs{}, nil
	// Dropping the undo records read all their pages.
	im.s.ReleaseMapped() // best effort
	return nil
}

// pendingKey returns the key under which an earlier transaction of im
// stored idKey; nil if none did, or if im is nil.
func (im *Import) pendingKey(idKey []byte) []byte {
	if im == nil {
		return nil
	}
	if _, ok := im.touched[maphash.Bytes(im.seed, idKey)]; !ok {
		return nil
	}
	return im.pending.find(idKey)
}

// pend keeps the keys a transaction stored, sorted by their idKey, for
// Commit.
func (im *Import) pend(keys [][]byte) {
	for _, k := range keys {
		im.touched[maphash.Bytes(im.seed, k[8:])] = struct{}{}
	}
	im.pending.add(keys)
}

func (im *Import) pendingLen() int {
	n := 0
	for i := range im.pending.runs {
		n += im.pending.runs[i].len()
	}
	return n
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

// record notes, in tx, the state of an answer before this import's
// transaction stores it under newKey: the key it had in bucketFeedback
// (nil for an answer the store did not have) and that key's value (nil if
// retention deleted it).
func (im *Import) record(tx *bolt.Tx, newKey, oldKey []byte) error {
	undo := tx.Bucket(bucketUndo)
	undo.FillPercent = 1 // keyed by sequence: every Put appends
	seq, err := undo.NextSequence()
	if err != nil {
		return err
	}
	var oldVal []byte
	if oldKey != nil {
		oldVal = tx.Bucket(bucketFeedback).Get(oldKey)
	}
	return undo.Put(binary.BigEndian.AppendUint64(nil, seq), encodeUndo(newKey, oldKey, oldVal))
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
				u, err := decodeUndo(rec)
				if err != nil {
					return fmt.Errorf("undo record %x: %w", keys[i], err)
				}
				idKey, oldKey, oldVal := u.idKey, u.oldKey, u.oldVal
				cur := u.newKey
				if cur == nil { // a record of a version that wrote ids as it went
					cur = bytes.Clone(ids.Get(idKey))
				}
				if cur != nil {
					if err := fb.Delete(cur); err != nil {
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

// An undoRecord is what Import.record notes of an answer it stores.
type undoRecord struct {
	idKey, oldKey, oldVal []byte
	newKey                []byte // nil in a record of an older version
}

// undoVersion starts a record that has newKey. An older record starts
// with the length of its idKey, never 0.
const undoVersion = 0

// encodeUndo is a record: undoVersion, then newKey and oldKey, each after
// its length (a uvarint), then oldVal. idKey is newKey's end.
func encodeUndo(newKey, oldKey, oldVal []byte) []byte {
	rec := make([]byte, 0, 1+2*binary.MaxVarintLen16+len(newKey)+len(oldKey)+len(oldVal))
	rec = append(rec, undoVersion)
	for _, f := range [][]byte{newKey, oldKey} {
		rec = binary.AppendUvarint(rec, uint64(len(f)))
		rec = append(rec, f...)
	}
	return append(rec, oldVal...)
}

// decodeUndo splits a record of Import.record, or of an older version's,
// which had no newKey.
func decodeUndo(rec []byte) (undoRecord, error) {
	field := func() ([]byte, bool) {
		l, n := binary.Uvarint(rec)
		if n <= 0 || uint64(len(rec)-n) < l {
			return nil, false
		}
		f := rec[n : n+int(l)]
		rec = rec[n+int(l):]
		return f, true
	}
	var u undoRecord
	var idOK, oldOK bool
	if len(rec) > 0 && rec[0] == undoVersion {
		rec = rec[1:]
		u.newKey, idOK = field()
		if idOK = idOK && len(u.newKey) > 8; idOK {
			u.idKey = u.newKey[8:]
		}
	} else {
		u.idKey, idOK = field()
	}
	u.oldKey, oldOK = field()
	if !idOK || !oldOK || len(u.idKey) == 0 {
		return undoRecord{}, errors.New("damaged")
	}
	u.oldVal = rec
	return u, nil
}
