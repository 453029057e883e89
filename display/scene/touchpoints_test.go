package scene_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

func ptrTo(v float64) *float64 { return &v }

// journeySnap is the German test snapshot with the given touchpoints.
func journeySnap(tb testing.TB, lang string, tps []feed.TouchpointNPS) *feed.Snapshot {
	tb.Helper()
	name := "snapshot.json"
	if lang == "en" {
		name = "snapshot-en.json"
	}
	s := loadSnapshot(tb, name)
	n := *s.NPS
	n.ByTouchpoint = tps
	s.NPS = &n
	return s
}

// nineTouchpoints are more than a slide lists, most answers first as the
// server sends them.
var nineTouchpoints = []feed.TouchpointNPS{
	{Touchpoint: "Hotline", Score: 42.5, Responses: 220, Meaningful: true, Previous: ptrTo(39)},
	{Touchpoint: "Filiale", Score: 35.7, Responses: 198, Meaningful: true, Previous: ptrTo(38.2)},
	{Touchpoint: "Online-Shop", Score: 51.2, Responses: 160, Meaningful: true, Previous: ptrTo(51)},
	{Touchpoint: "App", Score: 31.0, Responses: 158, Meaningful: true, Previous: ptrTo(24.6)},
	{Touchpoint: "Lieferung", Score: -12.4, Responses: 120, Meaningful: true, Previous: ptrTo(4)},
	{Touchpoint: "Rechnung", Score: 8.3, Responses: 84, Meaningful: true},
	{Touchpoint: "E-Mail-Kundenservice Süddeutschland", Score: 38.9, Responses: 36, Meaningful: true, Previous: ptrTo(40)},
	{Touchpoint: "Chat", Score: 60, Responses: 12, Meaningful: false},
	{Touchpoint: "Messestand", Score: 80, Responses: 5, Meaningful: false},
}

func journeyCard(tb testing.TB, s *feed.Snapshot) scene.Card {
	tb.Helper()
	for _, c := range scene.Cards(s) {
		if c.Kind == scene.KindTouchpoints {
			return c
		}
	}
	tb.Fatalf("no touchpoints card in %s", kinds(scene.Cards(s)))
	return scene.Card{}
}

func textsOf(ops []scene.Op) []string {
	var out []string
	for _, tx := range scene.Texts(ops) {
		out = append(out, tx.S)
	}
	return out
}

func TestTouchpointsTexts(t *testing.T) {
	l := newLayout(t)
	de, en := loadSnapshot(t, "snapshot.json"), loadSnapshot(t, "snapshot-en.json")
	tests := []struct {
		name   string
		snap   *feed.Snapshot
		size   scene.Size
		want   []string
		refuse []string
	}{
		{"de landscape", de, scene.Size{W: 1920, H: 1080},
			[]string{"Kundenreise: NPS je Kontaktpunkt", "letzte 30 Tage  ·  Änderung zum Vormonat", "Ziel 40",
				"Hotline", "43", "+4", "120 Antworten", "Filiale", "36", "\u22122", "App", "+6", "E-Mail", "39",
				"Lieferung", "noch zu wenige Antworten", "9 Antworten"},
			[]string{"56"}}, // a thin touchpoint's score is not shown
		{"en portrait", en, scene.Size{W: 1080, H: 1920},
			[]string{"Customer journey: NPS by touchpoint", "Target 40", "Branch", "\u22122", "98 answers",
				"Delivery", "not enough answers yet", "9 answers"},
			[]string{"56"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts := textsOf(l.Card(journeyCard(t, tt.snap), tt.snap, tt.size, t0).Ops)
			for _, w := range tt.want {
				if !contains(texts, w) {
					t.Errorf("texts %q lack %q", texts, w)
				}
			}
			for _, r := range tt.refuse {
				if contains(texts, r) {
					t.Errorf("texts %q show %q", texts, r)
				}
			}
		})
	}
}

// Rows are ranked best score first; touchpoints with too few answers
// come last, whatever their score.
func TestTouchpointsRanked(t *testing.T) {
	l := newLayout(t)
	tps := []feed.TouchpointNPS{
		{Touchpoint: "Chat", Score: 90, Responses: 8},
		{Touchpoint: "Filiale", Score: 20, Responses: 80, Meaningful: true},
		{Touchpoint: "Hotline", Score: 45, Responses: 60, Meaningful: true},
		{Touchpoint: "App", Score: -5, Responses: 40, Meaningful: true},
	}
	want := []string{"Hotline", "Filiale", "App", "Chat"}
	for _, size := range []scene.Size{{W: 1920, H: 1080}, {W: 1080, H: 1920}} {
		s := journeySnap(t, "de", tps)
		ys := map[string]float64{}
		for _, tx := range scene.Texts(l.Card(journeyCard(t, s), s, size, t0).Ops) {
			if slices.Contains(want, tx.S) {
				ys[tx.S] = tx.Y
			}
		}
		got := slices.Clone(want)
		slices.SortFunc(got, func(a, b string) int { return int(ys[a] - ys[b]) })
		if len(ys) != len(want) || !slices.Equal(got, want) {
			t.Errorf("%v: rows top to bottom %q (at %v), want %q", size, got, ys, want)
		}
	}
}

