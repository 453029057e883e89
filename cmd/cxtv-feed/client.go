package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/cxtv/cxtv/feed/store"
)

// localServer is how a command on the server's machine reaches the server
// that the config describes: its listen address, with a wildcard host
// replaced by loopback, and for TLS a client that trusts the configured
// certificate under the name it carries.
func localServer(p *prepared, timeout time.Duration) (base string, client *http.Client, err error) {
	host, port, err := net.SplitHostPort(p.cfg.Listen)
	if err != nil {
		return "", nil, fmt.Errorf("listen %q: %w", p.cfg.Listen, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	client = &http.Client{Timeout: timeout}
	if p.cert == nil {
		return "http://" + net.JoinHostPort(host, port), client, nil
	}
	leaf, err := x509.ParseCertificate(p.cert.Certificate[0])
	if err != nil {
		return "", nil, fmt.Errorf("tls.cert: %w", err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	conf := &tls.Config{RootCAs: roots}
	if len(leaf.DNSNames) > 0 {
		conf.ServerName = leaf.DNSNames[0]
	}
	client.Transport = &http.Transport{TLSClientConfig: conf}
	return "https://" + net.JoinHostPort(host, port), client, nil
}

// postImport has the running server import body into source, with the
// admin token, and returns what it stored.
func postImport(ctx context.Context, p *prepared, source string, body io.Reader, contentType string) (imported, string, error) {
	base, client, err := localServer(p, 10*time.Minute)
	if err != nil {
		return imported{}, "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/sources/"+source+"/import", body)
	if err != nil {
		return imported{}, base, err
	}
	req.Header.Set("Authorization", "Bearer "+p.cfg.AdminToken)
	req.Header.Set("Content-Type", contentType)
	var out struct {
		Accepted, Updated, Duplicates, Skipped int
		Reasons                                []string `json:"skipped_reasons"`
	}
	if err := do(client, req, http.StatusAccepted, &out); err != nil {
		return imported{}, base, err
	}
	return imported{added: store.Added{New: out.Accepted, Updated: out.Updated, Duplicates: out.Duplicates},
		skipped: out.Skipped, reasons: out.Reasons}, base, nil
}

// do sends req and decodes the JSON answer into out; another status than
// want is an error with the server's message.
func do(client *http.Client, req *http.Request, want int, out any) error {
	resp, err := client.Do(req)
	if err != nil {
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) {
			err = ue.Unwrap()
		}
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	if resp.StatusCode != want {
		var e struct{ Error string }
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			return fmt.Errorf("the server answered %s: %s", resp.Status, e.Error)
		}
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not JSON: %w", req.Method, req.URL.Path, err)
	}
	return nil
}
