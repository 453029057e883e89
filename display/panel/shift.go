package panel

import "math"

// Pixel shift against burn-in: the whole picture moves, every few
// minutes, to the next point of a 5×5 grid around the centre, within
// ±ShiftPixels1080 pixels on a 1080-pixel screen and proportionally on
// others. The path sweeps the grid row by row, left to right and back
// (boustrophedon), and then retraces itself, so every step moves one grid
// point, a pixel or two: nobody sees the picture move, but the header's
// edges and the logo do not stay on the same pixels all day.
const (
	// ShiftPixels1080 is the largest offset on a screen whose shorter side
	// is 1080 pixels.
	ShiftPixels1080 = 4
	gridSide        = 5
	gridPoints      = gridSide * gridSide
	// ShiftCycle is the number of steps after which the offsets repeat:
	// there and back along the path.
	ShiftCycle = 2 * (gridPoints - 1)
	// centreIndex is the centre's place on the path (the middle row runs
	// left to right).
	centreIndex = gridPoints / 2
)

// ShiftAmplitude is the largest offset for a screen whose shorter side is
// short physical pixels: 4 at 1080, 8 at 2160, at least 1.
func ShiftAmplitude(short int) int {
	return max(1, int(math.Round(float64(ShiftPixels1080*short)/1080)))
}

// Shift returns the picture's offset in physical pixels at the given step
// of the cycle, for a screen whose shorter side is short pixels. Step 0 is
// the centre; steps may be any integer.
func Shift(step, short int) (dx, dy int) {
	i := (centreIndex + step) % ShiftCycle
	if i < 0 {
		i += ShiftCycle
	}
	if i >= gridPoints {
		i = ShiftCycle - i // on the way back
	}
	row, col := i/gridSide, i%gridSide
	if row%2 == 1 {
		col = gridSide - 1 - col
	}
	amp := float64(ShiftAmplitude(short))
	at := func(k int) int { // grid position 0…4 → −amp…+amp
		return int(math.Round(amp * float64(k-gridSide/2) / float64(gridSide/2)))
	}
	return at(col), at(row)
}
