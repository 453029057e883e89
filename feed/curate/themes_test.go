package curate_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

const day = 24 * time.Hour

// themesChannel is a channel with a themes slide and the given admin
// themes, a theme shown from min comments on.
func themesChannel(min int, themes ...curate.Theme) *curate.Channel {
	return channel(func(ch *curate.Channel) {
		ch.Slides = append(ch.Slides, feed.Slide{Kind: curate.SlideThemes, Seconds: 10})
		ch.Themes, ch.ThemeMinComments = themes, min
	})
}

// topics feeds comments, newest first, and returns the snapshot's themes
// by name.
func topics(tb testing.TB, r *curate.Rules, ch *curate.Channel, items []feed.Feedback) map[string]feed.Topic {
	tb.Helper()
	s, _ := build(r, ch, items)
	out := map[string]feed.Topic{}
	for _, t := range s.Themes {
		out[t.Name] = t
	}
	return out
}

// comments makes n answers with the text of fn(i), the newest age old,
// an hour apart.
func comments(id string, n int, age time.Duration, score int, fn func(i int) string) []feed.Feedback {
	var out []feed.Feedback
	for i := range n {
		out = append(out, answer(fmt.Sprintf("%s%d", id, i), score, age+time.Duration(i)*time.Hour, fn(i)))
	}
	return out
}

func same(s string) func(int) string { return func(int) string { return s } }

func TestAdminThemeMatch(t *testing.T) {
	tests := []struct {
		match, comment string
		want           bool
	}{
		{"warte*", "Die Wartezeit war zu lang", true},
		{"warte*", "WARTEN, immer warten", true},
		{"warte*", "Ich erwarte mehr", false}, // a prefix of a word, not inside it
		{"warte", "Die Wartezeit war zu lang", false},
		{"hotline besetzt", "Hotline besetzt, drei Mal", true},
		{"hotline besetzt", "die Hotline-besetzt-Ansage", true},
		{"hotline besetzt", "Die Hotline war besetzt", false}, // a phrase is words in sequence
		{"hotline bes*", "hotline BESETZT", true},
		{"kündigung*", "Meine KÜNDIGUNGSFRIST", true},
		{"kündigung*", "Kuendigung nicht bestätigt", true},
		{"kuendigung", "Kündigung nicht bestätigt", true},
		{"straße", "Strasse gesperrt", true},
		{"queue*", "long queues at lunch", true},
		{"Queue", "queue", true},
	}
	r := rules(t, curate.Moderation{})
	for _, tt := range tests {
		t.Run(tt.match+"/"+tt.comment, func(t *testing.T) {
			ch := themesChannel(1, curate.Theme{Name: "T", Match: []string{"nie-passend", tt.match}})
			got := topics(t, r, ch, []feed.Feedback{answer("1", 9, time.Hour, tt.comment)})
			th, ok := got["T"]
			if ok != tt.want {
				t.Fatalf("theme %q on %q: shown %v, want %v (%+v)", tt.match, tt.comment, ok, tt.want, got)
			}
			if ok && (th.Source != feed.TopicAdmin || th.Comments != 1) {
				t.Errorf("theme = %+v, want admin with 1 comment", th)
			}
		})
	}
}

