package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// logoTimeout bounds the download of a logo.
const logoTimeout = 30 * time.Second

// Logo downloads the channel's logo named hash (a snapshot's
// Theme.LogoHash) and checks that it is the file the hash names.
func (c *Client) Logo(ctx context.Context, hash string) ([]byte, error) {
	u, err := logoURL(c.opts.Server, c.opts.Channel, hash)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, logoTimeout)
	defer cancel()
	resp, err := c.get(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("logo %s: %w", hash, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("logo %s: %s", hash, resp.Status)
	}
	png, err := io.ReadAll(io.LimitReader(resp.Body, feed.MaxLogo+1))
	if err != nil {
		return nil, fmt.Errorf("logo %s: %w", hash, err)
	}
	if len(png) > feed.MaxLogo {
		return nil, fmt.Errorf("logo %s: larger than %d KiB", hash, feed.MaxLogo>>10)
	}
	if sum := sha256.Sum256(png); hex.EncodeToString(sum[:]) != hash {
		return nil, fmt.Errorf("logo %s: the file has another hash", hash)
	}
	return png, nil
}
