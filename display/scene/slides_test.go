package scene_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// sizes are the screens a layout must work on: 720p to 4K, and turned.
var sizes = []scene.Size{
	{W: 1280, H: 720}, {W: 1920, H: 1080}, {W: 3840, H: 2160},
	{W: 720, H: 1280}, {W: 1080, H: 1920}, {W: 2160, H: 3840},
	{W: 1920, H: 1200}, {W: 1024, H: 768},
}

// ink is about where a line's letters are: from the cap height to the
// baseline, or below it for letters with descenders. Line boxes of
// tightly set lines may touch; ink may not.
func ink(fonts *scene.Fonts, tx scene.Text) scene.Rect {
	capH := fonts.CapHeight(tx.Face)
	desc := 0.02
	if strings.ContainsAny(tx.S, "gjpqyQ,;()[]{}|/@„") {
		desc = 0.22
	}
	return scene.Rect{X: tx.Box.X, Y: tx.Y - capH, W: tx.Box.W, H: capH + desc*float64(tx.Face.Size)}
}

// extent is the rectangle a shape covers; Fill and Text have none here.
func extent(op scene.Op) (scene.Rect, bool) {
	pts := func(ps []scene.Point, pad float64) scene.Rect {
		r := scene.Rect{X: ps[0].X, Y: ps[0].Y}
		for _, p := range ps {
			x1, y1 := max(r.X+r.W, p.X), max(r.Y+r.H, p.Y)
			r.X, r.Y = min(r.X, p.X), min(r.Y, p.Y)
			r.W, r.H = x1-r.X, y1-r.Y
		}
		return scene.Rect{X: r.X - pad, Y: r.Y - pad, W: r.W + 2*pad, H: r.H + 2*pad}
	}
	switch o := op.(type) {
	case scene.RoundRect:
		return o.Rect, true
	case scene.Star:
		return scene.Rect{X: o.CX - o.R, Y: o.CY - o.R, W: 2 * o.R, H: 2 * o.R}, true
	case scene.Polygon:
		return pts(o.Points, 0), true
	case scene.Polyline:
		return pts(o.Points, o.Width/2), true
	case scene.Picture:
		return o.Rect, true
	}
	return scene.Rect{}, false
}

func overlap(a, b scene.Rect) bool {
	const eps = 1
	return a.X+eps < b.X+b.W && b.X+eps < a.X+a.W && a.Y+eps < b.Y+b.H && b.Y+eps < a.Y+a.H
}

// TestEveryCardFits lays out every card of both test snapshots on every
// screen size: no text leaves the area between header and ticker, none
// overlaps another, and none is so small it cannot be read from 3 m.
func TestEveryCardFits(t *testing.T) {
	fonts, err := scene.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	de, en := loadSnapshot(t, "snapshot.json"), loadSnapshot(t, "snapshot-en.json")
	thin := *de
	n := *de.NPS
	n.Meaningful, n.Responses = false, 12
	s := *de.Stars
	s.Meaningful = false
	thin.NPS, thin.Stars = &n, &s
	for _, snap := range []*feed.Snapshot{de, en, &thin} {
		for _, size := range sizes {
			for _, c := range scene.Cards(snap) {
				name := fmt.Sprintf("%s/%v/%s", snap.Language, size, c.ID())
				if snap == &thin {
					if c.Kind != scene.KindNPS && c.Kind != scene.KindStars {
						continue
					}
					name = "thin/" + name
				}
				t.Run(name, func(t *testing.T) {
					got := l.Card(c, snap, size, now)
					texts := scene.Texts(got.Ops)
					if len(texts) < 2 {
						t.Fatalf("only %d texts: %+v", len(texts), texts)
					}
					for _, op := range got.Ops {
						if r, ok := extent(op); ok && !got.Area.Contains(r) {
							t.Errorf("%T at %+v leaves the area %+v", op, r, got.Area)
						}
					}
					minSize := int(28 * float64(min(size.W, size.H)) / 1080)
					for i, tx := range texts {
						if !got.Area.Contains(tx.Box) {
							t.Errorf("%q at %+v leaves the area %+v", tx.S, tx.Box, got.Area)
						}
						if strings.HasPrefix(tx.S, "–") || strings.HasPrefix(tx.S, "—") {
							t.Errorf("a line starts with a dash: %q", tx.S)
						}
						if tx.Face.Size < minSize {
							t.Errorf("%q set at %d px, below %d", tx.S, tx.Face.Size, minSize)
						}
						for _, o := range texts[i+1:] {
							if overlap(ink(fonts, tx), ink(fonts, o)) {
								t.Errorf("%q at %+v overlaps %q at %+v", tx.S, tx.Box, o.S, o.Box)
							}
						}
					}
				})
			}
		}
	}
}

