package paint_test

import (
	"encoding/json"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// tolerance is the largest per-channel difference a pixel may have before
// it counts as changed; anti-aliasing may differ by a step or two between
// platforms, a layout change differs by far more.
const tolerance = 24

func TestGolden(t *testing.T) {
	snap := loadSnapshot(t, "testdata/snapshot.json")
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name    string
		comment string
		size    scene.Size
		offline bool
	}{
		{"card-de-1920x1080", "s-101", scene.Size{W: 1920, H: 1080}, false},
		{"card-de-long-1920x1080", "s-097", scene.Size{W: 1920, H: 1080}, false},
		{"card-stars-portrait-1080x1920", "r-55", scene.Size{W: 1080, H: 1920}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := renderCard(t, snap, tt.comment, tt.size, now, tt.offline)
			path := filepath.Join("testdata", tt.name+".png")
			if *update {
				writePNG(t, path, got)
				return
			}
			want := readPNG(t, path)
			if n := diffPixels(got, want); n > 0 {
				out := filepath.Join(t.TempDir(), tt.name+".png")
				writePNG(t, out, got)
				t.Errorf("%s: %d pixels differ by more than %d (got %s); run go test -update if the change is intended", path, n, tolerance, out)
			}
		})
	}
}

func renderCard(tb testing.TB, snap *feed.Snapshot, id string, size scene.Size, now time.Time, offline bool) *image.RGBA {
	tb.Helper()
	fonts, err := scene.NewFonts()
	if err != nil {
		tb.Fatal(err)
	}
	var card scene.Card
	for i := range snap.Comments {
		if snap.Comments[i].ID == id {
			card.Comment = &snap.Comments[i]
		}
	}
	if card.Comment == nil {
		tb.Fatalf("no comment %q in snapshot", id)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	ops := l.Card(card, snap, size, now).Ops
	ops = append(ops, l.Header(scene.HeaderInfo{
		Title: snap.Title, Lang: scene.LangOf(snap.Language), Now: now,
		Offline: offline, OfflineSince: now.Add(-47 * time.Minute),
	}, size)...)
	return paint.New(fonts).Image(size, ops)
}

func diffPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				n++
			}
		}
	}
	return n
}

func far(a, b uint32) bool {
	d := int(a>>8) - int(b>>8)
	return d > tolerance || d < -tolerance
}

func loadSnapshot(tb testing.TB, path string) *feed.Snapshot {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var s feed.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return &s
}

func readPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return img
}

func writePNG(tb testing.TB, path string, img image.Image) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}
