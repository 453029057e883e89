package curate_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func rules(tb testing.TB, m curate.Moderation) *curate.Rules {
	tb.Helper()
	r, err := curate.NewRules(m)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// channel is a channel as a validated config makes it, every number set.
func channel(mod func(*curate.Channel)) *curate.Channel {
	ch := &curate.Channel{
		Name: "canteen", Title: "Stimme", Language: "de", Sources: []string{"survey", "reviews"},
		Slides:      []feed.Slide{{Kind: "comments", Seconds: 10}, {Kind: "nps", Seconds: 10}},
		MaxComments: 6, PeriodDays: 30, MinAnswers: 3, TrendWeeks: 4,
		Selection: curate.Selection{Promoters: 1, Passives: 1, Detractors: 1},
	}
	if mod != nil {
		mod(ch)
	}
	return ch
}

// answer is an nps answer age hours old.
func answer(id string, score int, age time.Duration, comment string) feed.Feedback {
	return feed.Feedback{ID: id, Source: "survey", Scale: feed.ScaleNPS, Score: score, Comment: comment,
		Touchpoint: "Hotline", Language: "de", CreatedAt: now.Add(-age)}
}

// build feeds items (newest first, as the store walks) until the builder
// needs no more, and returns the snapshot and how many items it read.
func build(r *curate.Rules, ch *curate.Channel, items []feed.Feedback) (feed.Snapshot, int) {
	b := r.NewBuilder(ch, now)
	n := 0
	for i := range items {
		n++
		if !b.Add(&items[i]) {
			break
		}
	}
	return b.Snapshot(curate.Extras{Lookup: lookupIn(items)}), n
}

// lookupIn finds answers among items, as the store's Lookup does.
func lookupIn(items []feed.Feedback) func(source, id string) (feed.Feedback, bool, error) {
	return func(source, id string) (feed.Feedback, bool, error) {
		for _, f := range items {
			if f.Source == source && f.ID == id {
				return f, true, nil
			}
		}
		return feed.Feedback{}, false, nil
	}
}

func ids(cs []feed.Comment) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.ID)
	}
	return strings.Join(s, " ")
}

func TestQuotas(t *testing.T) {
	tests := []struct {
		n              int
		weights, avail [3]int
		want           [3]int
	}{
		{6, [3]int{1, 1, 1}, [3]int{9, 9, 9}, [3]int{2, 2, 2}},
		{20, [3]int{1, 1, 1}, [3]int{99, 99, 99}, [3]int{7, 7, 6}}, // remainder to the first
		{20, [3]int{1, 1, 1}, [3]int{99, 2, 3}, [3]int{15, 2, 3}},  // passives and detractors run dry
		{20, [3]int{1, 1, 1}, [3]int{4, 99, 99}, [3]int{4, 8, 8}},
		{10, [3]int{2, 1, 1}, [3]int{99, 99, 99}, [3]int{5, 3, 2}}, // 5, 2.5, 2.5 → the first tie wins
		{10, [3]int{1, 0, 1}, [3]int{99, 99, 99}, [3]int{5, 0, 5}}, // weight 0: never
		{10, [3]int{1, 0, 1}, [3]int{1, 99, 2}, [3]int{1, 0, 2}},   // not enough anywhere
		{10, [3]int{1, 1, 1}, [3]int{0, 0, 0}, [3]int{0, 0, 0}},
		{0, [3]int{1, 1, 1}, [3]int{5, 5, 5}, [3]int{0, 0, 0}},
		{5, [3]int{3, 1, 1}, [3]int{1, 1, 9}, [3]int{1, 1, 3}},
	}
	for _, tt := range tests {
		got := curate.Quotas(tt.n, tt.weights, tt.avail)
		if got != tt.want {
			t.Errorf("Quotas(%d, %v, %v) = %v, want %v", tt.n, tt.weights, tt.avail, got, tt.want)
		}
	}
}

