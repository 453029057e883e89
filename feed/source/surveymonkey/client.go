package surveymonkey

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultBaseURL is where SurveyMonkey serves its API (accounts in its EU
// and Canadian data centres use api.eu.surveymonkey.com and
// api.surveymonkey.ca).
const DefaultBaseURL = "https://api.surveymonkey.com"

// maxBody bounds one API document: a response's details are a few KiB, a
// bulk page of 100 responses some hundred.
const maxBody = 16 << 20

// maxPages bounds the pages of one pull, so that a server that always
// links a next page cannot keep a Client reading.
const maxPages = 1000

// Client reads responses from the SurveyMonkey API. It keeps each survey's
// details once read; it is safe for concurrent use.
type Client struct {
	// BaseURL replaces the scheme and host of DefaultBaseURL, for another
	// data centre or a test server; the path is always SurveyMonkey's.
	BaseURL    string
	HTTPClient *http.Client // nil: http.DefaultClient
	Token      string       // the app's access token, sent as a bearer token
	Options    Options

	mu      sync.Mutex // guards surveys
	surveys map[string]*Survey
}

// Response fetches one response's details and decodes them (see Decode),
// reading the survey's details first where they are not yet known or lack
// a choice the response names.
func (c *Client) Response(ctx context.Context, surveyID, responseID string) (source.Batch, error) {
	if err := checkIDs(surveyID, responseID); err != nil {
		return source.Batch{}, err
	}
	body, err := c.get(ctx, "/v3/surveys/"+surveyID+"/responses/"+responseID+"/details", nil)
	if err != nil {
		return source.Batch{}, fmt.Errorf("surveymonkey: response %s of survey %s: %w", responseID, surveyID, err)
	}
	b, err := c.decodeFresh(ctx, surveyID, func(s *Survey) (source.Batch, error) {
		return Decode(bytes.NewReader(body), s, c.Options)
	})
	if err != nil {
		return source.Batch{}, fmt.Errorf("surveymonkey: response %s of survey %s: %w", responseID, surveyID, err)
	}
	return b, nil
}

// Responses pulls the responses of a survey modified after since (all
// where since is zero), oldest change first, following the pages of GET
// /v3/surveys/{id}/responses/bulk; as Decode, completed ones become
// answers and the others entries of Skipped.
func (c *Client) Responses(ctx context.Context, surveyID string, since time.Time) (source.Batch, error) {
	if err := checkIDs(surveyID); err != nil {
		return source.Batch{}, err
	}
	q := url.Values{"per_page": {"100"}, "sort_by": {"date_modified"}, "sort_order": {"ASC"}}
	if !since.IsZero() {
		// The API takes this date without an offset, in UTC.
		q.Set("start_modified_at", since.UTC().Format("2006-01-02T15:04:05"))
	}
	path, query := "/v3/surveys/"+surveyID+"/responses/bulk", q
	var all source.Batch
	for n := 1; ; n++ {
		if n > maxPages {
			return source.Batch{}, fmt.Errorf("surveymonkey: responses of survey %s: more than %d pages", surveyID, maxPages)
		}
		body, err := c.get(ctx, path, query)
		if err != nil {
			return source.Batch{}, fmt.Errorf("surveymonkey: responses of survey %s, page %d: %w", surveyID, n, err)
		}
		var next string
		b, err := c.decodeFresh(ctx, surveyID, func(s *Survey) (source.Batch, error) {
			b, nx, err := decodePage(bytes.NewReader(body), s, c.Options)
			next = nx
			return b, err
		})
		if err != nil {
			return source.Batch{}, fmt.Errorf("surveymonkey: responses of survey %s, page %d: %w", surveyID, n, err)
		}
		all.Items = append(all.Items, b.Items...)
		all.Skipped = append(all.Skipped, b.Skipped...)
		if next == "" {
			return all, nil
		}
		// Follow the link's path and query on the configured host only.
		u, err := url.Parse(next)
		if err != nil || !strings.HasPrefix(u.Path, "/v3/surveys/"+surveyID+"/responses/bulk") {
			return source.Batch{}, fmt.Errorf("surveymonkey: responses of survey %s, page %d: next link %q is not this survey's next page", surveyID, n, source.Short(next))
		}
		path, query = u.Path, u.Query()
	}
}

// decodeFresh decodes with the survey's details, read again once where the
// response names a choice they lack.
func (c *Client) decodeFresh(ctx context.Context, surveyID string, decode func(*Survey) (source.Batch, error)) (source.Batch, error) {
	s, err := c.survey(ctx, surveyID, false)
	if err != nil {
		return source.Batch{}, err
	}
	b, err := decode(s)
	if errors.Is(err, ErrUnknownChoice) {
		if s, err = c.survey(ctx, surveyID, true); err != nil {
			return source.Batch{}, err
		}
		b, err = decode(s)
	}
	return b, err
}

// survey returns the details of a survey, read from the API where they are
// not known yet or reload is set.
func (c *Client) survey(ctx context.Context, surveyID string, reload bool) (*Survey, error) {
	c.mu.Lock()
	s := c.surveys[surveyID]
	c.mu.Unlock()
	if s != nil && !reload {
		return s, nil
	}
	body, err := c.get(ctx, "/v3/surveys/"+surveyID+"/details", nil)
	if err != nil {
		return nil, fmt.Errorf("details of survey %s: %w", surveyID, err)
	}
	if s, err = ParseSurvey(bytes.NewReader(body), c.Options); err != nil {
		return nil, fmt.Errorf("details of survey %s: %w", surveyID, err)
	}
	if s.ID == "" {
		s.ID = surveyID
	}
	c.mu.Lock()
	if c.surveys == nil {
		c.surveys = map[string]*Survey{}
	}
	c.surveys[surveyID] = s
	c.mu.Unlock()
	return s, nil
}

// apiError is SurveyMonkey's error document.
type apiError struct {
	Error struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Message string `json:"message"`
	} `json:"error"`
}

// get fetches path with query from the API and returns its body.
func (c *Client) get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	base, err := source.BaseURL(c.BaseURL, DefaultBaseURL)
	if err != nil {
		return nil, fmt.Errorf("%w (EU and Canadian accounts: https://api.eu.surveymonkey.com, https://api.surveymonkey.ca; give the scheme and host only)", err)
	}
	u := base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e apiError
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			return nil, fmt.Errorf("HTTP %s: %s (error %s): %s", resp.Status, source.Short(e.Error.Name), source.Short(e.Error.ID), source.Short(e.Error.Message))
		}
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("document larger than %d MiB", maxBody>>20)
	}
	return body, nil
}

func checkIDs(ids ...string) error {
	for _, v := range ids {
		if !idPattern.MatchString(v) {
			return fmt.Errorf("surveymonkey: %q is no SurveyMonkey id", source.Short(v))
		}
	}
	return nil
}
