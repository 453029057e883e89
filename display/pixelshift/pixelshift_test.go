package pixelshift_test

import (
	"fmt"
	"testing"

	"github.com/cxtv/cxtv/display/pixelshift"
)

func abs(n int) int { return max(n, -n) }

func TestOffsetSequence(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ short, amp, step int }{
		{1080, 4, 2}, // grid points 2 px apart
		{2160, 8, 4},
		{720, 3, 2},
		{240, 1, 1},
	} {
		t.Run(fmt.Sprint(tt.short), func(t *testing.T) {
			if got := pixelshift.Amplitude(tt.short); got != tt.amp {
				t.Errorf("Amplitude(%d) = %d, want %d", tt.short, got, tt.amp)
			}
			if dx, dy := pixelshift.Offset(0, tt.short); dx != 0 || dy != 0 {
				t.Errorf("Offset(0, %d) = %d, %d; want the centre", tt.short, dx, dy)
			}
			seen := map[[2]int]int{}
			px, py := pixelshift.Offset(-1, tt.short)
			for step := range pixelshift.Cycle {
				dx, dy := pixelshift.Offset(step, tt.short)
				seen[[2]int{dx, dy}]++
				if abs(dx) > tt.amp || abs(dy) > tt.amp {
					t.Errorf("Offset(%d, %d) = %d, %d; outside ±%d", step, tt.short, dx, dy, tt.amp)
				}
				// One grid point a step: one axis, at most one grid distance.
				if d := abs(dx-px) + abs(dy-py); d == 0 && tt.amp >= 2 || abs(dx-px) > tt.step || abs(dy-py) > tt.step || dx != px && dy != py {
					t.Errorf("Offset(%d, %d) = %d, %d after %d, %d: not one grid step", step, tt.short, dx, dy, px, py)
				}
				px, py = dx, dy
				if x, y := pixelshift.Offset(step+pixelshift.Cycle, tt.short); x != dx || y != dy {
					t.Errorf("Offset(%d) = %d, %d but Offset(%d) = %d, %d: not periodic", step, dx, dy, step+pixelshift.Cycle, x, y)
				}
			}
			if tt.amp >= 2 && len(seen) != 25 {
				t.Errorf("%d px: a cycle visits %d offsets, want all 25 of the grid", tt.short, len(seen))
			}
		})
	}
}

// The first steps from the centre at 1080p, as the screen takes them.
func TestOffsetFromCentre(t *testing.T) {
	t.Parallel()
	want := [][2]int{{0, 0}, {2, 0}, {4, 0}, {4, 2}, {2, 2}, {0, 2}, {-2, 2}, {-4, 2}, {-4, 4}}
	for step, w := range want {
		if dx, dy := pixelshift.Offset(step, 1080); dx != w[0] || dy != w[1] {
			t.Errorf("Offset(%d, 1080) = %d, %d; want %d, %d", step, dx, dy, w[0], w[1])
		}
	}
	// At the end of the path it turns back: no jump across the screen.
	if dx, dy := pixelshift.Offset(12, 1080); dx != 4 || dy != 4 {
		t.Errorf("Offset(12, 1080) = %d, %d; want the last corner 4, 4", dx, dy)
	}
	if dx, dy := pixelshift.Offset(13, 1080); dx != 2 || dy != 4 {
		t.Errorf("Offset(13, 1080) = %d, %d; want 2, 4 on the way back", dx, dy)
	}
}
