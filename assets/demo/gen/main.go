// Command gen writes the demo feedback (assets/demo/feedback.json) that
// make run shows: twelve weeks of NPS and star answers for five
// touchpoints, with comments drawn from the hand-written pools in
// pools.go, so that every slide has something to say. It is deterministic:
//
//	go run ./assets/demo/gen > assets/demo/feedback.json
//
// The story the data tell, period against period (30 days each):
// deliveries and the app get better (the app's login trouble fades after
// an update), the branches and the website hold, and the hotline drops as
// its waiting time grows: "Wartezeit" is the rising theme, "Login" the
// falling one. A few comments carry ideas, in German and English.
//
// gen refuses pool comments that the idea detector takes for an idea or
// the redactor would change: ideas and personal data are placed on
// purpose only (see special in pools.go).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/curate"
)

// newest is the time of the newest answer; ingest.Demo moves every answer
// so that it is now.
var newest = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

const (
	days        = 84   // twelve weeks
	commentRate = 0.62 // answers with a comment
	englishRate = 0.22
)

// level is a touchpoint's score in the oldest weeks, the previous period
// and the current one; scores move linearly between them.
type level struct{ old, prev, cur float64 }

func (l level) at(daysAgo float64) float64 {
	// Knots in the middle of each stretch: 72 days ago, 45, 15.
	switch {
	case daysAgo >= 72:
		return l.old
	case daysAgo >= 45:
		return l.prev + (l.old-l.prev)*(daysAgo-45)/27
	case daysAgo >= 15:
		return l.cur + (l.prev-l.cur)*(daysAgo-15)/30
	}
	return l.cur
}

type touchpoint struct {
	name         string
	nps, stars   level
	nNPS, nStars int // answers over the twelve weeks
}

var touchpoints = []touchpoint{
	{"Lieferung", level{34, 42, 60}, level{4.1, 4.1, 4.5}, 120, 100},
	{"App", level{24, 33, 50}, level{3.6, 3.7, 4.2}, 120, 100},
	{"Filiale", level{48, 50, 42}, level{4.4, 4.4, 4.2}, 114, 96},
	{"Website", level{31, 36, 37}, level{3.8, 3.9, 3.9}, 114, 96},
	{"Hotline", level{30, 30, 8}, level{3.7, 3.6, 2.8}, 120, 100},
}

// item is one answer in the demo file's format.
type item struct {
	ID         string `json:"id"`
	Source     string `json:"source"`
	Scale      string `json:"scale"`
	Score      int    `json:"score"`
	Comment    string `json:"comment"`
	Touchpoint string `json:"touchpoint"`
	CreatedAt  string `json:"created_at"`
	Language   string `json:"language"`

	at time.Time
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	if err := checkPools(); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(13, 2026))
	picker := newPicker(rng)
	var items []item
	for _, tp := range touchpoints {
		items = append(items, answers(rng, picker, tp, "survey", tp.nNPS)...)
		items = append(items, answers(rng, picker, tp, "reviews", tp.nStars)...)
	}
	for _, s := range special {
		it := s.item
		it.at = newest.Add(-time.Duration(s.daysAgo * 24 * float64(time.Hour))).Truncate(time.Second)
		if s.at != "" {
			at, err := time.Parse(time.RFC3339, s.at)
			if err != nil {
				return fmt.Errorf("special %s: %w", it.ID, err)
			}
			it.at = at
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b item) int { return b.at.Compare(a.at) })
	number(items)
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	for i := range items {
		items[i].CreatedAt = items[i].at.Format(time.RFC3339)
	}
	if err := enc.Encode(items); err != nil {
		return err
	}
	return w.Flush()
}

// answers makes n answers of one touchpoint and source, spread evenly over
// the twelve weeks with some jitter, their scores following the
// touchpoint's level by error diffusion: every stretch of time gets the
// score its level says, not a random draw around it.
func answers(rng *rand.Rand, p *picker, tp touchpoint, source string, n int) []item {
	out := make([]item, 0, n)
	var debt [5]float64
	step := float64(days) / float64(n)
	for i := range n {
		daysAgo := float64(days) - (float64(i)+0.5+0.8*(rng.Float64()-0.5))*step
		at := dayTime(rng, newest.Add(-time.Duration(daysAgo*24*float64(time.Hour))))
		if !at.Before(newest) {
			at = newest.Add(-time.Hour)
		}
		daysAgo = newest.Sub(at).Hours() / 24
		it := item{Source: source, Touchpoint: tp.name, Language: "de", at: at}
		if rng.Float64() < englishRate {
			it.Language = "en"
		}
		var g group
		if source == "survey" {
			it.Scale = "nps"
			probs := npsShares(tp.nps.at(daysAgo))
			c := diffuse(&debt, probs[:])
			it.Score = npsScore(rng, c)
			g = group(c)
		} else {
			it.Scale = "stars"
			probs := starShares(tp.stars.at(daysAgo))
			it.Score = diffuse(&debt, probs[:]) + 1
			g = starGroup(it.Score)
		}
		if rng.Float64() < commentRate {
			it.Comment = p.comment(tp.name, g, it.Language, daysAgo)
		}
		out = append(out, it)
	}
	return out
}

