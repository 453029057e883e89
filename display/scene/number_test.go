package scene_test

import (
	"testing"

	"github.com/cxtv/cxtv/display/scene"
)

func TestNumberFormats(t *testing.T) {
	de, en := scene.German, scene.English
	tests := []struct{ got, want string }{
		{de.Value(4.2, "min", 1), "4,2\u00a0min"},
		{en.Value(4.2, "min", 1), "4.2\u00a0min"},
		{de.Value(78, "%", 0), "78\u00a0%"},
		{en.Value(78, "%", 0), "78%"},
		{de.Value(94.1, "%", 1), "94,1\u00a0%"},
		{de.Value(17, "", 0), "17"},
		{de.Number(1234567.5, 1), "1.234.567,5"},
		{en.Number(1234567.5, 1), "1,234,567.5"},
		{de.Number(-12.5, 1), "\u221212,5"},
		{de.Number(-0.04, 1), "0,0"},
		{de.Signed(7, 0), "+7"},
		{de.Signed(-0.7, 1), "\u22120,7"},
		{en.Signed(0, 1), "±0.0"},
		{de.Score(38.14), "38"},
		{de.Score(-12.6), "\u221213"},
		{de.Percent(0.58), "58\u00a0%"},
		{en.Percent(0.58), "58%"},
		{de.Answers(312), "312 Antworten"},
		{de.Answers(1), "1 Antwort"},
		{en.Answers(1204), "1,204 answers"},
		{de.NotEnough(), "noch zu wenige Antworten"},
		{en.NotEnough(), "not enough answers yet"},
		{de.Target("40", 2, "2", true), "Ziel 40 · noch 2 Punkte"},
		{en.Target("40", 1, "1", true), "Target 40 · 1 point to go"},
		{de.Target("4,5", 0, "0", false), "Ziel 4,5 erreicht"},
		{de.Versus(30), "zum Vormonat"},
		{en.Versus(7), "vs last week"},
		{de.Versus(90), "zum Vorzeitraum"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestDecimals(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want int
	}{{17, 0}, {2.4, 1}, {94.1, 1}, {94.15, 1}, {0.85, 2}, {0.5, 1}, {1234.5, 0}, {3, 0}, {-2.25, 2}} {
		if got := scene.Decimals(tt.v); got != tt.want {
			t.Errorf("Decimals(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}