func TestThemeCountsShareScoreTrend(t *testing.T) {
	ch := themesChannel(4,
		curate.Theme{Name: "Wartezeit", Match: []string{"warte*"}},
		curate.Theme{Name: "Essen", Match: []string{"essen"}},
		curate.Theme{Name: "Kasse", Match: []string{"kasse"}},
	)
	var items []feed.Feedback
	// The current period: 40 comments, 12 about waiting (6 promoters,
	// 3 passives, 3 detractors: NPS 25), 12 about food, 5 about the till.
	cur := 2 * day
	items = append(items, comments("w9-", 6, cur, 9, same("Wartezeit ok"))...)
	items = append(items, comments("w7-", 3, cur+6*time.Hour, 7, same("Wartezeit ok"))...)
	items = append(items, comments("w2-", 3, cur+9*time.Hour, 2, same("Wartezeit ok"))...)
	items = append(items, comments("e", 12, cur+12*time.Hour, 8, same("Essen kalt"))...)
	items = append(items, comments("k", 5, cur+24*time.Hour, 8, same("Kasse zu"))...)
	items = append(items, comments("x", 11, cur+29*time.Hour, 8, same("Sonst nichts"))...)
	// The previous period: 40 comments, 4 about waiting (10 %), 20 about
	// food (50 %), 4 about the till (10 %).
	pre := 35 * day
	items = append(items, comments("pw", 4, pre, 8, same("Wartezeit ok"))...)
	items = append(items, comments("pe", 20, pre+4*time.Hour, 8, same("Essen kalt"))...)
	items = append(items, comments("pk", 4, pre+24*time.Hour, 8, same("Kasse zu"))...)
	items = append(items, comments("px", 12, pre+28*time.Hour, 8, same("Sonst nichts"))...)

	s, _ := build(rules(t, curate.Moderation{}), ch, items)
	if len(s.Themes) < 3 {
		t.Fatalf("themes = %+v, want 3 admin themes first", s.Themes)
	}
	for i, name := range []string{"Wartezeit", "Essen", "Kasse"} {
		if s.Themes[i].Name != name || s.Themes[i].Source != feed.TopicAdmin {
			t.Errorf("themes[%d] = %q (%s), want admin %q", i, s.Themes[i].Name, s.Themes[i].Source, name)
		}
	}
	want := map[string]struct {
		n, prev int
		share   float64
		trend   string
	}{
		"Wartezeit": {12, 4, 0.3, feed.TrendRising},
		"Essen":     {12, 20, 0.3, feed.TrendFalling},
		"Kasse":     {5, 4, 0.125, feed.TrendSteady}, // +2.5 points
	}
	for _, th := range s.Themes[:3] {
		w := want[th.Name]
		if th.Comments != w.n || th.Previous != w.prev || th.Trend != w.trend || fmt.Sprintf("%.3f", th.Share) != fmt.Sprintf("%.3f", w.share) {
			t.Errorf("%s = %d comments (previous %d), share %.3f, %q; want %d (%d), %.3f, %q",
				th.Name, th.Comments, th.Previous, th.Share, th.Trend, w.n, w.prev, w.share, w.trend)
		}
		if th.NPS == nil || th.Stars != nil {
			t.Errorf("%s: nps %v, stars %v; want an NPS only", th.Name, th.NPS, th.Stars)
		}
	}
	if nps := *s.Themes[0].NPS; nps != 25 {
		t.Errorf("Wartezeit NPS = %v, want 25", nps)
	}
}

func TestThemeStarsAndNoTrendWithoutPrevious(t *testing.T) {
	ch := themesChannel(2, curate.Theme{Name: "Essen", Match: []string{"essen"}})
	var items []feed.Feedback
	for i, stars := range []int{5, 4, 3} {
		f := answer(fmt.Sprint(i), stars, time.Hour, "Essen lecker")
		f.Scale = feed.ScaleStars
		items = append(items, f)
	}
	th, ok := topics(t, rules(t, curate.Moderation{}), ch, items)["Essen"]
	switch {
	case !ok:
		t.Fatal("no theme Essen")
	case th.Stars == nil || *th.Stars != 4 || th.NPS != nil:
		t.Errorf("Essen: stars %v, nps %v; want stars 4", th.Stars, th.NPS)
	case th.Trend != "":
		t.Errorf("trend = %q without a previous period, want none", th.Trend)
	}
}

// filler is comments of stop words and verdicts only, and of words met
// once each.
func filler(n int, age time.Duration) []feed.Feedback {
	return comments("f", n, age, 8, func(i int) string {
		return fmt.Sprintf("Alles war sehr gut und it was really great, danke! wort%c%c", 'a'+i%26, 'a'+i/26)
	})
}

func TestDiscoveredTopics(t *testing.T) {
	park := []string{"PARKPLATZ!!!", "Der Parkplatz ist zu klein", "Keine Parkplätze frei!", "Parkplatz? Katastrophe."}
	items := comments("p", 12, time.Hour, 3, func(i int) string { return park[i%len(park)] })
	items = append(items, comments("l", 11, 20*time.Hour, 9, same("the parking garage was full again"))...)
	items = append(items, comments("s", 9, 40*time.Hour, 9, same("Die Suppe war kalt"))...) // under the minimum
	items = append(items, filler(40, 60*time.Hour)...)

	got := topics(t, rules(t, curate.Moderation{}), themesChannel(10), items)
	var names []string
	for name, th := range got {
		names = append(names, name)
		if th.Source != feed.TopicDiscovered {
			t.Errorf("%s: source %q, want discovered", name, th.Source)
		}
	}
	var parking, lot bool
	for name, th := range got {
		switch lower := strings.ToLower(name); {
		case strings.HasPrefix(lower, "parkpl"):
			// The newest says it in capitals; the label is the next spelling.
			parking = name == "Parkplatz" && th.Comments == 12 && th.NPS != nil && *th.NPS == -100
		case lower == "parking garage":
			// A heading: the first letter in capitals, whatever the comments had.
			lot = name == "Parking garage" && th.Comments == 11
		case lower == "full": // a word of its own, in the same comments
		case strings.Contains(lower, "supp"), strings.Contains(lower, "kalt"):
			t.Errorf("%q has 9 comments, under the minimum of 10", name)
		default:
			t.Errorf("unexpected topic %q (%+v): a stop word or verdict?", name, th)
		}
	}
	if !parking || !lot {
		t.Errorf("topics = %q, want Parkplatz (12 comments, NPS -100) and Parking garage (11)", names)
	}
}

