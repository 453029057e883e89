package curate

import (
	"fmt"
	"slices"

	"github.com/cxtv/cxtv/feed"
)

// The comments a snapshot shows: a balanced share of promoters, passives
// and detractors, or the latest.

// selection picks the comments of ch to show from its candidates, pool,
// newest first, and says how; eligible is how many comments of the
// period pass the filters.
func selection(ch *Channel, pool [3][]feed.Comment, eligible int) ([]feed.Comment, string) {
	if ch.Selection.Latest {
		out := slices.Clone(pool[0])
		if out == nil {
			out = []feed.Comment{}
		}
		return out, fmt.Sprintf("latest: the %d newest of %d comments in %d days", len(out), eligible, ch.PeriodDays)
	}
	var avail [3]int
	for c := range avail {
		avail[c] = len(pool[c])
	}
	take := Quotas(ch.MaxComments, ch.Selection.weights(), avail)
	out := make([]feed.Comment, 0, take[0]+take[1]+take[2])
	for c, n := range take {
		out = append(out, pool[c][:n]...)
	}
	slices.SortStableFunc(out, func(x, y feed.Comment) int { return y.CreatedAt.Compare(x.CreatedAt) })
	return out, fmt.Sprintf("balanced: %d promoters, %d passives, %d detractors of %d comments in %d days",
		take[groupPromoter], take[groupPassive], take[groupDetractor], eligible, ch.PeriodDays)
}

// The comment groups of a balanced selection.
const (
	groupPromoter = iota
	groupPassive
	groupDetractor
)

// group sorts an answer into promoters, passives or detractors.
func group(scale feed.Scale, score int) int {
	switch feed.CategoryOf(scale, score) {
	case feed.Promoter:
		return groupPromoter
	case feed.Passive:
		return groupPassive
	}
	return groupDetractor
}

// Quotas shares n places among three groups in proportion to weights,
// never giving a group more than it has (avail): what one group cannot fill
// goes to the others, again by weight. Groups of weight 0 get nothing.
// Rounding follows the largest remainder, ties to the first group.
func Quotas(n int, weights, avail [3]int) [3]int {
	var capped [3]bool // groups that get all they have
	for {
		var take [3]int
		left, sum := n, 0
		for c := range take {
			switch {
			case weights[c] <= 0:
			case capped[c]:
				take[c] = avail[c]
				left -= avail[c]
			default:
				sum += weights[c]
			}
		}
		if left <= 0 || sum == 0 {
			return take
		}
		// Shares of what is left, floored, then the rest by remainder.
		var rem [3]int
		given := 0
		for c := range take {
			if weights[c] > 0 && !capped[c] {
				take[c] = left * weights[c] / sum
				rem[c] = left * weights[c] % sum
				given += take[c]
			}
		}
		for ; given < left; given++ {
			best := -1
			for c := range take {
				if weights[c] > 0 && !capped[c] && (best < 0 || rem[c] > rem[best]) {
					best = c
				}
			}
			take[best]++
			rem[best] = -1
		}
		more := false
		for c := range take {
			if weights[c] > 0 && !capped[c] && take[c] >= avail[c] {
				capped[c], more = true, true
			}
		}
		if !more {
			return take
		}
	}
}

func (s Selection) weights() [3]int { return [3]int{s.Promoters, s.Passives, s.Detractors} }