// The score slides show the numbers of the snapshot in the language's
// format.
func TestScoreSlideTexts(t *testing.T) {
	l := newLayout(t)
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	de, en := loadSnapshot(t, "snapshot.json"), loadSnapshot(t, "snapshot-en.json")
	size := scene.Size{W: 1920, H: 1080}
	tests := []struct {
		snap *feed.Snapshot
		kind scene.Kind
		want []string
	}{
		{de, scene.KindNPS, []string{"Net Promoter Score", "38", "+7", "zum Vormonat", "Ziel 40 · noch 2 Punkte", "58\u00a0%", "22\u00a0%", "20\u00a0%", "Promoter", "Passiv", "Kritiker", "letzte 30 Tage  ·  312 Antworten"}},
		{en, scene.KindNPS, []string{"38", "vs last month", "Target 40 · 2 points to go", "58%", "Detractor", "last 30 days  ·  312 answers"}},
		{de, scene.KindStars, []string{"Sternebewertung", "4,3", "+0,2", "Ziel 4,5 · noch 0,2", "55\u00a0%", "3\u00a0%"}},
		{en, scene.KindStars, []string{"4.3", "+0.2", "Target 4.5 · 0.2 to go"}},
		{de, scene.KindTrend, []string{"NPS im Verlauf", "Ziel 40", "38", "24.11.", "wenige Antworten  ·  letzte 12 Wochen"}},
		{en, scene.KindTrend, []string{"NPS by week", "Target 40", "24 Nov"}},
		{de, scene.KindKPIs, []string{"Kennzahlen", "Wartezeit Hotline", "2,4", "min", "\u22120,7\u00a0min", "78", "%", "+4\u00a0%", "94,1", "\u22121,2\u00a0%", "17", "+5", "Kundenerlebnis", "NPS"}},
		{en, scene.KindKPIs, []string{"Key figures", "2.4", "\u22120.7\u00a0min", "+4%", "94.1", "Customer experience"}},
		{de, scene.KindAnnouncement, []string{"Mitteilung", "Unser Ziel 2026"}},
		{de, scene.KindYouSaid, []string{"Sie sagten", "Wir haben:", "Lieferung  ·  vor 1 Monat"}},
		{en, scene.KindYouSaid, []string{"You said", "We did:", "Delivery  ·  1 month ago"}},
	}
	for _, tt := range tests {
		t.Run(tt.snap.Language+"/"+string(tt.kind), func(t *testing.T) {
			var c scene.Card
			for _, x := range scene.Cards(tt.snap) {
				if x.Kind == tt.kind {
					c = x
					break
				}
			}
			var texts []string
			for _, tx := range scene.Texts(l.Card(c, tt.snap, size, now).Ops) {
				texts = append(texts, tx.S)
			}
			for _, w := range tt.want {
				if !contains(texts, w) {
					t.Errorf("texts %q lack %q", texts, w)
				}
			}
		})
	}
}

// KPI arrows point the way the value moved and are green when it moved
// the better way: waiting time down is good, on-time deliveries down bad.
func TestKPIArrowColours(t *testing.T) {
	l := newLayout(t)
	th := scene.DefaultTheme()
	s := loadSnapshot(t, "snapshot.json")
	var c scene.Card
	for _, x := range scene.Cards(s) {
		if x.Kind == scene.KindKPIs {
			c = x
		}
	}
	ops := l.Card(c, s, scene.Size{W: 1920, H: 1080}, t0).Ops
	colour := map[string]string{}
	for _, tx := range scene.Texts(ops) {
		switch {
		case tx.Color == th.Better:
			colour[tx.S] = "good"
		case tx.Color == th.Worse:
			colour[tx.S] = "bad"
		}
	}
	want := map[string]string{
		"\u22120,7\u00a0min": "good", // waiting time, better down
		"+4\u00a0%":          "good", // first-contact resolution, better up
		"\u22121,2\u00a0%":   "bad",  // on time, better up
		"+5":                 "bad",  // open complaints, better down
	}
	for s, w := range want {
		if colour[s] != w {
			t.Errorf("%q is %q, want %q (all: %v)", s, colour[s], w, colour)
		}
	}
	var up, down int
	for _, op := range ops {
		if p, ok := op.(scene.Polygon); ok {
			if p.Points[2].Y < p.Points[0].Y {
				up++
			} else {
				down++
			}
		}
	}
	if up != 3 || down != 2 { // +7 NPS, +4 %, +5 up; −0,7 and −1,2 down
		t.Errorf("%d arrows up and %d down, want 3 and 2", up, down)
	}
}