func TestDiscoveryLeavesOutAdminBlockedAndNames(t *testing.T) {
	r := rules(t, curate.Moderation{BlockedWords: []string{"mist*"}, Names: []string{"Schneider"}})
	items := comments("w", 12, time.Hour, 5, same("Wartezeiten ewig"))
	items = append(items, comments("m", 12, 20*time.Hour, 5, same("Mistladen"))...)
	items = append(items, comments("n", 12, 40*time.Hour, 5, same("Schneider kassiert"))...)
	items = append(items, comments("f", 12, 60*time.Hour, 5, same("Max!"))...) // a first name, not redacted alone
	got := topics(t, r, themesChannel(10, curate.Theme{Name: "Warten", Match: []string{"warte*", "ewig"}}), items)
	for name, th := range got {
		if th.Source == feed.TopicDiscovered && !strings.EqualFold(name, "kassiert") {
			t.Errorf("discovered %q (%+v); want only kassiert", name, th)
		}
	}
	if got["Warten"].Comments != 12 {
		t.Errorf("Warten = %+v, want 12 comments", got["Warten"])
	}
}

func TestThemeQuote(t *testing.T) {
	long := "Die Wartezeit an der Hotline war wieder einmal viel zu lang, schreibt mir bitte an max.mustermann@example.com, " +
		"ich warte seit drei Wochen auf eine Antwort und niemand meldet sich bei mir zurück."
	t.Run("redacted and shortened", func(t *testing.T) {
		ch := themesChannel(1, curate.Theme{Name: "Wartezeit", Match: []string{"warte*"}})
		th := topics(t, rules(t, curate.Moderation{}), ch, []feed.Feedback{answer("1", 5, time.Hour, long)})["Wartezeit"]
		q := th.Quote
		switch {
		case q == nil:
			t.Fatal("no quote")
		case strings.Contains(q.Text, "mustermann"):
			t.Errorf("quote %q holds the e-mail address", q.Text)
		case utf8.RuneCountInString(q.Text) > curate.QuoteRunes || !strings.HasSuffix(q.Text, "…"):
			t.Errorf("quote %q: %d runes, want at most %d ending in …", q.Text, utf8.RuneCountInString(q.Text), curate.QuoteRunes)
		case strings.Contains(q.Text, " …"):
			t.Errorf("quote %q is not cut at a word", q.Text)
		}
	})
	t.Run("hidden by the privacy policy", func(t *testing.T) {
		ch := themesChannel(1, curate.Theme{Name: "Wartezeit", Match: []string{"warte*"}})
		ch.Privacy.HidePeople = true
		r := rules(t, curate.Moderation{Names: []string{"Schneider"}})
		items := []feed.Feedback{
			answer("1", 9, time.Hour, "Frau Schneider hat die Wartezeit erklärt"),
			answer("2", 9, 2*time.Hour, "Wartezeit kurz"),
		}
		th := topics(t, r, ch, items)["Wartezeit"]
		if th.Comments != 2 || th.Quote == nil || th.Quote.Text != "Wartezeit kurz" {
			t.Errorf("Wartezeit = %+v (quote %+v), want 2 comments quoting the one without a name", th, th.Quote)
		}
		items = items[:1]
		if th := topics(t, r, ch, items)["Wartezeit"]; th.Quote != nil {
			t.Errorf("quote %q of a hidden comment", th.Quote.Text)
		}
	})
	t.Run("not from a blocked comment", func(t *testing.T) {
		ch := themesChannel(1, curate.Theme{Name: "Wartezeit", Match: []string{"warte*"}})
		r := rules(t, curate.Moderation{BlockedWords: []string{"mist*"}})
		items := []feed.Feedback{answer("1", 9, time.Hour, "Mistige Wartezeit"), answer("2", 9, 2*time.Hour, "Wartezeit lang")}
		th := topics(t, r, ch, items)["Wartezeit"]
		if th.Comments != 2 || th.Quote == nil || th.Quote.Text != "Wartezeit lang" {
			t.Errorf("Wartezeit = %+v (quote %+v), want 2 comments quoting the one not blocked", th, th.Quote)
		}
	})
	t.Run("not from a filtered comment", func(t *testing.T) {
		ch := themesChannel(1, curate.Theme{Name: "Wartezeit", Match: []string{"warte*"}})
		ch.MinLength = 20
		th := topics(t, rules(t, curate.Moderation{}), ch, []feed.Feedback{answer("1", 9, time.Hour, "Wartezeit!")})["Wartezeit"]
		if th.Comments != 1 || th.Quote != nil {
			t.Errorf("Wartezeit = %+v, want counted, no quote", th)
		}
	})
}