func TestBalancedSelection(t *testing.T) {
	// Ten promoters are the newest; a "latest" pick would show only them.
	var items []feed.Feedback
	for i := range 10 {
		items = append(items, answer(fmt.Sprintf("p%d", i), 10, time.Duration(i+1)*time.Hour, "Sehr freundlich am Telefon, danke!"))
	}
	for i := range 3 {
		items = append(items, answer(fmt.Sprintf("n%d", i), 7, time.Duration(20+i)*time.Hour, "War in Ordnung, aber langsam."))
	}
	items = append(items, answer("d0", 2, 30*time.Hour, "Niemand hat zurückgerufen."))

	r := rules(t, curate.Moderation{})
	snap, _ := build(r, channel(nil), items)
	if got, want := ids(snap.Comments), "survey/p0 survey/p1 survey/p2 survey/n0 survey/n1 survey/d0"; got != want {
		t.Errorf("balanced comments = %s, want %s", got, want)
	}
	if want := "balanced: 3 promoters, 2 passives, 1 detractors of 14 comments in 30 days"; snap.Selection != want {
		t.Errorf("selection = %q, want %q", snap.Selection, want)
	}

	snap, _ = build(r, channel(func(ch *curate.Channel) { ch.Selection.Latest = true }), items)
	if got, want := ids(snap.Comments), "survey/p0 survey/p1 survey/p2 survey/p3 survey/p4 survey/p5"; got != want {
		t.Errorf("latest comments = %s, want %s", got, want)
	}
	if !strings.HasPrefix(snap.Selection, "latest: the 6 newest of 14") {
		t.Errorf("selection = %q", snap.Selection)
	}
}

func TestFilters(t *testing.T) {
	mk := func(id string, mod func(*feed.Feedback)) feed.Feedback {
		f := answer(id, 9, time.Hour, "Ein ganz normaler Kommentar.")
		mod(&f)
		return f
	}
	items := []feed.Feedback{
		mk("ok", func(*feed.Feedback) {}),
		mk("short", func(f *feed.Feedback) { f.Comment = "Gut" }),
		mk("english", func(f *feed.Feedback) { f.Language = "en" }),
		mk("app", func(f *feed.Feedback) { f.Touchpoint = "App" }),
		mk("hidden", func(*feed.Feedback) {}),
		mk("hidden2", func(*feed.Feedback) {}),
		mk("old", func(f *feed.Feedback) { f.CreatedAt = now.AddDate(0, 0, -11) }),
		mk("other", func(f *feed.Feedback) { f.Source = "elsewhere" }),
		mk("blocked", func(f *feed.Feedback) { f.Comment = "Totaler Mistladen hier." }),
		mk("empty", func(f *feed.Feedback) { f.Comment = "   " }),
		mk("future", func(f *feed.Feedback) { f.CreatedAt = now.Add(time.Hour) }),
	}
	ch := channel(func(ch *curate.Channel) {
		ch.MinLength = 8
		ch.Languages = []string{"de"}
		ch.Touchpoints = []string{"Hotline"}
		ch.Hidden = []string{"survey/hidden", "hidden2"}
		ch.MaxAgeDays = 10
		ch.Selection.Latest = true
	})
	snap, _ := build(rules(t, curate.Moderation{BlockedWords: []string{"mist*"}}), ch, items)
	if got := ids(snap.Comments); got != "survey/ok" {
		t.Errorf("shown = %q, want only survey/ok", got)
	}
	// Every answer of the channel's sources counts for the score, shown or
	// not: blocked and hidden ones too, future and foreign ones not.
	if snap.NPS == nil || snap.NPS.Responses != 9 {
		t.Errorf("nps = %+v, want 9 responses", snap.NPS)
	}
}

// max_age_days: 0 is documented as "any age": a two-year-old comment is
// shown, as it is not with a limit.
func TestAnyAge(t *testing.T) {
	items := []feed.Feedback{answer("old", 9, 2*365*24*time.Hour, "Ein Kommentar von vorletztem Jahr.")}
	for _, tc := range []struct {
		days int
		want string
	}{{0, "survey/old"}, {400, ""}} {
		ch := channel(func(ch *curate.Channel) {
			ch.MaxAgeDays = tc.days
			ch.Selection.Latest = true
		})
		snap, _ := build(rules(t, curate.Moderation{}), ch, items)
		if got := ids(snap.Comments); got != tc.want {
			t.Errorf("max_age_days %d: shown = %q, want %q", tc.days, got, tc.want)
		}
	}
}

