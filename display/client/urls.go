package client

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// The display's addresses on the feed server and the one way it proves
// itself there: every route of a channel hangs under channelURL, and
// every request carries the display token as authorization does.

// channelURL is rest (escaped already, starting with "/") under the API
// of channel on server, an http or https base URL; the base's own path
// is kept (a server behind a proxy prefix), its query and fragment are
// dropped.
func channelURL(server, channel, rest string) (string, error) {
	if channel == "" {
		return "", errors.New("channel is empty")
	}
	return serverURL(server, "/api/v1/channels/"+url.PathEscape(channel)+rest)
}

// serverURL is path (escaped already) on server.
func serverURL(server, path string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("server %q: %w", server, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("server %q: want an http or https URL", server)
	}
	u.RawQuery, u.Fragment = "", ""
	return strings.TrimRight(u.String(), "/") + path, nil
}

// WebSocketURL returns the channel's WebSocket address on server:
// http becomes ws, https becomes wss.
func WebSocketURL(server, channel string) (string, error) {
	u, err := channelURL(server, channel, "/ws")
	if err != nil {
		return "", err
	}
	// channelURL made sure of the scheme.
	return "ws" + strings.TrimPrefix(u, "http"), nil
}

// SnapshotURL is where the channel's current snapshot is read on server.
func SnapshotURL(server, channel string) (string, error) {
	return channelURL(server, channel, "/snapshot")
}

// ScreenshotURL is where a device of channel uploads its screenshots on
// server.
func ScreenshotURL(server, channel, device string) (string, error) {
	if device == "" {
		return "", errors.New("device name is empty")
	}
	return channelURL(server, channel, "/displays/"+url.PathEscape(device)+"/screenshot")
}

// logoURL is where the channel's logo named hash is read on server.
func logoURL(server, channel, hash string) (string, error) {
	if channel == "" {
		return "", errors.New("channel is empty")
	}
	return serverURL(server, feed.LogoPath(channel, hash))
}

// authorization is the header value that carries a display token.
func authorization(token string) string { return "Bearer " + token }
