package surveymonkey

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/cxtv/cxtv/feed/source"
)

// Survey is what a response needs of its survey's details (GET
// /v3/surveys/{id}/details): which questions hold the NPS answer, the star
// rating and the comment, and the score of each of their choices.
type Survey struct {
	ID       string
	Language string // the survey's language, such as de; "" where unknown

	nps, stars, comment *question
}

// question is one question of the details, with the scores of its choices.
type question struct {
	id     string
	path   string         // in the details, for errors
	scores map[string]int // choice id → score; N/A choices are absent
	na     map[string]bool
}

type detailsDoc struct {
	ID       id     `json:"id"`
	Language string `json:"language"`
	Pages    []struct {
		Questions []detailsQuestion `json:"questions"`
	} `json:"pages"`
}

type detailsQuestion struct {
	ID             id     `json:"id"`
	Family         string `json:"family"`
	Subtype        string `json:"subtype"`
	DisplayOptions *struct {
		DisplayType    string `json:"display_type"`
		DisplaySubtype string `json:"display_subtype"`
	} `json:"display_options"`
	Answers *struct {
		Choices []struct {
			ID       id   `json:"id"`
			Position int  `json:"position"`
			Weight   *int `json:"weight"`
			IsNA     bool `json:"is_na"`
		} `json:"choices"`
	} `json:"answers"`
}

// ParseSurvey reads a survey's details and picks its questions. The NPS
// question is o.NPSQuestion or else the survey's only rating question
// (family matrix, subtype rating) with eleven choices; the star rating
// o.StarsQuestion or else its only star rating (display_subtype star) with
// five; the comment o.CommentQuestion or else its first comment box
// (family open_ended, subtype essay). A survey with neither score
// question, or with two candidates for one, is a *FieldError.
//
// A choice scores its weight where the weights of the question's choices
// are exactly the scale (0–10, 1–5); else its place among the choices by
// position: the first NPS choice scores 0, the first star 1.
//
// SurveyMonkey documents the star rating's shape but not the NPS
// question's: it is taken to be a matrix rating whose eleven choices run
// from 0 to 10, weighted 0–10 or by NPS group (-100, 0, 100), which the
// position rule reads alike. Where a survey's NPS question has another
// shape, the source names its id.
func ParseSurvey(r io.Reader, o Options) (*Survey, error) {
	var d detailsDoc
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, jsonError(err, "", "the survey details")
	}
	s := &Survey{ID: string(d.ID), Language: source.Language(d.Language)}
	found := map[string][]*question{}
	for p, page := range d.Pages {
		for i, dq := range page.Questions {
			kind := o.kindOf(&dq)
			if kind == "" {
				continue
			}
			q := &question{id: string(dq.ID), path: fmt.Sprintf("pages[%d].questions[%d]", p, i)}
			if kind != "comment" {
				if err := q.setScores(dq, kind); err != nil {
					return nil, err
				}
			}
			found[kind] = append(found[kind], q)
		}
	}
	for _, k := range []struct{ kind, named, what string }{
		{"nps", o.NPSQuestion, "rating questions with 11 choices (NPS)"},
		{"stars", o.StarsQuestion, "star ratings"},
		{"comment", o.CommentQuestion, "comment boxes"},
	} {
		qs := found[k.kind]
		switch {
		case k.named != "" && len(qs) == 0:
			return nil, &FieldError{Path: "pages", Reason: fmt.Sprintf("survey %s has no question %s", s.ID, k.named)}
		case len(qs) > 1 && k.kind != "comment": // the first comment box is the comment
			var ids []string
			for _, q := range qs {
				ids = append(ids, q.id)
			}
			return nil, &FieldError{Path: "pages", Reason: fmt.Sprintf("%d %s (questions %s); name the one to read in the source", len(qs), k.what, source.ShortList(ids))}
		}
	}
	first := func(qs []*question) *question {
		if len(qs) == 0 {
			return nil
		}
		return qs[0]
	}
	s.nps, s.stars, s.comment = first(found["nps"]), first(found["stars"]), first(found["comment"])
	if s.nps == nil && s.stars == nil {
		return nil, &FieldError{Path: "pages", Reason: fmt.Sprintf("survey %s has no NPS question (a rating with 11 choices) and no 5-star rating; name the question ids in the source", s.ID)}
	}
	return s, nil
}

// kindOf says what dq holds for o: "nps", "stars", "comment" or "". A
// question o names is what o names it; where o names the question of a
// kind, no other is of that kind.
func (o Options) kindOf(dq *detailsQuestion) string {
	if id := string(dq.ID); id != "" {
		switch id {
		case o.NPSQuestion:
			return "nps"
		case o.StarsQuestion:
			return "stars"
		case o.CommentQuestion:
			return "comment"
		}
	}
	kind := dq.kind()
	if kind == "nps" && o.NPSQuestion != "" || kind == "stars" && o.StarsQuestion != "" || kind == "comment" && o.CommentQuestion != "" {
		return ""
	}
	return kind
}

// kind says what a question may hold: "nps", "stars", "comment" or "".
func (dq *detailsQuestion) kind() string {
	if dq.Family == "open_ended" && dq.Subtype == "essay" {
		return "comment"
	}
	if dq.Family != "matrix" || dq.Subtype != "rating" || dq.Answers == nil {
		return ""
	}
	n := 0
	for _, c := range dq.Answers.Choices {
		if !c.IsNA {
			n++
		}
	}
	star := dq.DisplayOptions != nil && dq.DisplayOptions.DisplaySubtype == "star"
	switch {
	case star && n == 5:
		return "stars"
	case !star && n == 11:
		return "nps"
	}
	return ""
}

// setScores maps the choices of dq to scores on the scale of kind.
func (q *question) setScores(dq detailsQuestion, kind string) error {
	lo, n := 0, 11
	if kind == "stars" {
		lo, n = 1, 5
	}
	type choice struct {
		id     string
		pos    int
		weight *int
	}
	var choices []choice
	q.scores, q.na = map[string]int{}, map[string]bool{}
	if dq.Answers != nil {
		for _, c := range dq.Answers.Choices {
			if c.IsNA {
				q.na[string(c.ID)] = true
			} else {
				choices = append(choices, choice{string(c.ID), c.Position, c.Weight})
			}
		}
	}
	if len(choices) != n {
		return &FieldError{Path: q.path + ".answers.choices", Reason: fmt.Sprintf("%d choices; %s needs %d", len(choices), map[string]string{"nps": "an NPS question", "stars": "a star rating"}[kind], n)}
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].pos < choices[j].pos })
	byWeight := true
	seen := map[int]bool{}
	for _, c := range choices {
		if c.weight == nil || *c.weight < lo || *c.weight >= lo+n || seen[*c.weight] {
			byWeight = false
			break
		}
		seen[*c.weight] = true
	}
	for i, c := range choices {
		if byWeight {
			q.scores[c.id] = *c.weight
		} else {
			q.scores[c.id] = lo + i
		}
	}
	return nil
}

// has says whether choice is one of q's, an N/A choice included.
func (q *question) has(choice string) bool {
	_, ok := q.scores[choice]
	return ok || q.na[choice]
}