func TestRedactsBeforeLeaving(t *testing.T) {
	items := []feed.Feedback{
		answer("1", 3, time.Hour, "Bitte rufen Sie mich an: 0171 1234567 oder max.muster@example.com"),
		answer("2", 9, 2*time.Hour, "Frau Schmidt an der Kasse war super"),
	}
	items[1].Touchpoint = "Filiale max@example.com"
	ch := channel(func(ch *curate.Channel) {
		ch.YouSaid = []curate.YouSaid{{Comment: "survey/1", Action: "Rückrufe binnen 24 Stunden"}}
	})
	snap, _ := build(rules(t, curate.Moderation{Names: []string{"Schmidt"}}), ch, items)
	b := fmt.Sprint(snap)
	for _, raw := range []string{"0171", "example.com", "Schmidt"} {
		if strings.Contains(b, raw) {
			t.Errorf("snapshot contains %q: %s", raw, b)
		}
	}
	if len(snap.YouSaid) != 1 || !strings.Contains(snap.YouSaid[0].Comment.Text, curate.Mark) {
		t.Errorf("you said = %+v, want the redacted comment", snap.YouSaid)
	}
}

func TestScoresAndExtras(t *testing.T) {
	// 4 promoters, 1 passive, 1 detractor this period: NPS 50. The previous
	// period has 3 answers (enough with min_answers 3): 1 promoter, 2
	// detractors → −33.3.
	items := []feed.Feedback{
		answer("a", 10, 1*time.Hour, ""),
		answer("b", 9, 2*time.Hour, ""),
		answer("c", 9, 3*time.Hour, ""),
		answer("d", 10, 4*time.Hour, ""),
		answer("e", 8, 5*time.Hour, ""),
		answer("f", 0, 6*time.Hour, ""),
		answer("g", 10, 31*24*time.Hour, ""),
		answer("h", 5, 32*24*time.Hour, ""),
		answer("i", 6, 33*24*time.Hour, ""),
		answer("too-old", 0, 200*24*time.Hour, ""),
	}
	ch := channel(func(ch *curate.Channel) {
		target := 40.0
		ch.TargetNPS = &target
		// Until is the end of the last day shown, here in UTC.
		ch.Announcements = []curate.Announcement{
			{Title: "Ziel 2026", Text: "NPS 40"},
			{Text: "Vorbei", Until: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
			{Text: "Heute noch", Until: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)},
		}
		ch.Ticker = true
	})
	snap, read := build(rules(t, curate.Moderation{}), ch, items)
	n := snap.NPS
	if n == nil || n.Score != 50 || n.Responses != 6 || !n.Meaningful || n.Previous == nil ||
		fmt.Sprintf("%.1f", *n.Previous) != "-33.3" || n.Target == nil || *n.Target != 40 {
		t.Fatalf("nps = %+v", n)
	}
	if read != len(items) {
		t.Errorf("read %d answers, want all %d (no comments to fill the pool)", read, len(items))
	}
	if snap.Stars != nil {
		t.Errorf("stars = %+v, want nil without star answers", snap.Stars)
	}
	if len(snap.Trend) != 4 {
		t.Errorf("trend has %d weeks, want 4", len(snap.Trend))
	}
	if len(snap.Announcements) != 2 || snap.Announcements[1].Text != "Heute noch" {
		t.Errorf("announcements = %+v, want the unexpired two", snap.Announcements)
	}
	if !snap.Ticker || snap.Channel != "canteen" || len(snap.Slides) != 2 || !snap.GeneratedAt.Equal(now) {
		t.Errorf("snapshot = %+v", snap)
	}
}

func TestStopsReadingWhenFull(t *testing.T) {
	var items []feed.Feedback
	for i := range 500 {
		items = append(items, answer(fmt.Sprint(i), i%11, time.Duration(i)*24*time.Hour, "Ein Kommentar mit Text."))
	}
	ch := channel(nil) // period 30 days: scores need 60 days, trend 5 weeks
	_, read := build(rules(t, curate.Moderation{}), ch, items)
	if read < 60 || read > 62 {
		t.Errorf("read %d answers, want the 61 of the last 60 days", read)
	}
}

func TestRevisionStable(t *testing.T) {
	items := []feed.Feedback{answer("1", 9, time.Hour, "Schnelle Lieferung, gerne wieder.")}
	r := rules(t, curate.Moderation{})
	a, _ := build(r, channel(nil), items)
	b := r.NewBuilder(channel(nil), now.Add(time.Minute))
	b.Add(&items[0])
	later := b.Snapshot(curate.Extras{})
	if a.Revision != later.Revision {
		t.Errorf("revision changed a minute later without new content: %s → %s", a.Revision, later.Revision)
	}
	items = append(items, answer("2", 3, 2*time.Hour, "Zu spät geliefert."))
	c, _ := build(r, channel(nil), items)
	if c.Revision == a.Revision {
		t.Error("revision did not change with a new comment")
	}
}

