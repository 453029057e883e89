package curate_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

// ideasChannel is a channel whose playlist has an ideas slide.
func ideasChannel(mod func(*curate.Channel)) *curate.Channel {
	return channel(func(ch *curate.Channel) {
		ch.Slides = append(ch.Slides, feed.Slide{Kind: curate.SlideIdeas, Seconds: 12})
		if mod != nil {
			mod(ch)
		}
	})
}

// feedAll feeds every item, so that a test sees what the builder keeps
// rather than where it stops reading.
func feedAll(r *curate.Rules, ch *curate.Channel, items []feed.Feedback) (feed.Snapshot, *curate.Builder) {
	b := r.NewBuilder(ch, now)
	for i := range items {
		b.Add(&items[i])
	}
	return b.Snapshot(curate.Extras{}), b
}

func TestIdeasNewestFirstAndCapped(t *testing.T) {
	var items []feed.Feedback
	for i := range curate.MaxIdeas + 2 {
		items = append(items, answer(fmt.Sprintf("idea%d", i), 8, time.Duration(i+1)*time.Hour,
			fmt.Sprintf("Es wäre schön, wenn es %d mal die Woche Fisch gäbe.", i+1)))
		items = append(items, answer(fmt.Sprintf("plain%d", i), 9, time.Duration(i+1)*time.Hour+time.Minute,
			"Das Essen war heute richtig gut."))
	}
	// Not in the current period of 30 days, though young enough to be shown.
	items = append(items, answer("old-idea", 8, 40*24*time.Hour, "Ich wünsche mir mehr Salat an der Theke."))

	snap, _ := feedAll(rules(t, curate.Moderation{}), ideasChannel(nil), items)
	want := "survey/idea0 survey/idea1 survey/idea2 survey/idea3 survey/idea4 survey/idea5"
	if got := ids(snap.Ideas); got != want {
		t.Errorf("ideas = %s, want the %d newest: %s", got, curate.MaxIdeas, want)
	}
	for _, c := range snap.Ideas {
		if c.Touchpoint != "Hotline" || c.CreatedAt.IsZero() {
			t.Errorf("idea %+v, want its touchpoint and age for the card", c)
		}
	}
}

func TestIdeasOnlyWithTheSlide(t *testing.T) {
	items := []feed.Feedback{answer("1", 8, time.Hour, "Bitte bietet auch kleinere Portionen an.")}
	snap, _ := feedAll(rules(t, curate.Moderation{}), channel(nil), items)
	if snap.Ideas != nil {
		t.Errorf("ideas = %+v without an ideas slide, want none", snap.Ideas)
	}
	if len(snap.Comments) != 1 {
		t.Errorf("comments = %+v, want the comment as usual", snap.Comments)
	}
}

func TestIdeasRedacted(t *testing.T) {
	items := []feed.Feedback{
		answer("mail", 7, time.Hour, "Es wäre schön, wenn ihr Bestellungen per Mail an max.muster@example.com bestätigt."),
		answer("phone", 8, 2*time.Hour, "Please add a callback option, my number is 0171 1234567."),
	}
	items[1].Language = "en"
	items[0].Touchpoint = "Hotline max@example.com"
	snap, b := feedAll(rules(t, curate.Moderation{}), ideasChannel(nil), items)
	if got := ids(snap.Ideas); got != "survey/mail survey/phone" {
		t.Fatalf("ideas = %s, want both", got)
	}
	out := fmt.Sprintf("%+v", snap.Ideas)
	for _, raw := range []string{"example.com", "0171", "1234567"} {
		if strings.Contains(out, raw) {
			t.Errorf("ideas contain %q: %s", raw, out)
		}
	}
	for _, c := range snap.Ideas {
		if !strings.Contains(c.Text, curate.Mark) {
			t.Errorf("idea %q, want it redacted", c.Text)
		}
	}
	// Shown as a comment too, the comment is redacted and listed once.
	seen := map[string]int{}
	for _, rd := range b.Redactions() {
		seen[rd.Comment]++
	}
	if seen["survey/mail"] != 1 || seen["survey/phone"] != 1 {
		t.Errorf("redactions %+v, want each comment listed once", b.Redactions())
	}
}

