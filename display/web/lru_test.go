package web

import (
	"fmt"
	"testing"
)

func TestLRUBound(t *testing.T) {
	c := newLRU(1000)
	for i := range 10 {
		c.put(fmt.Sprint(i), make([]byte, 300))
		if _, ok := c.get("0"); !ok && i < 5 {
			t.Fatalf("after put %d: the most used entry 0 is gone", i)
		}
		if size, _ := c.stats(); size > 1000 {
			t.Fatalf("after put %d: %d bytes held, want at most 1000", i, size)
		}
	}
	if size, n := c.stats(); n != 3 || size != 900 {
		t.Errorf("held %d entries, %d bytes; want 3 entries, 900 bytes", n, size)
	}
	for _, k := range []string{"0", "8", "9"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("entry %s is gone; want the recently used kept", k)
		}
	}
	c.put("big", make([]byte, 1001))
	if _, ok := c.get("big"); ok {
		t.Error("an entry over the bound was kept")
	}
	c.put("9", make([]byte, 100)) // replaced, not counted twice
	if size, n := c.stats(); n != 3 || size != 700 {
		t.Errorf("after replacing 9: %d entries, %d bytes; want 3, 700", n, size)
	}
}
