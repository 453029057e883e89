// Package appstore turns an app's App Store customer reviews into stored
// star ratings: each review's rating (1–5) with its title and body as the
// comment. It reads Apple's public customer reviews feed, page by page:
//
//	https://itunes.apple.com/{country}/rss/customerreviews/page={n}/id={appID}/sortby=mostrecent/json
//
// or the same path ending in /xml for the Atom form. Apple serves at most
// ten pages of the most recent reviews per storefront. The feed is not
// documented by Apple beyond its RSS generator; what is read here is what
// it serves: every value wrapped as {"label": …} in JSON, "entry" a single
// object when a page holds one entry and absent when it holds none, a first
// entry describing the app itself (im:name, no im:rating), and in Atom two
// <content> elements per review, type="text" (read) and type="html" (not).
// The reviewer's name and profile link are never kept.
package appstore

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/cxtv/cxtv/feed/source"
)

// DefaultBaseURL is where Apple serves the feed.
const DefaultBaseURL = "https://itunes.apple.com"

// MaxPages is the number of pages Apple serves; page 11 is an error.
const MaxPages = 10

// maxPageBytes bounds one page: fifty reviews are some 100 KiB.
const maxPageBytes = 8 << 20

// Format is the form of the feed a Client reads.
type Format string

// The two forms Apple serves. Both carry the same reviews.
const (
	FormatJSON Format = "json"
	FormatAtom Format = "xml"
)

// Client reads the customer reviews of apps. Its zero value reads the JSON
// feed from Apple with http.DefaultClient.
type Client struct {
	// BaseURL replaces the scheme and host of DefaultBaseURL, for a proxy
	// or a test server; the path is always Apple's. Empty: DefaultBaseURL.
	BaseURL string
	HTTP    *http.Client // nil: http.DefaultClient
	Format  Format       // empty: FormatJSON
	Source  string       // the source the answers are stored under; empty: DefaultSource
}

var (
	appIDPattern   = regexp.MustCompile(`^[0-9]{1,20}$`)
	countryPattern = regexp.MustCompile(`^[a-z]{2}$`)
)

// Reviews reads the most recent reviews of the app appID (the number in
// its App Store link, id1234567890) in the storefront country (a
// two-letter code such as de). It reads pages 1 to MaxPages and stops at
// the first page without reviews. A page 1 that fails is an error; a later
// one that fails ends the reading, and the batch lists it in Skipped, since
// Apple answers the pages after the last with errors as often as with
// empty feeds. A review on two pages (new reviews push the list on while
// it is read) is kept once.
func (c *Client) Reviews(ctx context.Context, appID, country string) (source.Batch, error) {
	country = strings.ToLower(strings.TrimSpace(country))
	if !appIDPattern.MatchString(appID) {
		return source.Batch{}, fmt.Errorf("appstore: app id %q is not a number such as 1234567890", appID)
	}
	if !countryPattern.MatchString(country) {
		return source.Batch{}, fmt.Errorf("appstore: country %q is not a two-letter storefront code such as de", country)
	}
	base, err := source.BaseURL(c.BaseURL, DefaultBaseURL)
	if err != nil {
		return source.Batch{}, fmt.Errorf("appstore: %w", err)
	}
	format := c.Format
	switch format {
	case "":
		format = FormatJSON
	case FormatJSON, FormatAtom:
	default:
		return source.Batch{}, fmt.Errorf("appstore: format %q is neither json nor xml", format)
	}
	var b source.Batch
	seen := map[string]bool{}
	for n := 1; n <= MaxPages; n++ {
		u := fmt.Sprintf("%s/%s/rss/customerreviews/page=%d/id=%s/sortby=mostrecent/%s", base, country, n, appID, format)
		page, reviews, err := c.page(ctx, u, format)
		if err != nil {
			if n == 1 || ctx.Err() != nil {
				return source.Batch{}, fmt.Errorf("appstore: reviews of app %s in %s: page %d: %w", appID, country, n, err)
			}
			b.Skip("", fmt.Sprintf("page %d and later not read: %v", n, err))
			break
		}
		if reviews == 0 {
			break
		}
		for _, f := range page.Items {
			if !seen[f.ID] {
				seen[f.ID] = true
				b.Items = append(b.Items, f)
			}
		}
		for _, s := range page.Skipped {
			if !seen["skipped "+s.ID] {
				seen["skipped "+s.ID] = true
				b.Skipped = append(b.Skipped, s)
			}
		}
	}
	return b, nil
}

// page fetches and decodes one page.
func (c *Client) page(ctx context.Context, u string, format Format) (source.Batch, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return source.Batch{}, 0, err
	}
	if format == FormatAtom {
		req.Header.Set("Accept", "application/atom+xml, application/xml")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return source.Batch{}, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return source.Batch{}, 0, fmt.Errorf("HTTP %s", resp.Status)
	}
	body := &limitedReader{r: resp.Body, n: maxPageBytes}
	b, reviews, err := decodePage(body, Options{Source: c.Source})
	if body.over {
		return source.Batch{}, 0, errTooLarge
	}
	return b, reviews, err
}

var errTooLarge = fmt.Errorf("page larger than %d MiB", maxPageBytes>>20)

// limitedReader reads at most n bytes and notes whether there was more.
type limitedReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			l.over = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
