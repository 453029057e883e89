package scene

import (
	"math"
	"strconv"
	"strings"
)

// minus is the typographic minus sign: a hyphen is too short to be read
// as negative from across a room.
const minus = "\u2212"

// Number formats v with exactly decimals places in the language's format:
// "1.234,5" or "1,234.5". Negative numbers carry a true minus sign.
func (l Lang) Number(v float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	neg := v < 0 && strings.Trim(s, "0.") != ""
	intPart, frac, _ := strings.Cut(s, ".")
	thousands, point := ".", ","
	if l == English {
		thousands, point = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteString(minus)
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Decimals is how many places a measured value is shown with: none for
// whole numbers and large values, at most one from 10 on, at most two
// below, without trailing zeros. "2,4 min", "94,1 %", "17", "0,85".
func Decimals(v float64) int {
	a := math.Abs(v)
	most := 2
	switch {
	case a >= 1000:
		return 0
	case a >= 10:
		most = 1
	}
	for d := 0; d < most; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(math.Round(a*p)-a*p) < 1e-6*p {
			return d
		}
	}
	return most
}

// Value formats a measured value with its unit: "4,2 min" and "78 %" in
// German, "4.2 min" and "78%" in English.
func (l Lang) Value(v float64, unit string, decimals int) string {
	return l.WithUnit(l.Number(v, decimals), unit)
}

// WithUnit joins a formatted number and its unit with a no-break space, or
// none for a percent sign in English.
func (l Lang) WithUnit(num, unit string) string {
	unit = strings.TrimSpace(unit)
	switch {
	case unit == "":
		return num
	case unit == "%" && l == English:
		return num + unit
	}
	return num + "\u00a0" + unit
}

// Signed formats a change with its sign: "+7", "−2,4", "±0".
func (l Lang) Signed(v float64, decimals int) string {
	s := l.Number(v, decimals)
	switch {
	case strings.HasPrefix(s, minus):
		return s
	case strings.Trim(s, "0.,") == "":
		return "±" + s
	}
	return "+" + s
}

// Score formats an NPS: a whole number, negative with a minus sign.
func (l Lang) Score(v float64) string { return l.Number(math.Round(v), 0) }

// Percent formats a share of 0…1 as a whole percentage: "58 %" or "58%".
func (l Lang) Percent(share float64) string {
	return l.WithUnit(l.Number(math.Round(share*100), 0), "%")
}
