// Package intake turns a configured source of any type into what the
// server and the poller call: a webhook's signature check and decoder, an
// export's importer, or a pull. It is the one place that knows which
// adapter under feed/source serves which type; the adapters know nothing
// of the server, and the server nothing of the tools.
package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/appstore"
	"github.com/cxtv/cxtv/feed/source/delighted"
	"github.com/cxtv/cxtv/feed/source/googleforms"
	"github.com/cxtv/cxtv/feed/source/googleplay"
	"github.com/cxtv/cxtv/feed/source/qualtrics"
	"github.com/cxtv/cxtv/feed/source/surveymonkey"
	"github.com/cxtv/cxtv/feed/source/typeform"
)

// Config is one source's settings, as cmd/cxtv-feed copies them from a
// validated config: each type reads its own fields and ignores the rest.
type Config struct {
	Name, Type      string
	Scale           feed.Scale        // cxtv: of answers that name none
	CSV             ingest.CSVOptions // cxtv: how its CSV exports read
	Secret          string            // typeform
	APIKey          string            // surveymonkey: with APISecret, signs webhooks
	APISecret       string            //
	SurveyID        string            // surveymonkey
	AccessToken     string            // surveymonkey, googleplay
	AppID, Country  string            // appstore
	PackageName     string            // googleplay
	CredentialsFile string            // googleplay: a service account's JSON key
	Interval        time.Duration     // pulled types
	APIBase         string            // pulled types: scheme and host; empty: the tool's
	TimeZone        *time.Location    // qualtrics, google-forms
	Columns         map[string]string // qualtrics, google-forms: score, stars, comment, touchpoint
	Fields          map[string]string // delighted, typeform, surveymonkey
}

// Deps are what the sources share.
type Deps struct {
	// HTTP sends the pulls (googleplay wraps it with its credentials);
	// nil: http.DefaultClient.
	HTTP *http.Client
	Now  func() time.Time // dates cxtv answers that carry no date
}

// Source is one source, ready to take what its type delivers. A nil
// function is a way in the type does not have.
type Source struct {
	Name, Type string
	// Verify checks a webhook delivery's signature. Nil for the types
	// that cannot sign: the source token authenticates those.
	Verify func(h http.Header, body []byte) error
	// Webhook decodes a delivery. An error wrapping source.ErrIgnored is
	// an event to acknowledge and drop.
	Webhook func(ctx context.Context, body []byte) (source.Batch, error)
	// Stream decodes an export and hands it to emit in batches of at most
	// feed.ImportChunk answers, each with the responses skipped since the
	// one before; contentType tells the cxtv type's JSON from its CSV.
	// Between batches it stops with ctx.Err() once ctx is done. A bad row
	// fails it after the batches before it were emitted, so a caller that
	// stores them must undo them.
	Stream func(ctx context.Context, r io.Reader, contentType string, emit func(source.Batch) error) error
	// Import is Stream collected: all of an export or nothing.
	Import func(ctx context.Context, r io.Reader, contentType string) (source.Batch, error)
	// Pull fetches the source's newest answers, every Interval. Calls do
	// not overlap.
	Pull     func(ctx context.Context) (source.Batch, error)
	Interval time.Duration
}

// ErrNoSignature is wrapped by Verify's error when a delivery cannot be
// checked: a surveymonkey source without api_key and api_secret.
var ErrNoSignature = errors.New("webhooks are not set up")

