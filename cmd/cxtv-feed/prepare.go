package main

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/poll"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
)

// MaxLogo is the largest logo file a channel may name.
const MaxLogo = 1 << 20

// prepared is a config made ready to serve: what serve checks before it
// starts, done once. check, serve and every reload go through prepare, so
// that check passes exactly the files serve accepts. What it does not
// check is the machine's state: whether the address is free and the store
// can be opened (a running server holds both).
type prepared struct {
	cfg     *config.Feed
	server  server.Config
	publish publish.Options
	sources []poll.Source     // the polled ones
	cert    *tls.Certificate // nil: plain HTTP
}

// prepare loads, validates and prepares the config file at path.
func prepare(path string) (*prepared, error) {
	cfg, err := config.LoadFeed(path)
	if err != nil {
		return nil, err
	}
	return prepareConfig(cfg, path)
}

// prepareConfig prepares a loaded config: it compiles the moderation rules,
// reads the logos and the TLS key pair, and builds every package's options.
// name, the file's, is put in front of every error, as config does.
func prepareConfig(cfg *config.Feed, name string) (*prepared, error) {
	var errs []error
	rules, err := curate.NewRules(moderation(cfg.Moderation))
	if err != nil {
		errs = append(errs, err) // it names the moderation keys itself
	}
	channels := make([]curate.Channel, len(cfg.Channels))
	for i := range cfg.Channels {
		ch := &cfg.Channels[i]
		var logo string
		if ch.Theme.Logo != "" {
			if logo, err = readLogo(ch.Theme.Logo); err != nil {
				errs = append(errs, fmt.Errorf("channels[%d].theme.logo: %w", i, err))
			}
		}
		if channels[i], err = channelOptions(ch, logo, time.Local); err != nil {
			errs = append(errs, fmt.Errorf("channels[%d].%w", i, err))
		}
	}
	var cert *tls.Certificate
	if cfg.TLS.Cert != "" {
		c, err := tls.LoadX509KeyPair(cfg.TLS.Cert, cfg.TLS.Key)
		if err != nil {
			errs = append(errs, fmt.Errorf("tls: %w", err))
		}
		cert = &c
	}
	if len(errs) > 0 {
		return nil, prefixLines(name, errs)
	}
	return &prepared{
		cfg:     cfg,
		server:  serverOptions(cfg),
		publish: publish.Options{Rules: rules, Channels: channels},
		sources: pollSources(cfg),
		cert:    cert,
	}, nil
}

// prefixLines puts name in front of every line of errs, one error a line.
func prefixLines(name string, errs []error) error {
	var out []error
	for _, err := range errs {
		for line := range strings.SplitSeq(err.Error(), "\n") {
			out = append(out, errors.New(name+": "+line))
		}
	}
	return errors.Join(out...)
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// readLogo returns a PNG file as base64.
func readLogo(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	switch {
	case len(b) > MaxLogo:
		return "", fmt.Errorf("%s is %d KiB; a logo may have at most %d KiB", path, len(b)>>10, MaxLogo>>10)
	case !bytes.HasPrefix(b, pngMagic):
		return "", errors.New(path + " is not a PNG file")
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