func TestIdeasFiltered(t *testing.T) {
	const idea = "Es wäre schön, wenn es mehr vegane Gerichte gäbe."
	mk := func(id string, mod func(*feed.Feedback)) feed.Feedback {
		f := answer(id, 8, time.Hour, idea)
		mod(&f)
		return f
	}
	items := []feed.Feedback{
		mk("ok", func(*feed.Feedback) {}),
		mk("short", func(f *feed.Feedback) { f.Comment = "Idee: Pizza" }),
		mk("english", func(f *feed.Feedback) { f.Language = "en" }),
		mk("app", func(f *feed.Feedback) { f.Touchpoint = "App" }),
		mk("hidden", func(*feed.Feedback) {}),
		mk("hidden2", func(*feed.Feedback) {}),
		mk("old", func(f *feed.Feedback) { f.CreatedAt = now.AddDate(0, 0, -11) }),
		mk("other", func(f *feed.Feedback) { f.Source = "elsewhere" }),
		mk("blocked", func(f *feed.Feedback) { f.Comment = "Es wäre schön, wenn der Mistladen länger offen hätte." }),
		mk("future", func(f *feed.Feedback) { f.CreatedAt = now.Add(time.Hour) }),
		mk("no-idea", func(f *feed.Feedback) { f.Comment = "Das Essen war heute leider kalt." }),
	}
	ch := ideasChannel(func(ch *curate.Channel) {
		ch.MinLength = 12
		ch.Languages = []string{"de"}
		ch.Touchpoints = []string{"Hotline"}
		ch.Hidden = []string{"survey/hidden", "hidden2"}
		ch.MaxAgeDays = 10
	})
	snap, _ := feedAll(rules(t, curate.Moderation{BlockedWords: []string{"mist*"}}), ch, items)
	if got := ids(snap.Ideas); got != "survey/ok" {
		t.Errorf("ideas = %q, want only survey/ok", got)
	}
}

// A detractor's idea that names a person is hidden under
// privacy.hide_negative like any other comment of theirs; a promoter's is
// shown redacted; privacy.people: hide hides both.
func TestIdeasPrivacyPolicy(t *testing.T) {
	items := []feed.Feedback{
		answer("praise", 10, time.Hour, "Herr Schneider war super, bitte bietet öfter seine Kürbissuppe an."),
		answer("complaint", 1, 2*time.Hour, "Herr Schneider war unfreundlich, bitte bietet Schulungen für die Kasse an."),
		answer("clean", 2, 3*time.Hour, "Es fehlt eine vegane Option beim Frühstück."),
	}
	r := rules(t, curate.Moderation{Names: []string{"Schneider"}})
	for _, tc := range []struct {
		name    string
		privacy curate.Privacy
		shown   string
		hidden  map[string]string
	}{
		{"redact", curate.Privacy{}, "survey/praise survey/complaint survey/clean", nil},
		{"hide negative", curate.Privacy{HideNegative: true}, "survey/praise survey/clean",
			map[string]string{"survey/complaint": curate.HiddenNegativePerson}},
		{"hide", curate.Privacy{HidePeople: true}, "survey/clean",
			map[string]string{"survey/praise": curate.HiddenPerson, "survey/complaint": curate.HiddenPerson}},
	} {
		snap, b := feedAll(r, ideasChannel(func(ch *curate.Channel) { ch.Privacy = tc.privacy }), items)
		if got := ids(snap.Ideas); got != tc.shown {
			t.Errorf("%s: ideas %q, want %q", tc.name, got, tc.shown)
		}
		for _, c := range snap.Ideas {
			if strings.Contains(c.Text, "Schneider") {
				t.Errorf("%s: idea %q still names him", tc.name, c.Text)
			}
		}
		for _, rd := range b.Redactions() {
			if rd.Hidden != tc.hidden[rd.Comment] {
				t.Errorf("%s: %s hidden %q, want %q", tc.name, rd.Comment, rd.Hidden, tc.hidden[rd.Comment])
			}
		}
	}
}

// An idea hidden by the privacy policy leaves its place to the next one.
func TestIdeasHiddenLeaveTheirPlace(t *testing.T) {
	items := []feed.Feedback{answer("named", 1, time.Hour, "Herr Schneider war unfreundlich, bitte bietet Schulungen an.")}
	for i := range curate.MaxIdeas {
		items = append(items, answer(fmt.Sprint(i), 8, time.Duration(i+2)*time.Hour, "Bitte mehr vegetarische Gerichte!"))
	}
	ch := ideasChannel(func(ch *curate.Channel) { ch.Privacy.HideNegative = true })
	snap, _ := feedAll(rules(t, curate.Moderation{Names: []string{"Schneider"}}), ch, items)
	if got, want := ids(snap.Ideas), "survey/0 survey/1 survey/2 survey/3 survey/4 survey/5"; got != want {
		t.Errorf("ideas = %s, want %s", got, want)
	}
}

// BenchmarkBuildWithoutIdeas is the worst case of the ideas slide: a month
// of 5,000 comments none of which is an idea, so that the detector reads
// every one.
func BenchmarkBuildWithoutIdeas(b *testing.B) {
	r := rules(b, curate.Moderation{DefaultLists: true})
	texts := []string{
		"Das Essen war heute lauwarm und die Schlange an der Kasse viel zu lang.",
		"Sehr freundliches Personal, gerne wieder!",
		"The driver was late again and the food was cold when it arrived.",
		"Lovely staff, fast service, good coffee.",
	}
	items := make([]feed.Feedback, 5000)
	for i := range items {
		items[i] = answer(fmt.Sprint(i), i%11, time.Duration(i)*8*time.Minute, texts[i%len(texts)])
	}
	for _, slides := range []struct {
		name string
		ch   *curate.Channel
	}{{"no ideas slide", channel(nil)}, {"ideas slide", ideasChannel(nil)}} {
		b.Run(slides.name, func(b *testing.B) {
			for b.Loop() {
				feedAll(r, slides.ch, items)
			}
		})
	}
}
