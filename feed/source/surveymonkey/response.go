package surveymonkey

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// responseDoc is a response's details (GET
// /v3/surveys/{id}/responses/{id}/details, or one item of
// /responses/bulk), reduced to what is read.
type responseDoc struct {
	ID              id                         `json:"id"`
	SurveyID        id                         `json:"survey_id"`
	Status          string                     `json:"response_status"`
	Mode            string                     `json:"collection_mode"`
	Created         string                     `json:"date_created"`
	Modified        string                     `json:"date_modified"`
	CustomVariables map[string]json.RawMessage `json:"custom_variables"`
	Pages           []struct {
		Questions []struct {
			ID      id `json:"id"`
			Answers []struct {
				ChoiceID id      `json:"choice_id"`
				OtherID  id      `json:"other_id"`
				Text     *string `json:"text"`
			} `json:"answers"`
		} `json:"questions"`
	} `json:"pages"`
}

// bulkPage is one page of GET /v3/surveys/{id}/responses/bulk.
type bulkPage struct {
	Data  []responseDoc `json:"data"`
	Links struct {
		Next string `json:"next"`
	} `json:"links"`
}

// Decode reads one response's details, as GET
// /v3/surveys/{id}/responses/{id}/details returns them, with s the
// details of its survey. A completed response becomes its NPS answer
// and/or star rating; a partial, disqualified or over-quota response, a
// preview, or one with neither score answered is one entry of Skipped. A
// document that is no response, or names a choice the survey lacks
// (errors.Is ErrUnknownChoice), is an error and nothing is returned.
func Decode(r io.Reader, s *Survey, o Options) (source.Batch, error) {
	if s == nil {
		return source.Batch{}, errors.New("surveymonkey: no survey details to decode the response with")
	}
	if o.Source == "" {
		o.Source = DefaultSource
	}
	dec := json.NewDecoder(r)
	var d responseDoc
	if err := dec.Decode(&d); err != nil {
		return source.Batch{}, jsonError(err, "", "a response")
	}
	if _, err := dec.Token(); err != io.EOF {
		return source.Batch{}, errors.New("invalid JSON: more data after the response")
	}
	var b source.Batch
	if err := d.add(&b, s, o, ""); err != nil {
		return source.Batch{}, err
	}
	return b, nil
}

// decodePage reads a page of responses/bulk and returns its link to the
// next page, "" on the last.
func decodePage(r io.Reader, s *Survey, o Options) (source.Batch, string, error) {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	var p bulkPage
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return source.Batch{}, "", jsonError(err, "", "a page of responses")
	}
	var b source.Batch
	for i := range p.Data {
		if err := p.Data[i].add(&b, s, o, fmt.Sprintf("data[%d].", i)); err != nil {
			return source.Batch{}, "", err
		}
	}
	return b, p.Links.Next, nil
}

// add appends d's answers to b, or records why d is left out; prefix is
// d's path in its document.
func (d *responseDoc) add(b *source.Batch, s *Survey, o Options, prefix string) error {
	rid := string(d.ID)
	if rid == "" {
		return &FieldError{Path: prefix + "id", Reason: "is required"}
	}
	if d.SurveyID != "" && s.ID != "" && string(d.SurveyID) != s.ID {
		return &FieldError{Path: prefix + "survey_id", Reason: fmt.Sprintf("response %s is of survey %s, not %s", rid, d.SurveyID, s.ID)}
	}
	switch d.Status {
	case "completed":
	case "":
		b.Skip(rid, "no response_status")
		return nil
	default:
		b.Skip(rid, fmt.Sprintf("%s response (response_status = %s)", source.Short(d.Status), source.Short(d.Status)))
		return nil
	}
	if d.Mode == "preview" || d.Mode == "survey_preview" {
		b.Skip(rid, fmt.Sprintf("preview response (collection_mode = %s)", d.Mode))
		return nil
	}
	created, err := parseTime(prefix+"date_created", d.Created)
	if err != nil {
		return err
	}
	if created.IsZero() {
		return &FieldError{Path: prefix + "date_created", Reason: "is required"}
	}
	resp := source.Response{ID: rid, CreatedAt: created, Language: s.Language}
	modified, err := parseTime(prefix+"date_modified", d.Modified)
	if err != nil {
		return err
	}
	if modified.After(created) {
		resp.UpdatedAt = modified
	}
	var other [2]string // the comment fields of the NPS and the star question
	for p, page := range d.Pages {
		for q, qa := range page.Questions {
			qid := string(qa.ID)
			for a, ans := range qa.Answers {
				path := fmt.Sprintf("%spages[%d].questions[%d].answers[%d]", prefix, p, q, a)
				for i, sq := range []*question{s.nps, s.stars} {
					if sq == nil || sq.id != qid {
						continue
					}
					if ans.ChoiceID == "" {
						if ans.OtherID != "" && ans.Text != nil {
							other[i] = *ans.Text
						}
						continue
					}
					score, err := sq.score(string(ans.ChoiceID), path+".choice_id")
					if err != nil {
						return err
					}
					if i == 0 {
						resp.NPS = score
					} else {
						resp.Stars = score
					}
				}
				if s.comment != nil && s.comment.id == qid && ans.Text != nil && resp.Comment == "" {
					resp.Comment = strings.TrimSpace(*ans.Text)
				}
			}
		}
	}
	for _, c := range other {
		if resp.Comment == "" {
			resp.Comment = strings.TrimSpace(c)
		}
	}
	resp.Comment = source.Clip(resp.Comment)
	if o.TouchpointVariable != "" {
		if raw, ok := d.CustomVariables[o.TouchpointVariable]; ok {
			var tp *string
			if err := json.Unmarshal(raw, &tp); err != nil {
				return &FieldError{Path: fmt.Sprintf("%scustom_variables[%q]", prefix, o.TouchpointVariable), Reason: "is not text"}
			}
			if tp != nil && !strings.Contains(*tp, "@") { // an e-mail address is never a touchpoint
				resp.Touchpoint = strings.TrimSpace(*tp)
			}
		}
	}
	b.Add(o.Source, resp)
	return nil
}

// score returns the score of choice, nil for an N/A choice.
func (q *question) score(choice, path string) (*int, error) {
	if !q.has(choice) {
		return nil, &FieldError{Path: path, Reason: fmt.Sprintf("choice %s is not one of question %s in the survey details", source.Short(choice), q.id), Err: ErrUnknownChoice}
	}
	if q.na[choice] {
		return nil, nil
	}
	return source.Int(q.scores[choice]), nil
}

func parseTime(path, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil || t.Year() > 9999 {
		return time.Time{}, &FieldError{Path: path, Reason: fmt.Sprintf("%q is no time such as 2026-03-30T12:00:00+00:00", source.Short(v))}
	}
	return t, nil
}
