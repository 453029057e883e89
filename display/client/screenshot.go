package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cxtv/cxtv/display/latest"
)

// Screenshot defaults and bounds; the server's (feed/server/fleet.go) are
// the contract.
const (
	DefaultScreenshotEvery   = 5 * time.Minute
	DefaultScreenshotTimeout = 30 * time.Second
	// MaxScreenshot is the largest upload the server takes.
	MaxScreenshot = 512 << 10
	// firstScreenshotAfter is when the first unasked picture goes out after
	// the first heartbeat: time for the screen to show a card.
	firstScreenshotAfter = 15 * time.Second
)

// Grabber takes a picture of the screen: PNG or JPEG bytes and their
// content type (image/png, image/jpeg).
type Grabber interface {
	Grab(ctx context.Context) (data []byte, contentType string, err error)
}

// UploaderOptions configure an Uploader.
type UploaderOptions struct {
	Server  string // base URL of cxtv-feed
	Channel string
	Device  string
	Token   string // the channel's display token
	Grabber Grabber
	Every   time.Duration // an unasked upload this often; default 5 min
	Timeout time.Duration // of one picture and its upload; default 30 s
	Client  *http.Client  // default http.DefaultClient
	Logger  *slog.Logger
}

// Uploader sends pictures of the screen to the fleet view: when the server
// asks (feed.TypeScreenshotRequest) and every Every, but only while a
// heartbeat of the current connection has gone out, as the server needs
// one to know the device. Run does every upload on one goroutine, so at
// most one is in flight; asks that come meanwhile make one more.
type Uploader struct {
	opts   UploaderOptions
	url    string
	asks   chan struct{} // the server asked; one slot
	online chan bool     // a heartbeat went out (true) or the connection ended
}

// NewUploader checks opts.
func NewUploader(opts UploaderOptions) (*Uploader, error) {
	u, err := ScreenshotURL(opts.Server, opts.Channel, opts.Device)
	if err != nil {
		return nil, err
	}
	if opts.Grabber == nil {
		return nil, errors.New("screenshots: no grabber")
	}
	if opts.Every <= 0 {
		opts.Every = DefaultScreenshotEvery
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultScreenshotTimeout
	}
	if opts.Client == nil {
		opts.Client = http.DefaultClient
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Uploader{opts: opts, url: u, asks: make(chan struct{}, 1), online: make(chan bool, 1)}, nil
}

// request asks for an upload now; asks that come before it starts are one.
// A nil Uploader ignores it.
func (u *Uploader) request() {
	if u == nil {
		return
	}
	select {
	case u.asks <- struct{}{}:
	default:
	}
}

// setOnline says whether a heartbeat has gone out on an open connection.
func (u *Uploader) setOnline(on bool) {
	if u != nil {
		latest.Offer(u.online, on)
	}
}

// Run uploads until ctx is done.
func (u *Uploader) Run(ctx context.Context) {
	var (
		online  bool
		asked   bool
		due     time.Time // the next unasked upload; zero before the first heartbeat
		failing bool
	)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case online = <-u.online:
			if online && due.IsZero() {
				due = time.Now().Add(firstScreenshotAfter)
			}
		case <-u.asks:
			asked = true
		case <-timer.C:
		}
		if !online {
			timer.Stop()
			continue
		}
		if asked || !time.Now().Before(due) {
			asked = false
			err := u.upload(ctx)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil && !failing:
				u.opts.Logger.Warn("screenshot upload failed; retrying with the next one", "err", err)
			case err != nil:
				u.opts.Logger.Debug("screenshot upload failed", "err", err)
			case failing:
				u.opts.Logger.Info("screenshot upload works again")
			}
			failing = err != nil
			due = time.Now().Add(u.opts.Every)
		}
		timer.Reset(time.Until(due))
	}
}

// upload takes a picture and posts it.
func (u *Uploader) upload(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, u.opts.Timeout)
	defer cancel()
	start := time.Now()
	data, contentType, err := u.opts.Grabber.Grab(ctx)
	if err != nil {
		return fmt.Errorf("take screenshot: %w", err)
	}
	if len(data) > MaxScreenshot {
		return fmt.Errorf("screenshot is %d bytes, the server takes %d", len(data), MaxScreenshot)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.url, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", authorization(u.opts.Token))
	req.Header.Set("Content-Type", contentType)
	resp, err := u.opts.Client.Do(req)
	if err != nil {
		return fmt.Errorf("upload screenshot: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("upload screenshot to %s: %s: %s", u.url, resp.Status, strings.TrimSpace(string(msg)))
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	u.opts.Logger.Debug("screenshot uploaded", "bytes", len(data), "type", contentType, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
