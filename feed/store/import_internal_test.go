package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/cxtv/cxtv/feed"
)

var at = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func item(id string, score int) feed.Feedback {
	return feed.Feedback{ID: id, Source: "survey", Scale: feed.ScaleNPS, Score: score, Comment: "gut " + id, CreatedAt: at.Add(-time.Duration(len(id)) * time.Minute)}
}

// dump is every key and value of the feedback and id buckets.
func dump(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketFeedback, bucketIDs} {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				out[string(name)+"/"+string(k)] = string(v)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// reopen closes s and opens its file again, which must undo an import of
// undone answers and leave the store as before.
func reopen(t *testing.T, s *Store, undone int, before map[string]string) {
	t.Helper()
	path := s.db.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path)
	defer s.Close()
	if s.Undone() != undone {
		t.Errorf("Undone = %d, want %d", s.Undone(), undone)
	}
	if after := dump(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("after the recovery the store holds\n%q\nwant as before\n%q", after, before)
	}
}

// A Commit cut off after part of the id index went in is undone by the
// next Open: the index as well as the answers are as before the import.
func TestCommitCutOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.db")
	s := open(t, path)
	keep, gone := item("keep", 5), item("gone", 6)
	if _, err := s.AddFeedback([]feed.Feedback{keep, gone}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	im, err := s.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	changed := keep
	changed.Score, changed.UpdatedAt, changed.CreatedAt = 9, at, at.Add(-time.Hour)
	for c := range 3 {
		items := []feed.Feedback{item(fmt.Sprintf("n%d", c), c), item(fmt.Sprintf("m%d", c), c)}
		if c == 1 {
			items = append(items, changed)
		}
		if _, err := im.Add(items); err != nil {
			t.Fatal(err)
		}
	}
	// What Commit's first transactions would have written: half the index.
	written := 0
	err = s.db.Update(func(tx *bolt.Tx) error {
		return im.pending.merge(func(idKey, key []byte) error {
			if written++; written > 4 {
				return nil
			}
			return tx.Bucket(bucketIDs).Put(idKey, key)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if written != 7 {
		t.Fatalf("the merge gave %d ids, want the 7 the import stored", written)
	}
	reopen(t, s, 7, before) // no Commit
}

// The undo records of an import by an earlier version, which wrote the id
// index as it went and noted no new key, are still undone.
func TestUndoOlderRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.db")
	s := open(t, path)
	keep := item("keep", 5)
	if _, err := s.AddFeedback([]feed.Feedback{keep}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	keepKey := append(timeKey(keep.CreatedAt), "survey\x00keep"...)
	var keepVal []byte
	s.db.View(func(tx *bolt.Tx) error {
		keepVal = bytes.Clone(tx.Bucket(bucketFeedback).Get(keepKey))
		return nil
	})
	changed := keep
	changed.Score, changed.UpdatedAt, changed.CreatedAt = 9, at, at.Add(-time.Hour)
	// What the earlier version left of an import cut off: the answers and
	// their ids stored, a record of each.
	if _, err := s.AddFeedback([]feed.Feedback{item("new", 1), changed}); err != nil {
		t.Fatal(err)
	}
	older := func(idKey, oldKey, oldVal []byte) []byte {
		rec := binary.AppendUvarint(nil, uint64(len(idKey)))
		rec = append(rec, idKey...)
		rec = binary.AppendUvarint(rec, uint64(len(oldKey)))
		rec = append(rec, oldKey...)
		return append(rec, oldVal...)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		undo, err := tx.CreateBucket(bucketUndo)
		if err != nil {
			return err
		}
		recs := [][]byte{older([]byte("survey\x00new"), nil, nil), older([]byte("survey\x00keep"), keepKey, keepVal)}
		for i, rec := range recs {
			if err := undo.Put(binary.BigEndian.AppendUint64(nil, uint64(i+1)), rec); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyImport, timeKey(at))
	})
	if err != nil {
		t.Fatal(err)
	}
	reopen(t, s, 2, before)
}

// A damaged record names itself instead of undoing something else.
func TestDecodeUndoDamaged(t *testing.T) {
	good := encodeUndo([]byte("12345678s\x00a"), nil, nil)
	if u, err := decodeUndo(good); err != nil || string(u.newKey) != "12345678s\x00a" || string(u.idKey) != "s\x00a" || len(u.oldKey) != 0 {
		t.Fatalf("decodeUndo(encodeUndo(…)) = %+v, %v", u, err)
	}
	for _, rec := range [][]byte{nil, {undoVersion}, good[:len(good)-3], {undoVersion, 3, 's'}, encodeUndo([]byte("12345678"), nil, nil), {0x80}} {
		if _, err := decodeUndo(rec); err == nil {
			t.Errorf("decodeUndo(%q) = nil error", rec)
		}
	}
}
