package source_test

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

func TestNewCSVReader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     [][]string
	}{
		{"plain", "a,b\n1,2\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"a UTF-8 byte order mark is skipped", "\xef\xbb\xbfa,b\n", [][]string{{"a", "b"}}},
		{"rows of other widths are the caller's to check", "a,b,c\n1\n", [][]string{{"a", "b", "c"}, {"1"}}},
		{"empty", "", nil},
		{"shorter than a byte order mark", "a", [][]string{{"a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cr, err := source.NewCSVReader(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("NewCSVReader(%q) = %v", tt.in, err)
			}
			var got [][]string
			for {
				rec, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("Read after NewCSVReader(%q) = %v", tt.in, err)
				}
				got = append(got, append([]string(nil), rec...))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NewCSVReader(%q) reads %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNewCSVReaderErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"\xff\xfea\x00", "\xfe\xff\x00a"} {
		if _, err := source.NewCSVReader(strings.NewReader(in)); !errors.Is(err, source.ErrUTF16) {
			t.Errorf("NewCSVReader(%q) = %v, want ErrUTF16", in, err)
		}
	}
	broken := errors.New("connection reset")
	if _, err := source.NewCSVReader(iotest.ErrReader(broken)); !errors.Is(err, broken) {
		t.Errorf("NewCSVReader(a failing reader) = %v, want its error", err)
	}
}

func TestParseScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cell string
		want int
	}{
		{"7", 7},
		{" 10 ", 10},
		{"0", 0},
		{"10 - Extremely likely", 10},
		{"5 Sterne", 5},
		{"4.5", 5},
		{"4,5", 5},
		{"4.49", 4},
		{"3.", 3},
		{"100", 100},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			t.Parallel()
			got, err := source.ParseScore(tt.cell, "NPS answer")
			if err != nil || got == nil || *got != tt.want {
				t.Errorf("ParseScore(%q) = %v, %v; want %d", tt.cell, got, err, tt.want)
			}
		})
	}
	for _, cell := range []string{"", "  "} {
		if got, err := source.ParseScore(cell, "NPS answer"); got != nil || err != nil {
			t.Errorf("ParseScore(%q) = %v, %v; want nil, nil (a skipped question)", cell, got, err)
		}
	}
}

func TestParseScoreErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cell, want string
	}{
		{"Extremely likely", `star rating "Extremely likely" does not start with a number (such as "9" or "10 - Extremely likely")`},
		{"1000", `star rating "1000" does not start with a number`},
		{"-1", `star rating "-1" does not start with a number`},
		{".5", `star rating ".5" does not start with a number`},
		{strings.Repeat("x", 61), `star rating "` + strings.Repeat("x", 60) + `…" does not`},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			t.Parallel()
			got, err := source.ParseScore(tt.cell, "star rating")
			if got != nil || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseScore(%q) = %v, %v; want an error containing %q", tt.cell, got, err, tt.want)
			}
		})
	}
}

func TestInZone(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	elsewhere := time.FixedZone("elsewhere", -7*3600)
	tests := []struct {
		name string
		wall time.Time
		want string
	}{
		{"winter", time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), "2026-01-15T11:00:00Z"},
		{"summer", time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC), "2026-07-15T10:00:00Z"},
		{"the location of w is ignored", time.Date(2026, 7, 15, 12, 0, 0, 0, elsewhere), "2026-07-15T10:00:00Z"},
		{"nanoseconds kept", time.Date(2026, 7, 15, 12, 0, 0, 5, time.UTC), "2026-07-15T10:00:00.000000005Z"},
		{"before the gap", time.Date(2026, 3, 29, 1, 59, 59, 0, time.UTC), "2026-03-29T00:59:59Z"},
		{"in the gap: read as CET", time.Date(2026, 3, 29, 2, 30, 0, 0, time.UTC), "2026-03-29T01:30:00Z"},
		{"after the gap", time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC), "2026-03-29T01:00:00Z"},
		{"twice on the clock: the first, CEST", time.Date(2026, 10, 25, 2, 30, 0, 0, time.UTC), "2026-10-25T00:30:00Z"},
		{"after the repeated hour", time.Date(2026, 10, 25, 3, 0, 0, 0, time.UTC), "2026-10-25T02:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := source.InZone(tt.wall, berlin)
			if s := got.UTC().Format(time.RFC3339Nano); s != tt.want {
				t.Errorf("InZone(%v, Europe/Berlin) = %s, want %s", tt.wall, s, tt.want)
			}
			if got.Location() != berlin {
				t.Errorf("InZone(%v, Europe/Berlin) is in %v, want Europe/Berlin", tt.wall, got.Location())
			}
		})
	}
}
