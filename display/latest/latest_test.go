package latest_test

import (
	"testing"

	"github.com/cxtv/cxtv/display/latest"
)

func TestOfferKeepsTheNewest(t *testing.T) {
	ch := make(chan int, 1)
	for i := 1; i <= 3; i++ {
		latest.Offer(ch, i)
	}
	if got := <-ch; got != 3 {
		t.Errorf("read %d, want the newest value 3", got)
	}
	select {
	case v := <-ch:
		t.Errorf("read a second value %d, want the slot empty", v)
	default:
	}
}
