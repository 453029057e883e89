package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// Answers of the server that Snapshot tells apart, because they are not
// an outage but a config to fix: waiting or falling back would hide them.
var (
	// ErrRefused is a 401 or 403: the display token is wrong, or (the
	// server answers both alike) the channel is unknown.
	ErrRefused = errors.New("the server refused the display token")
	// ErrNoChannel is a 404: there is no such channel at that address.
	ErrNoChannel = errors.New("the server has no such channel")
)

// Snapshot reads the channel's current snapshot once over HTTP, as the
// WebSocket would send it first, for a picture of what the screens show
// without holding a connection. ctx bounds the whole request.
func (c *Client) Snapshot(ctx context.Context) (feed.Snapshot, error) {
	u, err := SnapshotURL(c.opts.Server, c.opts.Channel)
	if err != nil {
		return feed.Snapshot{}, err
	}
	resp, err := c.get(ctx, u)
	if err != nil {
		return feed.Snapshot{}, err
	}
	defer resp.Body.Close()
	if err := statusError(resp); err != nil {
		return feed.Snapshot{}, fmt.Errorf("channel %q: %w", c.opts.Channel, err)
	}
	var s feed.Snapshot
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxMessage)).Decode(&s); err != nil {
		return feed.Snapshot{}, fmt.Errorf("decode the snapshot from %s: %w", u, err)
	}
	return s, nil
}

// get requests u with the display token.
func (c *Client) get(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", authorization(c.opts.Token))
	return c.http.Do(req)
}

// statusError is nil for a 200, else an error with the status, the
// server's message (its JSON error or the start of the body) and, where
// it is one, ErrRefused or ErrNoChannel.
func statusError(resp *http.Response) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	var api struct {
		Error string `json:"error"`
	}
	msg := strings.TrimSpace(string(b))
	if json.Unmarshal(b, &api) == nil && api.Error != "" {
		msg = api.Error
	}
	status := resp.Status
	if msg != "" {
		status += ": " + msg
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("%w (%s)", ErrRefused, status)
	case http.StatusNotFound:
		return fmt.Errorf("%w (%s)", ErrNoChannel, status)
	}
	return fmt.Errorf("%s: %s", resp.Request.URL, status)
}
