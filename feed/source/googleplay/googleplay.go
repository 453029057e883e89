// Package googleplay turns an app's Google Play reviews into stored star
// ratings, read from the Google Play Developer API (reviews.list,
// GET /androidpublisher/v3/applications/{packageName}/reviews):
// comments[0].userComment's starRating (1–5), its text (title and body
// joined by a tab, which is split on the first tab), reviewerLanguage, and
// lastModified ({"seconds": "…" as a string, "nanos": …}) as the time.
// reviewId is the id. The reviewer's name (authorName) and device are
// never kept. The API lists only the reviews created or changed in the
// last week, so it must be read at least weekly.
//
// The API needs OAuth 2.0 with the androidpublisher scope: HTTPClient
// builds a client from a service account's key, StaticHTTPClient one from
// an access token.
package googleplay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultBaseURL is where Google serves the API.
const DefaultBaseURL = "https://androidpublisher.googleapis.com"

const (
	// pageSize is asked for per page; the API may send fewer.
	pageSize = 100
	// maxPages bounds one reading: a week of reviews of a very busy app.
	maxPages = 100
	// maxPageBytes bounds one page: a hundred reviews are some 300 KiB.
	maxPageBytes = 16 << 20
)

// ErrAccess is wrapped by the error of a request the API refused for its
// credentials (HTTP 401 or 403): the service account lacks access to the
// app in Play Console, or the token is wrong. Retrying does not help.
var ErrAccess = errors.New("no access to the app's reviews")

// Client reads the reviews of apps.
type Client struct {
	// BaseURL replaces the scheme and host of DefaultBaseURL, for a proxy
	// or a test server; the path is always the API's. Empty:
	// DefaultBaseURL.
	BaseURL string
	// HTTP sends the requests and must authorise them: see HTTPClient and
	// StaticHTTPClient. Required.
	HTTP   *http.Client
	Source string // the source the answers are stored under; empty: DefaultSource
}

// packageNamePattern is an Android application id: dot-separated Java
// identifiers, at least two.
var packageNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`)

// Reviews reads all reviews the API lists for packageName (such as
// de.example.kantine), following tokenPagination.nextPageToken. A page
// that fails fails the whole reading, so that nothing partial is taken for
// the week's reviews.
func (c *Client) Reviews(ctx context.Context, packageName string) (source.Batch, error) {
	if !packageNamePattern.MatchString(packageName) || len(packageName) > 255 {
		return source.Batch{}, fmt.Errorf("googleplay: package name %q is not an application id such as de.example.kantine", packageName)
	}
	if c.HTTP == nil {
		return source.Batch{}, errors.New("googleplay: no HTTP client: the API needs one that authorises its requests (HTTPClient, StaticHTTPClient)")
	}
	base, err := source.BaseURL(c.BaseURL, DefaultBaseURL)
	if err != nil {
		return source.Batch{}, fmt.Errorf("googleplay: %w", err)
	}
	endpoint := base + "/androidpublisher/v3/applications/" + url.PathEscape(packageName) + "/reviews"
	var b source.Batch
	seen := map[string]bool{}
	tokens := map[string]bool{}
	token := ""
	for n := 1; ; n++ {
		if n > maxPages {
			b.Skip("", fmt.Sprintf("more than %d pages; the rest not read", maxPages))
			return b, nil
		}
		q := url.Values{"maxResults": {fmt.Sprint(pageSize)}}
		if token != "" {
			q.Set("token", token)
		}
		page, next, err := c.page(ctx, endpoint+"?"+q.Encode())
		if err != nil {
			return source.Batch{}, fmt.Errorf("googleplay: reviews of %s: page %d: %w", packageName, n, err)
		}
		for _, f := range page.Items {
			if !seen[f.ID] {
				seen[f.ID] = true
				b.Items = append(b.Items, f)
			}
		}
		b.Skipped = append(b.Skipped, page.Skipped...)
		if next == "" {
			return b, nil
		}
		if tokens[next] {
			return source.Batch{}, fmt.Errorf("googleplay: reviews of %s: page %d gives a page token already followed", packageName, n)
		}
		tokens[next] = true
		token = next
	}
}

// page fetches and decodes one page.
func (c *Client) page(ctx context.Context, u string) (source.Batch, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return source.Batch{}, "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return source.Batch{}, "", err
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, maxPageBytes+1)
	if resp.StatusCode != http.StatusOK {
		return source.Batch{}, "", apiError(resp.StatusCode, body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return source.Batch{}, "", err
	}
	if len(data) > maxPageBytes {
		return source.Batch{}, "", fmt.Errorf("page larger than %d MiB", maxPageBytes>>20)
	}
	return decodePage(strings.NewReader(string(data)), Options{Source: c.Source})
}

// apiError reads the error the API sends,
// {"error": {"code": 403, "message": "…", "status": "PERMISSION_DENIED"}}.
func apiError(code int, body io.Reader) error {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Status  string `json:"status"`
		} `json:"error"`
	}
	data, _ := io.ReadAll(io.LimitReader(body, 64<<10))
	msg := fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
	if json.Unmarshal(data, &e) == nil && e.Error.Message != "" {
		m := []rune(e.Error.Message)
		if len(m) > 300 {
			m = append(m[:300], '…')
		}
		msg += ": " + string(m)
		if e.Error.Status != "" {
			msg += " (" + e.Error.Status + ")"
		}
	}
	if code == http.StatusUnauthorized || code == http.StatusForbidden {
		return fmt.Errorf("%w: %s", ErrAccess, msg)
	}
	return errors.New(msg)
}