// New returns the source c describes. ctx bounds what outlives the call:
// the googleplay token refreshes. An error names the key at fault, such
// as a credentials file that cannot be read.
func New(ctx context.Context, c Config, d Deps) (*Source, error) {
	if d.HTTP == nil {
		d.HTTP = http.DefaultClient
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Source{Name: c.Name, Type: c.Type, Interval: c.Interval}
	switch c.Type {
	case "", "cxtv":
		s.Type = "cxtv"
		s.Webhook = func(_ context.Context, body []byte) (source.Batch, error) {
			items, err := ingest.DecodeFeedback(body, c.Name, c.Scale, d.Now())
			return source.Batch{Items: items}, err
		}
		s.streams(func(r io.Reader, contentType string, emit func(source.Batch) error) error {
			if isJSON(contentType) {
				// A JSON body is at most ingest.MaxBatch answers: read whole.
				body, err := io.ReadAll(r)
				if err != nil {
					return err
				}
				items, err := ingest.DecodeFeedback(body, c.Name, c.Scale, d.Now())
				if err != nil {
					return err
				}
				b := source.Batch{Items: items}
				return b.Spill(chunk, true, emit)
			}
			o := c.CSV
			o.Source, o.Scale, o.Now = c.Name, c.Scale, d.Now()
			return ingest.StreamCSV(r, o, func(items []feed.Feedback) error {
				return emit(source.Batch{Items: items})
			})
		})
	case "delighted":
		o := delighted.Options{Source: c.Name, TouchpointProperty: c.Fields["touchpoint"]}
		s.Webhook = func(_ context.Context, body []byte) (source.Batch, error) {
			return delighted.Decode(bytes.NewReader(body), o)
		}
	case "typeform":
		o := typeform.Options{Source: c.Name, NPSField: c.Fields["score"], RatingField: c.Fields["stars"],
			CommentField: c.Fields["comment"], TouchpointHidden: c.Fields["touchpoint"]}
		s.Verify = func(h http.Header, body []byte) error {
			return typeform.VerifySignature(body, h.Get("Typeform-Signature"), c.Secret)
		}
		s.Webhook = func(_ context.Context, body []byte) (source.Batch, error) {
			return typeform.Decode(bytes.NewReader(body), o)
		}
	case "surveymonkey":
		newSurveyMonkey(s, c, d)
	case "qualtrics":
		o := qualtrics.Options{Source: c.Name, TimeZone: c.TimeZone, Columns: qualtrics.Columns{
			Score: c.Columns["score"], Stars: c.Columns["stars"], Comment: c.Columns["comment"], Touchpoint: c.Columns["touchpoint"]}}
		s.streams(func(r io.Reader, _ string, emit func(source.Batch) error) error {
			return qualtrics.Stream(r, o, emit)
		})
	case "google-forms":
		o := googleforms.Options{Source: c.Name, TimeZone: c.TimeZone, Columns: googleforms.Columns{
			Score: c.Columns["score"], Stars: c.Columns["stars"], Comment: c.Columns["comment"], Touchpoint: c.Columns["touchpoint"]}}
		s.streams(func(r io.Reader, _ string, emit func(source.Batch) error) error {
			return googleforms.Stream(r, o, emit)
		})
	case "appstore":
		cl := &appstore.Client{BaseURL: c.APIBase, HTTP: d.HTTP, Source: c.Name}
		s.Pull = func(ctx context.Context) (source.Batch, error) { return cl.Reviews(ctx, c.AppID, c.Country) }
	case "googleplay":
		hc, err := googlePlayHTTP(ctx, c, d.HTTP)
		if err != nil {
			return nil, err
		}
		cl := &googleplay.Client{BaseURL: c.APIBase, HTTP: hc, Source: c.Name}
		s.Pull = func(ctx context.Context) (source.Batch, error) { return cl.Reviews(ctx, c.PackageName) }
	default:
		return nil, fmt.Errorf("source %s: unknown type %q", c.Name, c.Type)
	}
	return s, nil
}

// chunk is feed.ImportChunk, the most answers a cxtv JSON batch holds;
// tests make it smaller.
var chunk = feed.ImportChunk

// streams gives s the way in of an export that stream decodes: Stream,
// which stops between batches once ctx is done, and Import, which
// collects Stream's batches.
func (s *Source) streams(stream func(r io.Reader, contentType string, emit func(source.Batch) error) error) {
	st := func(ctx context.Context, r io.Reader, contentType string, emit func(source.Batch) error) error {
		return stream(r, contentType, func(b source.Batch) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return emit(b)
		})
	}
	s.Stream = st
	s.Import = func(ctx context.Context, r io.Reader, contentType string) (source.Batch, error) {
		return source.Collect(func(emit func(source.Batch) error) error { return st(ctx, r, contentType, emit) })
	}
}

// googlePlayRequestTime bounds each request of a googleplay source: an
// API page, and the token request that may precede it. oauth2 fetches a
// token inside the API request's round trip without that request's
// context, so a token endpoint that never answers would hold the pull,
// and the server's shutdown that waits for it, for ever. Google answers
// either in well under a second.
const googlePlayRequestTime = 30 * time.Second

// googlePlayHTTP authorises the API's requests with the source's
// credentials, sending them (and the token requests) through base, each
// within googlePlayRequestTime.
func googlePlayHTTP(ctx context.Context, c Config, base *http.Client) (*http.Client, error) {
	bounded := *base
	if bounded.Timeout == 0 || bounded.Timeout > googlePlayRequestTime {
		bounded.Timeout = googlePlayRequestTime
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &bounded)
	if c.AccessToken != "" {
		return googleplay.StaticHTTPClient(ctx, c.AccessToken)
	}
	hc, err := googleplay.HTTPClient(ctx, c.CredentialsFile)
	if err != nil {
		return nil, fmt.Errorf("credentials_file: %w", err)
	}
	return hc, nil
}

// newSurveyMonkey makes s take SurveyMonkey's callbacks, fetching each
// response they name, and pull the survey's changed responses.
func newSurveyMonkey(s *Source, c Config, d Deps) {
	cl := &surveymonkey.Client{BaseURL: c.APIBase, HTTPClient: d.HTTP, Token: c.AccessToken, Options: surveymonkey.Options{
		Source: c.Name, NPSQuestion: c.Fields["score"], StarsQuestion: c.Fields["stars"],
		CommentQuestion: c.Fields["comment"], TouchpointVariable: c.Fields["touchpoint"]}}
	s.Verify = func(h http.Header, body []byte) error {
		if c.APIKey == "" {
			return fmt.Errorf("source %s has no api_key and api_secret to check Sm-Signature: %w", c.Name, ErrNoSignature)
		}
		return surveymonkey.VerifySignature(body, h.Get("Sm-Signature"), c.APIKey, c.APISecret)
	}
	s.Webhook = func(ctx context.Context, body []byte) (source.Batch, error) {
		ev, err := surveymonkey.DecodeEvent(bytes.NewReader(body))
		if err != nil {
			return source.Batch{}, err
		}
		if ev.SurveyID != c.SurveyID {
			return source.Batch{}, fmt.Errorf("survey %s is not this source's (survey_id %s); %w", ev.SurveyID, c.SurveyID, source.ErrIgnored)
		}
		b, err := cl.Response(ctx, ev.SurveyID, ev.ResponseID)
		if err != nil {
			return b, fmt.Errorf("%w: %w", source.ErrFetch, err)
		}
		return b, nil
	}
	// The first pull reads every response; each later one those modified
	// since the newest change seen, which it reads again (the API's
	// start_modified_at has whole seconds): a repeat is a duplicate.
	var since time.Time
	s.Pull = func(ctx context.Context) (source.Batch, error) {
		b, err := cl.Responses(ctx, c.SurveyID, since)
		if err != nil {
			return b, err
		}
		for _, f := range b.Items {
			since = latest(since, f.CreatedAt, f.UpdatedAt)
		}
		return b, nil
	}
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// isJSON reports whether contentType names JSON.
func isJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json" || (len(mt) > 5 && mt[len(mt)-5:] == "+json")
}