// More touchpoints than a slide holds: those with the most answers are
// listed, and a footer counts the rest.
func TestTouchpointsRowLimit(t *testing.T) {
	l := newLayout(t)
	s := journeySnap(t, "de", nineTouchpoints)
	for _, tt := range []struct {
		size   scene.Size
		rows   int
		footer string
	}{
		{scene.Size{W: 1920, H: 1080}, 6, "+3 weitere Kontaktpunkte mit weniger Antworten"},
		{scene.Size{W: 1080, H: 1920}, 7, "+2 weitere Kontaktpunkte mit weniger Antworten"},
	} {
		texts := textsOf(l.Card(journeyCard(t, s), s, tt.size, t0).Ops)
		rows := 0
		for _, tx := range texts {
			if strings.HasSuffix(tx, " Antworten") && !strings.HasPrefix(tx, "+") && !strings.Contains(tx, "wenige") && !strings.Contains(tx, "Tage") {
				rows++
			}
		}
		if rows != tt.rows || !contains(texts, tt.footer) {
			t.Errorf("%v: %d rows, footer %v; want %d rows and %q (texts %q)", tt.size, rows, contains(texts, tt.footer), tt.rows, tt.footer, texts)
		}
		if contains(texts, "Messestand") || contains(texts, "Chat") {
			t.Errorf("%v: the thinnest touchpoints are listed, want them left out: %q", tt.size, texts)
		}
	}
}

// The journey stays legible and inside its area on every screen: every
// text held to the legibility rule (checkLegible: cap height scaled with
// the short side, contrast on what lies under it), a score set as a
// primary number, and no text leaving the area or overlapping another.
func TestTouchpointsLegible(t *testing.T) {
	fonts, err := scene.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	stars := loadSnapshot(t, "snapshot.json")
	st := *stars.Stars
	st.ByTouchpoint = []feed.TouchpointStars{
		{Touchpoint: "Filiale", Average: 4.46, Responses: 60, Meaningful: true, Previous: ptrTo(4.2)},
		{Touchpoint: "App", Average: 3.9, Responses: 44, Meaningful: true},
		{Touchpoint: "Lieferung", Average: 2.5, Responses: 3},
	}
	stars.Stars, stars.NPS = &st, nil
	snaps := map[string]*feed.Snapshot{
		"de":       loadSnapshot(t, "snapshot.json"),
		"en":       loadSnapshot(t, "snapshot-en.json"),
		"de-many":  journeySnap(t, "de", nineTouchpoints),
		"en-many":  journeySnap(t, "en", nineTouchpoints),
		"de-stars": stars,
	}
	for name, s := range snaps {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%v", name, size), func(t *testing.T) {
				got := l.Card(journeyCard(t, s), s, size, t0)
				leg := checkLegible(t, fonts, got.Ops, size)
				for _, f := range leg.failures {
					t.Error(f)
				}
				if leg.primaries == 0 {
					t.Error("no score is set as a primary number")
				}
				texts := scene.Texts(got.Ops)
				for i, tx := range texts {
					if !got.Area.Contains(tx.Box) {
						t.Errorf("%q at %+v leaves the area %+v", tx.S, tx.Box, got.Area)
					}
					for _, o := range texts[i+1:] {
						if overlap(ink(fonts, tx), ink(fonts, o)) {
							t.Errorf("%q at %+v overlaps %q at %+v", tx.S, tx.Box, o.S, o.Box)
						}
					}
				}
				for _, op := range got.Ops {
					if r, ok := extent(op); ok && !got.Area.Contains(r) {
						t.Errorf("%T at %+v leaves the area %+v", op, r, got.Area)
					}
				}
			})
		}
	}
}

// A bar that reaches the target is green, one that lags is red, and the
// target is marked on every bar of a touchpoint with a score.
func TestTouchpointsTarget(t *testing.T) {
	l := newLayout(t)
	tps := []feed.TouchpointNPS{
		{Touchpoint: "Hotline", Score: 45, Responses: 60, Meaningful: true},
		{Touchpoint: "App", Score: 39.6, Responses: 40, Meaningful: true}, // shown as 40: reached
		{Touchpoint: "Filiale", Score: 20, Responses: 80, Meaningful: true},
		{Touchpoint: "Chat", Score: 90, Responses: 8},
	}
	s := journeySnap(t, "de", tps)
	th := l.Theme(s)
	ops := l.Card(journeyCard(t, s), s, scene.Size{W: 1920, H: 1080}, t0).Ops
	var green, red, marks int
	for _, op := range ops {
		if r, ok := op.(scene.RoundRect); ok {
			switch {
			case r.Color == th.Promoter:
				green++
			case r.Color == th.Detractor:
				red++
			case r.Color == th.Text && r.Rect.W < r.Rect.H:
				marks++
			}
		}
	}
	if green != 2 || red != 1 || marks != 3 {
		t.Errorf("%d green bars, %d red, %d target marks; want 2, 1 and 3", green, red, marks)
	}

	// Without a target, bars are neither good nor bad, and nothing is marked.
	n := *s.NPS
	n.Target = nil
	s.NPS = &n
	for _, op := range l.Card(journeyCard(t, s), s, scene.Size{W: 1920, H: 1080}, t0).Ops {
		if r, ok := op.(scene.RoundRect); ok && (r.Color == th.Promoter || r.Color == th.Detractor) {
			t.Errorf("without a target, a bar is coloured %v", r.Color)
		}
	}
	if texts := textsOf(l.Card(journeyCard(t, s), s, scene.Size{W: 1920, H: 1080}, t0).Ops); contains(texts, "Ziel 40") {
		t.Errorf("without a target, texts %q name one", texts)
	}
}