// A redaction mark is part of the comment: set dimmed, never in the
// colour of an error.
func TestRedactionMarkDimmed(t *testing.T) {
	l := newLayout(t)
	th := scene.DefaultTheme()
	for _, text := range []string{"Frau […] war sehr nett.", "Frau [E-Mail entfernt] war nett.", "Ich habe [sic] geschrieben und [noch mehr Text, der länger als ein Vermerk ist] auch."} {
		c, s := card(text, feed.ScaleNPS, 9)
		var dim []string
		for _, tx := range scene.Texts(l.Card(c, s, scene.Size{W: 1920, H: 1080}, t0).Ops) {
			switch tx.Color {
			case th.Dim:
				dim = append(dim, tx.S)
			case th.Detractor, th.Offline:
				t.Errorf("%q set in a warning colour", tx.S)
			}
		}
		want := map[string]string{
			"Frau […] war sehr nett.":          "[…]",
			"Frau [E-Mail entfernt] war nett.": "[E-Mail entfernt]",
		}[text]
		if text[len(text)-5:] == "auch." {
			want = "[sic]"
		}
		if strings.Join(dim, "|") != want {
			t.Errorf("%q: dimmed %q, want %q", text, dim, want)
		}
	}
}

func TestHeaderLogo(t *testing.T) {
	l := newLayout(t)
	s := loadSnapshot(t, "snapshot.json")
	logo, err := os.ReadFile("../paint/testdata/logo.png")
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	l.SetLogos(func(hash string) ([]byte, bool) {
		asked = append(asked, hash)
		switch hash {
		case s.Theme.LogoHash:
			return logo, true
		case "broken":
			return []byte("not a PNG"), true
		}
		return nil, false
	})
	size := scene.Size{W: 1920, H: 1080}
	ops := l.Header(scene.HeaderAt(s, "", t0, scene.Status{}), size)
	var pic *scene.Picture
	var title scene.Text
	for _, op := range ops {
		switch o := op.(type) {
		case scene.Picture:
			pic = &o
		case scene.Text:
			if o.S == s.Title {
				title = o
			}
		}
	}
	if pic == nil || pic.Img == nil {
		t.Fatal("no logo in the header")
	}
	strip := scene.Rect{W: float64(size.W), H: float64(scene.HeaderHeight(size))}
	if !strip.Contains(pic.Rect) || pic.Rect.X+pic.Rect.W > title.Box.X {
		t.Errorf("logo at %+v, title at %+v: logo must sit in the strip before the title", pic.Rect, title.Box)
	}
	// Looked up and decoded once: the same image for the same hash.
	again := l.Header(scene.HeaderAt(s, "", t0.Add(time.Minute), scene.Status{}), size)
	for _, op := range again {
		if p, ok := op.(scene.Picture); ok && p.Img != pic.Img {
			t.Error("logo decoded again for an unchanged snapshot")
		}
	}
	if len(asked) != 1 {
		t.Errorf("logo looked up %d times for one hash, want once", len(asked))
	}
	for _, hash := range []string{"broken", "not-fetched-yet"} {
		other := *s
		other.Theme.LogoHash = hash
		for _, op := range l.Header(scene.HeaderAt(&other, "", t0, scene.Status{}), size) {
			if _, ok := op.(scene.Picture); ok {
				t.Errorf("logo %q: drawn", hash)
			}
		}
	}
	// One not there yet is asked for again at the next repaint.
	asked = nil
	other := *s
	other.Theme.LogoHash = "not-fetched-yet"
	l.Header(scene.HeaderAt(&other, "", t0, scene.Status{}), size)
	if len(asked) != 1 {
		t.Errorf("a logo not yet there was looked up %d times at a repaint, want once", len(asked))
	}
}