func TestRulesErrorsNameTheKey(t *testing.T) {
	_, err := curate.NewRules(curate.Moderation{Names: []string{"Anna", "A"}, BlockedWords: []string{"ab*"}})
	if err == nil {
		t.Fatal("NewRules accepted a one-letter name and a two-letter prefix")
	}
	for _, want := range []string{`moderation.names[1] "A"`, `moderation.blocked_words[0] "ab*"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestBalancedSelectionOfStars(t *testing.T) {
	star := func(id string, score int, age time.Duration) feed.Feedback {
		f := answer(id, score, age, "Ein Kommentar zu den Sternen.")
		f.Source, f.Scale = "reviews", feed.ScaleStars
		return f
	}
	items := []feed.Feedback{
		star("5a", 5, 1*time.Hour), star("5b", 5, 2*time.Hour), star("4a", 4, 3*time.Hour),
		star("5c", 5, 4*time.Hour), star("3a", 3, 5*time.Hour), star("1a", 1, 6*time.Hour),
		star("2a", 2, 7*time.Hour),
	}
	ch := channel(func(ch *curate.Channel) { ch.MaxComments = 3 })
	snap, _ := build(rules(t, curate.Moderation{}), ch, items)
	if got, want := ids(snap.Comments), "reviews/5a reviews/3a reviews/1a"; got != want {
		t.Errorf("comments = %s, want one of each group: %s", got, want)
	}
}

func TestPersonalDataOutsideTheText(t *testing.T) {
	a := answer("max.mustermann@example.com", 9, time.Hour, "Sehr gute Beratung, gerne wieder.")
	a.Touchpoint = "Hotline Sabine Krause max@example.com"
	b := answer("2", 3, 2*time.Hour, "Leider kein Rückruf bekommen.")
	b.Touchpoint = a.Touchpoint
	r := rules(t, curate.Moderation{Names: []string{"Sabine Krause"}})
	snap, _ := build(r, channel(nil), []feed.Feedback{a, b})
	out := fmt.Sprintf("%+v", snap)
	for _, raw := range []string{"example.com", "Krause", "mustermann"} {
		if strings.Contains(out, raw) {
			t.Errorf("snapshot contains %q: %s", raw, out)
		}
	}
	if len(snap.NPS.ByTouchpoint) != 1 || !strings.Contains(snap.NPS.ByTouchpoint[0].Touchpoint, curate.Mark) {
		t.Errorf("touchpoints = %+v, want one, redacted", snap.NPS.ByTouchpoint)
	}
	var digest string
	for _, c := range snap.Comments {
		if strings.HasPrefix(c.ID, "survey/#") {
			digest = c.ID
		}
	}
	if digest == "" {
		t.Fatalf("comment ids = %s, want a digest for the e-mail id", ids(snap.Comments))
	}
	// The digest a screen shows is what an admin can hide.
	snap, _ = build(r, channel(func(ch *curate.Channel) { ch.Hidden = []string{digest} }), []feed.Feedback{a, b})
	if got := ids(snap.Comments); got != "survey/2" {
		t.Errorf("after hiding %s the comments are %s", digest, got)
	}
}

// privacy.people and privacy.hide_negative decide whether a comment that
// names a person is shown redacted or not at all; its score counts anyway,
// and the admins' list says what happened to each.
func TestPrivacyPolicy(t *testing.T) {
	items := []feed.Feedback{
		answer("praise", 10, time.Hour, "Herr Schneider an der Kasse war super freundlich."),
		answer("complaint", 1, 2*time.Hour, "Herr Schneider an der Kasse war sehr unfreundlich zu mir."),
		answer("mail", 2, 3*time.Hour, "Bitte melden Sie sich unter kunde@example.de, die Lieferung fehlt."),
		answer("clean", 9, 4*time.Hour, "Das Essen war heute richtig gut."),
	}
	r := rules(t, curate.Moderation{Names: []string{"Schneider"}})
	for _, tc := range []struct {
		name    string
		privacy curate.Privacy
		shown   string
		hidden  map[string]string
	}{
		{"redact", curate.Privacy{}, "survey/praise survey/complaint survey/mail survey/clean", nil},
		{"hide negative", curate.Privacy{HideNegative: true}, "survey/praise survey/mail survey/clean",
			map[string]string{"survey/complaint": curate.HiddenNegativePerson}},
		{"hide", curate.Privacy{HidePeople: true}, "survey/mail survey/clean",
			map[string]string{"survey/praise": curate.HiddenPerson, "survey/complaint": curate.HiddenPerson}},
	} {
		ch := channel(func(ch *curate.Channel) {
			ch.Privacy = tc.privacy
			ch.Selection.Latest = true
		})
		b := r.NewBuilder(ch, now)
		for i := range items {
			b.Add(&items[i])
		}
		snap := b.Snapshot(curate.Extras{})
		if got := ids(snap.Comments); got != tc.shown {
			t.Errorf("%s: shown %q, want %q", tc.name, got, tc.shown)
		}
		if snap.NPS == nil || snap.NPS.Responses != 4 {
			t.Errorf("%s: NPS = %+v, want every answer counted", tc.name, snap.NPS)
		}
		got := map[string]curate.Redaction{}
		for _, rd := range b.Redactions() {
			got[rd.Comment] = rd
		}
		if len(got) != 3 {
			t.Errorf("%s: redactions %+v, want praise, complaint and mail", tc.name, b.Redactions())
		}
		if rd := got["survey/mail"]; fmt.Sprint(rd.Kinds) != "[email]" || rd.Hidden != "" || strings.Contains(rd.Text, "example") {
			t.Errorf("%s: mail redaction = %+v", tc.name, rd)
		}
		for id, rd := range got {
			if rd.Hidden != tc.hidden[id] {
				t.Errorf("%s: %s hidden %q, want %q", tc.name, id, rd.Hidden, tc.hidden[id])
			}
			if strings.Contains(rd.Text, "Schneider") {
				t.Errorf("%s: %s text %q still names him", tc.name, id, rd.Text)
			}
		}
		if _, ok := got["survey/clean"]; ok {
			t.Errorf("%s: a clean comment is listed", tc.name)
		}
	}
}

// privacy.allow keeps a word that looks like a first name; a bad entry is
// an error naming its key.
func TestPrivacyAllow(t *testing.T) {
	items := []feed.Feedback{answer("menu", 10, time.Hour, "Das Menü Paula war heute ausgezeichnet.")}
	ch := channel(func(ch *curate.Channel) { ch.Selection.Latest = true })
	if snap, _ := build(rules(t, curate.Moderation{}), ch, items); len(snap.Comments) != 1 || strings.Contains(snap.Comments[0].Text, "Paula") {
		t.Fatalf("without allow: %+v, want Paula redacted", snap.Comments)
	}
	snap, _ := build(rules(t, curate.Moderation{Allow: []string{"Menü Paula"}}), ch, items)
	if len(snap.Comments) != 1 || snap.Comments[0].Text != items[0].Comment {
		t.Errorf("with allow: %+v, want the comment unchanged", snap.Comments)
	}
	if _, err := curate.NewRules(curate.Moderation{Allow: []string{"ok", "  "}}); err == nil || !strings.Contains(err.Error(), "privacy.allow[1]") {
		t.Errorf("NewRules(bad allow) = %v, want an error naming privacy.allow[1]", err)
	}
}

// A snapshot lists at most MaxTouchpoints per scale, those with the most
// answers first.
func TestTouchpointCap(t *testing.T) {
	var items []feed.Feedback
	for i := range curate.MaxTouchpoints + 5 {
		for k := range i + 1 {
			f := answer(fmt.Sprintf("s-%d-%d", i, k), 4, time.Duration(i*50+k+1)*time.Minute, "")
			f.Scale, f.Touchpoint = feed.ScaleStars, fmt.Sprintf("Filiale %02d", i)
			items = append(items, f)
		}
	}
	slices.SortFunc(items, func(a, b feed.Feedback) int { return b.CreatedAt.Compare(a.CreatedAt) })
	snap, _ := build(rules(t, curate.Moderation{}), channel(nil), items)
	if snap.Stars == nil || len(snap.Stars.ByTouchpoint) != curate.MaxTouchpoints {
		t.Fatalf("stars by touchpoint = %+v, want %d", snap.Stars, curate.MaxTouchpoints)
	}
	if got := snap.Stars.ByTouchpoint[0].Touchpoint; got != fmt.Sprintf("Filiale %02d", curate.MaxTouchpoints+4) {
		t.Errorf("first touchpoint = %q, want the one with the most answers", got)
	}
}
