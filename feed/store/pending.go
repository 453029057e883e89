package store

import (
	"bytes"
	"container/heap"
	"sort"
)

// pendingIDs is the part of the id index an Import writes at its commit:
// each transaction's (idKey → key) as a run sorted by idKey. Written by
// each transaction, an export whose ids come in random order rewrote most
// pages of the index every time, and bbolt held each of those pages as a
// node until the commit (260 MB of heap for 1,000,000 answers); merged at
// the end, the index is written in order, a page at a time.
type pendingIDs struct {
	runs []idRun
}

// An idRun holds keys of bucketFeedback (timeKey + idKey) back to back,
// sorted by their idKey: 4 bytes a key besides the key itself.
type idRun struct {
	keys []byte
	ends []uint32
}

func (r *idRun) len() int { return len(r.ends) }

func (r *idRun) key(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.keys[start:r.ends[i]]
}

// add keeps keys, sorted by their idKey, as the newest run.
func (p *pendingIDs) add(keys [][]byte) {
	if len(keys) == 0 {
		return
	}
	size := 0
	for _, k := range keys {
		size += len(k)
	}
	r := idRun{keys: make([]byte, 0, size), ends: make([]uint32, len(keys))}
	for i, k := range keys {
		r.keys = append(r.keys, k...)
		r.ends[i] = uint32(len(r.keys))
	}
	p.runs = append(p.runs, r)
}

// find returns the newest key held for idKey, or nil.
func (p *pendingIDs) find(idKey []byte) []byte {
	for i := len(p.runs) - 1; i >= 0; i-- {
		r := &p.runs[i]
		j := sort.Search(r.len(), func(j int) bool { return bytes.Compare(r.key(j)[8:], idKey) >= 0 })
		if j < r.len() {
			if k := r.key(j); bytes.Equal(k[8:], idKey) {
				return k
			}
		}
	}
	return nil
}

// merge calls fn with every idKey's newest key, in idKey order, until fn
// returns an error.
func (p *pendingIDs) merge(fn func(idKey, key []byte) error) error {
	h := make(runHeap, 0, len(p.runs))
	for i := range p.runs {
		h = append(h, runCursor{run: &p.runs[i], age: len(p.runs) - i})
	}
	heap.Init(&h)
	var last []byte
	for len(h) > 0 {
		c := &h[0]
		k := c.run.key(c.i)
		// Of equal idKeys the newest run's comes first; the rest are
		// versions it replaced.
		if last == nil || !bytes.Equal(k[8:], last) {
			if err := fn(k[8:], k); err != nil {
				return err
			}
			last = k[8:]
		}
		if c.i++; c.i == c.run.len() {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
	return nil
}

// A runCursor is merge's place in a run; age 1 is the newest run.
type runCursor struct {
	run *idRun
	i   int
	age int
}

type runHeap []runCursor

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(a, b int) bool {
	if c := bytes.Compare(h[a].run.key(h[a].i)[8:], h[b].run.key(h[b].i)[8:]); c != 0 {
		return c < 0
	}
	return h[a].age < h[b].age
}
func (h runHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(runCursor)) }
func (h *runHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