// dayTime moves t to a time of day between 07:00 and 22:00 UTC, keeping
// the day, as customers answer.
func dayTime(rng *rand.Rand, t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.Add(7*time.Hour + time.Duration(rng.Int64N(int64(15*time.Hour/time.Second)))*time.Second)
}

// diffuse picks the category owed most so far and books it.
func diffuse(debt *[5]float64, probs []float64) int {
	best := 0
	for i, p := range probs {
		debt[i] += p
		if debt[i] > debt[best] {
			best = i
		}
	}
	debt[best]--
	return best
}

// group is a comment's sentiment: promoters and 4–5 stars, passives and 3,
// detractors and 1–2.
type group int

const (
	pos group = iota
	mid
	neg
)

func starGroup(score int) group {
	switch {
	case score >= 4:
		return pos
	case score == 3:
		return mid
	}
	return neg
}

// npsShares returns the shares of promoters, passives and detractors of a
// score, with a quarter or so passives.
func npsShares(score float64) [3]float64 {
	pass := 0.27
	prom := (1 - pass + score/100) / 2
	det := 1 - pass - prom
	return [3]float64{prom, pass, det}
}

func npsScore(rng *rand.Rand, c int) int {
	switch group(c) {
	case pos:
		return 9 + rng.IntN(2)
	case mid:
		return 7 + rng.IntN(2)
	}
	return []int{0, 1, 2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6}[rng.IntN(14)]
}

// starShares mixes a happy and an unhappy distribution of stars to reach
// the average.
func starShares(avg float64) [5]float64 {
	good := [5]float64{0.02, 0.03, 0.08, 0.32, 0.55}
	bad := [5]float64{0.30, 0.24, 0.20, 0.16, 0.10}
	ga, ba := mean(good), mean(bad)
	w := math.Max(0, math.Min(1, (avg-ba)/(ga-ba)))
	var out [5]float64
	for i := range out {
		out[i] = w*good[i] + (1-w)*bad[i]
	}
	return out
}

func mean(p [5]float64) float64 {
	s := 0.0
	for i, v := range p {
		s += float64(i+1) * v
	}
	return s
}

// number gives the answers their ids, s-0001 … and r-0001 … from the
// oldest, skipping those the special answers keep.
func number(items []item) {
	taken := map[string]bool{}
	for _, it := range items {
		if it.ID != "" {
			taken[it.ID] = true
		}
	}
	next := map[string]int{}
	for i := len(items) - 1; i >= 0; i-- {
		it := &items[i]
		if it.ID != "" {
			continue
		}
		prefix := it.Source[:1]
		for {
			next[prefix]++
			id := fmt.Sprintf("%s-%04d", prefix, next[prefix])
			if !taken[id] {
				it.ID = id
				break
			}
		}
	}
}

// picker hands out pool comments in a shuffled round: every comment of a
// pool is used once before any is used again.
type picker struct {
	rng   *rand.Rand
	queue map[*[]string][]string
}

func newPicker(rng *rand.Rand) *picker {
	return &picker{rng: rng, queue: map[*[]string][]string{}}
}

func (p *picker) from(pool *[]string) string {
	q := p.queue[pool]
	if len(q) == 0 {
		q = slices.Clone(*pool)
		p.rng.Shuffle(len(q), func(i, j int) { q[i], q[j] = q[j], q[i] })
	}
	p.queue[pool] = q[1:]
	return q[0]
}

// comment picks a comment for an answer: a theme's in its time (see
// themed), else one of the touchpoint's for its sentiment and language.
func (p *picker) comment(tp string, g group, lang string, daysAgo float64) string {
	for i := range themed {
		t := &themed[i]
		if t.touchpoint != tp || t.group != g {
			continue
		}
		rate := t.before
		if daysAgo < 30 {
			rate = t.recent
		}
		if p.rng.Float64() < rate {
			return p.from(t.pool(lang))
		}
	}
	return p.from(pools[tp][g].pool(lang))
}

// checkPools refuses pool comments that are ideas or hold personal data:
// in the demo, both are placed on purpose.
func checkPools() error {
	r, err := curate.NewRedactor(nil)
	if err != nil {
		return err
	}
	var bad []string
	check := func(where string, c string) {
		if curate.IsIdea(c) {
			bad = append(bad, where+": an idea: "+c)
		}
		if _, n := r.Redact(c); n > 0 {
			bad = append(bad, where+": redacted: "+c)
		}
	}
	for tp, gs := range pools {
		for g, l := range gs {
			for _, c := range append(slices.Clone(l.de), l.en...) {
				check(fmt.Sprintf("%s/%d", tp, g), c)
			}
		}
	}
	for _, t := range themed {
		for _, c := range append(slices.Clone(t.de), t.en...) {
			check(t.touchpoint+"/themed", c)
		}
	}
	for _, s := range special {
		if _, n := r.Redact(s.item.Comment); (n > 0) != s.personal {
			bad = append(bad, s.item.ID+": personal data is "+fmt.Sprint(n > 0)+", want "+fmt.Sprint(s.personal))
		}
		if curate.IsIdea(s.item.Comment) != s.idea {
			bad = append(bad, "special "+s.item.Comment+": idea is "+fmt.Sprint(!s.idea))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("pools:\n%s", strings.Join(bad, "\n"))
	}
	return nil
}
