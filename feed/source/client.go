package source

import (
	"fmt"
	"net/url"
)

// BaseURL returns the scheme and host of raw, which replaces a tool's
// default base URL def for a proxy or a test server: def where raw is
// empty, an error where raw holds more than a scheme and host (the path is
// always the tool's).
func BaseURL(raw, def string) (string, error) {
	if raw == "" {
		return def, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("base URL %q: want only a scheme and host, such as %s", raw, def)
	}
	return u.Scheme + "://" + u.Host, nil
}
