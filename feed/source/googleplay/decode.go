package googleplay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

// DefaultSource is what answers are stored under when Options.Source is
// empty.
const DefaultSource = "googleplay"

// Options says how to store one page's reviews.
type Options struct {
	Source string // the source the answers are stored under; empty: DefaultSource
}

// FieldError names the field of a reviews.list response that could not be
// read, by its JSON path (reviews[2].comments[0].userComment.starRating).
// It is source.FieldError, which appstore returns too.
type FieldError = source.FieldError

// Decode reads one reviews.list response, such as a page saved from the
// API. A review without a user comment or a star rating is left out and
// listed in Skipped; a field that cannot be read fails the page with a
// *FieldError.
func Decode(r io.Reader, o Options) (source.Batch, error) {
	b, _, err := decodePage(r, o)
	return b, err
}

// listResponse is a reviews.list response, its reviews kept raw so that an
// error can name the review it is in.
type listResponse struct {
	Reviews         []json.RawMessage `json:"reviews"`
	TokenPagination *struct {
		NextPageToken string `json:"nextPageToken"`
	} `json:"tokenPagination"`
}

type review struct {
	ReviewID string `json:"reviewId"`
	// authorName is not read.
	Comments []struct {
		UserComment *userComment `json:"userComment"`
		// developerComment, the developer's reply, is not read.
	} `json:"comments"`
}

type userComment struct {
	Text         string `json:"text"`
	LastModified *struct {
		Seconds json.RawMessage `json:"seconds"` // int64 as a string, as protobuf JSON writes it
		Nanos   int64           `json:"nanos"`
	} `json:"lastModified"`
	StarRating       int    `json:"starRating"`
	ReviewerLanguage string `json:"reviewerLanguage"`
	// device, deviceMetadata, app and OS versions are not read.
}

// decodePage is Decode that also returns the token of the next page, ""
// for the last.
func decodePage(r io.Reader, o Options) (source.Batch, string, error) {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	var page listResponse
	dec := json.NewDecoder(r)
	if err := dec.Decode(&page); err != nil {
		return source.Batch{}, "", source.JSONError(err, "", "the API")
	}
	var b source.Batch
	for i, raw := range page.Reviews {
		p := fmt.Sprintf("reviews[%d]", i)
		var rv review
		if err := json.Unmarshal(raw, &rv); err != nil {
			return source.Batch{}, "", source.JSONError(err, p, "the API")
		}
		resp, skip, err := rv.response(p)
		if err != nil {
			return source.Batch{}, "", err
		}
		if skip != "" {
			b.Skip(resp.ID, skip)
			continue
		}
		b.Add(o.Source, resp)
	}
	next := ""
	if page.TokenPagination != nil {
		next = page.TokenPagination.NextPageToken
	}
	return b, next, nil
}

// response turns a review into a response: the star rating of its user
// comment, title and body as the comment, the reviewer's language, and
// the time the review was last changed as both its creation and update
// time (the API gives no other). The reviewer's name and device are not
// kept. skip is why a review has no answer to store.
func (rv review) response(p string) (resp source.Response, skip string, err error) {
	id := strings.TrimSpace(rv.ReviewID)
	if id == "" {
		return resp, "", &FieldError{Path: p + ".reviewId", Reason: "empty: want the review id"}
	}
	resp.ID = id
	if len(rv.Comments) == 0 || rv.Comments[0].UserComment == nil {
		return resp, "no user comment", nil
	}
	uc := rv.Comments[0].UserComment
	p += ".comments[0].userComment"
	if uc.LastModified == nil {
		return resp, "", &FieldError{Path: p + ".lastModified", Reason: "missing: want the time of the review"}
	}
	sec, err := seconds(uc.LastModified.Seconds)
	if err != nil {
		return resp, "", &FieldError{Path: p + ".lastModified.seconds", Reason: err.Error()}
	}
	if n := uc.LastModified.Nanos; n < 0 || n > 999_999_999 {
		return resp, "", &FieldError{Path: p + ".lastModified.nanos", Reason: fmt.Sprintf("%d is outside 0–999999999", n)}
	}
	at := time.Unix(sec, uc.LastModified.Nanos).UTC()
	resp.CreatedAt, resp.UpdatedAt = at, at
	if uc.StarRating != 0 {
		stars := uc.StarRating
		resp.Stars = &stars
	}
	resp.Comment = comment(uc.Text)
	resp.Language = language(uc.ReviewerLanguage)
	return resp, "", nil
}

// seconds reads a protobuf int64: a JSON string of digits, or a number.
func seconds(raw json.RawMessage) (int64, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || s == "null" {
		return 0, errors.New("missing")
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, fmt.Errorf("%s is no JSON string", source.Short(s))
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 253402300799 { // up to 9999-12-31, as protobuf's Timestamp
		return 0, fmt.Errorf("%q is not a number of seconds since 1970", source.Short(s))
	}
	return n, nil
}

// comment reads a review's text: where the reviewer wrote a title, the API
// joins it to the body with a tab, so the text is split on its first tab.
func comment(text string) string {
	title, body, found := strings.Cut(text, "\t")
	if !found {
		title, body = "", text
	}
	return source.ReviewComment(title, body)
}

// language turns the API's reviewerLanguage (de, en_GB) into a tag as the
// feed stores it (de, en-GB); "" for what is no such code.
func language(v string) string {
	v = strings.ReplaceAll(strings.TrimSpace(v), "_", "-")
	if v == "" || len(v) > feed.MaxLanguageLength {
		return ""
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return ""
		}
	}
	return v
}
