// Package pixelshift moves the whole picture a pixel or two now and then,
// so that the header's edges and the logo do not burn into the panel.
// It has no Ebiten: display/screen asks it for the offset of each step.
package pixelshift

import "math"

// The whole picture moves, every few minutes, to the next point of a 5×5
// grid around the centre, within ±Pixels1080 pixels on a 1080-pixel
// screen and proportionally on others. The path sweeps the grid row by
// row, left to right and back (boustrophedon), and then retraces itself,
// so every step moves one grid point, a pixel or two: nobody sees the
// picture move, but the header's edges and the logo do not stay on the
// same pixels all day.
const (
	// Pixels1080 is the largest offset on a screen whose shorter side
	// is 1080 pixels.
	Pixels1080 = 4
	gridSide   = 5
	gridPoints = gridSide * gridSide
	// Cycle is the number of steps after which the offsets repeat:
	// there and back along the path.
	Cycle = 2 * (gridPoints - 1)
	// centreIndex is the centre's place on the path (the middle row runs
	// left to right).
	centreIndex = gridPoints / 2
)

// Amplitude is the largest offset for a screen whose shorter side is
// short physical pixels: 4 at 1080, 8 at 2160, at least 1.
func Amplitude(short int) int {
	return max(1, int(math.Round(float64(Pixels1080*short)/1080)))
}

// Offset returns the picture's offset in physical pixels at the given step
// of the cycle, for a screen whose shorter side is short pixels. Step 0 is
// the centre; steps may be any integer.
func Offset(step, short int) (dx, dy int) {
	i := (centreIndex + step) % Cycle
	if i < 0 {
		i += Cycle
	}
	if i >= gridPoints {
		i = Cycle - i // on the way back
	}
	row, col := i/gridSide, i%gridSide
	if row%2 == 1 {
		col = gridSide - 1 - col
	}
	amp := float64(Amplitude(short))
	at := func(k int) int { // grid position 0…4 → −amp…+amp
		return int(math.Round(amp * float64(k-gridSide/2) / float64(gridSide/2)))
	}
	return at(col), at(row)
}