func TestShorten(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"kurz", 10, "kurz"},
		{"genau zehn", 10, "genau zehn"},
		{"eins zwei drei vier", 12, "eins zwei…"},
		{"eins, zwei, drei", 12, "eins, zwei…"},
		{"Donaudampfschifffahrt", 8, "Donauda…"},
	}
	for _, tt := range tests {
		if got := curate.Shorten(tt.in, tt.n); got != tt.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestNoThemesWithoutSlide(t *testing.T) {
	ch := channel(func(ch *curate.Channel) { ch.Themes = []curate.Theme{{Name: "W", Match: []string{"w*"}}} })
	s, _ := build(rules(t, curate.Moderation{}), ch, comments("w", 20, time.Hour, 9, same("Wartezeit")))
	if s.Themes != nil {
		t.Errorf("themes = %+v without a themes slide", s.Themes)
	}
}

// themeWords make the benchmark's comments: topics of many sizes, filler
// and words met rarely.
var themeWords = strings.Fields(`Wartezeit Hotline Parkplatz Essen Suppe Kasse Personal Beratung Rechnung Lieferung
	Paket App Filiale Öffnungszeiten Preis Qualität Salat Kaffee Kuchen Service delivery parking queue staff price
	coffee app invoice refund website`)

func benchComments(n int) []feed.Feedback {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]feed.Feedback, n)
	step := 60 * day / time.Duration(n)
	for i := range out {
		var sb strings.Builder
		sb.WriteString("Die ")
		for range 3 + rng.IntN(10) {
			switch k := rng.IntN(10); {
			case k < 4:
				sb.WriteString(themeWords[int(rng.ExpFloat64()*5)%len(themeWords)])
			case k < 7:
				sb.WriteString([]string{"war", "sehr", "und", "the", "was", "leider", "immer", "zu"}[rng.IntN(8)])
			default:
				fmt.Fprintf(&sb, "wort%d", rng.IntN(20000))
			}
			sb.WriteByte(' ')
		}
		sb.WriteString("danke.")
		out[i] = answer(fmt.Sprint(i), rng.IntN(11), time.Duration(i)*step, sb.String())
		if i%2 == 1 {
			out[i].Language = "en"
		}
	}
	return out
}

// BenchmarkThemes100k builds a snapshot from 100,000 comments in two
// periods, with and without the themes slide: the difference is the
// themes' cost.
func BenchmarkThemes100k(b *testing.B) {
	items := benchComments(100_000)
	r := rules(b, curate.Moderation{DefaultLists: true})
	for _, with := range []bool{false, true} {
		ch := channel(func(ch *curate.Channel) { ch.MaxAgeDays = 30 })
		if with {
			ch = themesChannel(10, curate.Theme{Name: "Wartezeit", Match: []string{"warte*", "hotline besetzt", "queue*"}})
			ch.MaxAgeDays = 30
		}
		b.Run(fmt.Sprintf("themes=%v", with), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, n := build(r, ch, items)
				if n != len(items) || with && len(s.Themes) == 0 {
					b.Fatalf("read %d of %d, %d themes", n, len(items), len(s.Themes))
				}
			}
		})
	}
}

// A discovered topic counts its comments of the previous period too, for
// its trend, though it is found in the current one.
func TestDiscoveredTopicTrend(t *testing.T) {
	park := []string{"Der Parkplatz ist zu klein", "Keine Parkplätze frei!", "Parkplatz voll", "Parkplatz? Katastrophe."}
	items := comments("p", 12, time.Hour, 3, func(i int) string { return park[i%len(park)] })
	items = append(items, filler(28, 20*time.Hour)...)
	items = append(items, comments("q", 2, 31*day, 3, same("Kein Parkplatz"))...)
	items = append(items, filler(38, 32*day)...)
	got := topics(t, rules(t, curate.Moderation{}), themesChannel(10), items)
	th, ok := got["Parkplatz"]
	if !ok || th.Comments != 12 || th.Previous != 2 || th.Trend != feed.TrendRising {
		t.Errorf("Parkplatz = %+v (of %v), want 12 comments, 2 before, rising", th, got)
	}
}
