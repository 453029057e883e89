package web

import (
	"container/list"
	"sync"
)

// lru holds encoded pictures up to a number of bytes, dropping the least
// recently used first. Its mutex owns the list and the index.
type lru struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // front: most recently used; values are *entry
	index map[string]*list.Element
}

type entry struct {
	key  string
	data []byte
}

func newLRU(maxBytes int64) *lru {
	return &lru{max: maxBytes, order: list.New(), index: make(map[string]*list.Element)}
}

func (c *lru) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*entry).data, true
}

// put stores data under key; data larger than the whole bound is not kept.
func (c *lru) put(key string, data []byte) {
	n := int64(len(data))
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.index[key]; ok {
		c.size -= int64(len(e.Value.(*entry).data))
		c.order.Remove(e)
	}
	c.index[key] = c.order.PushFront(&entry{key, data})
	c.size += n
	for c.size > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		ent := old.Value.(*entry)
		delete(c.index, ent.key)
		c.size -= int64(len(ent.data))
	}
}

// stats returns the bytes and pictures held.
func (c *lru) stats() (bytes int64, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, c.order.Len()
}
