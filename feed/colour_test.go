package feed_test

import (
	"image/color"
	"math"
	"testing"

	"github.com/cxtv/cxtv/feed"
)

func TestContrast(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#000000", 21},
		{"#777777", "#777777", 1},
		{"#777777", "#ffffff", 4.48}, // the classic grey that just fails AA
		{"#767676", "#ffffff", 4.54}, // and the one that just passes
		{"#777777", "#888888", 1.26},
	}
	for _, tt := range tests {
		a, okA := feed.ParseColor(tt.a)
		b, okB := feed.ParseColor(tt.b)
		if !okA || !okB {
			t.Fatalf("ParseColor(%q, %q) failed", tt.a, tt.b)
		}
		if got := feed.Contrast(a, b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in   string
		want color.RGBA
		ok   bool
	}{
		{"#14213d", color.RGBA{0x14, 0x21, 0x3d, 0xff}, true},
		{" 14213D ", color.RGBA{0x14, 0x21, 0x3d, 0xff}, true},
		{"#fff", color.RGBA{}, false},
		{"#gggggg", color.RGBA{}, false},
		{"navy", color.RGBA{}, false},
	}
	for _, tt := range tests {
		if got, ok := feed.ParseColor(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseColor(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
