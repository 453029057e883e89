package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/intake"
	"github.com/cxtv/cxtv/feed/poll"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
)

// prepared is a config made ready to serve: what serve checks before it
// starts, done once. check, serve and every reload go through prepare, so
// that check passes exactly the files serve accepts. What it does not
// check is the machine's state: whether the address is free and the store
// can be opened (a running server holds both).
type prepared struct {
	cfg     *config.Feed
	server  server.Config
	publish publish.Options
	sources []poll.Source    // the polled ones
	intake  []*intake.Source // every source, in the config's order
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
// reads the logos, the sources' credentials and the TLS key pair, and
// builds every package's options.
// name, the file's, is put in front of every error, as config does.
func prepareConfig(cfg *config.Feed, name string) (*prepared, error) {
	var errs []error
	rules, err := curate.NewRules(moderation(cfg.Moderation, cfg.Privacy))
	if err != nil {
		errs = append(errs, err) // it names the moderation keys itself
	}
	channels := make([]curate.Channel, len(cfg.Channels))
	logos := make([]logo, len(cfg.Channels))
	for i := range cfg.Channels {
		ch := &cfg.Channels[i]
		if ch.Theme.Logo != "" {
			if logos[i], err = readLogo(ch.Theme.Logo); err != nil {
				errs = append(errs, fmt.Errorf("channels[%d].theme.logo: %w", i, err))
			}
		}
		if channels[i], err = channelOptions(ch, cfg.Themes, logos[i], time.Local); err != nil {
			errs = append(errs, fmt.Errorf("channels[%d].%w", i, err))
		}
	}
	sources := make([]*intake.Source, len(cfg.Sources))
	for i := range cfg.Sources {
		// The context outlives the call: googleplay refreshes its token
		// with it as long as the source is in use.
		if sources[i], err = intake.New(context.Background(), intakeConfig(&cfg.Sources[i], time.Now()), intake.Deps{}); err != nil {
			errs = append(errs, fmt.Errorf("sources[%d].%w", i, err))
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
		server:  serverOptions(cfg, logos, sources),
		publish: publish.Options{Rules: rules, Channels: channels},
		sources: pollSources(cfg, sources),
		intake:  sources,
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

// logo is a channel's PNG and the hash that names it.
type logo struct {
	png  []byte
	hash string // hex SHA-256 of png; "": no logo
}

// readLogo reads a channel's logo, which must be a PNG of at most feed.MaxLogo.
func readLogo(path string) (logo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return logo{}, err
	}
	switch {
	case len(b) > feed.MaxLogo:
		return logo{}, fmt.Errorf("%s is %d KiB; a logo may have at most %d KiB", path, len(b)>>10, feed.MaxLogo>>10)
	case !bytes.HasPrefix(b, pngMagic):
		return logo{}, errors.New(path + " is not a PNG file")
	}
	sum := sha256.Sum256(b)
	return logo{png: b, hash: hex.EncodeToString(sum[:])}, nil
}
