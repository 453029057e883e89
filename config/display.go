package config

import (
	"io"
	"net/url"
	"os"
	"time"
)

// Display is the configuration of cxtv-display.
type Display struct {
	Server     string `mapstructure:"server"` // base URL of cxtv-feed
	Channel    string `mapstructure:"channel"`
	Token      string `mapstructure:"token"`
	Cache      string `mapstructure:"cache"` // the bbolt cache file
	Fullscreen bool   `mapstructure:"fullscreen"`
	Rotation   int    `mapstructure:"rotation"` // 0, 90, 180, 270 for portrait mounting
	// Name identifies the device in the fleet view; the host name by default.
	Name string `mapstructure:"name"`
	// Screenshots, when set, is a folder the display saves a PNG of the
	// screen into every ScreenshotEvery (for headless runs and the fleet).
	Screenshots     string        `mapstructure:"screenshots"`
	ScreenshotEvery time.Duration `mapstructure:"screenshot_every"`
	// OffCommand runs (with /bin/sh -c) when the channel's schedule turns
	// the screen off, OnCommand when it turns it on again and at start
	// while it is on: the panel's own power switch, which differs per
	// device ("wlr-randr --output HDMI-A-1 --off", "vcgencmd display_power
	// 0"). Empty: the screen only goes black.
	OffCommand string `mapstructure:"off_command"`
	OnCommand  string `mapstructure:"on_command"`
	// PixelShiftEvery moves the whole picture by a pixel or two this often,
	// within a few pixels of the centre, so that the header and the logo do
	// not burn into the panel. 0: off.
	PixelShiftEvery time.Duration `mapstructure:"pixel_shift_every"`
}

// MinPixelShiftEvery bounds pixel_shift_every: more often would look
// like a jittering picture.
const MinPixelShiftEvery = 10 * time.Second

var displayDefaults = map[string]any{
	"server":            "http://127.0.0.1:8080",
	"channel":           "",
	"token":             "",
	"cache":             "./data/display.db",
	"fullscreen":        true,
	"rotation":          0,
	"name":              "",
	"screenshots":       "",
	"screenshot_every":  "10s",
	"off_command":       "",
	"on_command":        "",
	"pixel_shift_every": "3m",
}

// LoadDisplay reads and validates the cxtv-display config file at path.
func LoadDisplay(path string) (*Display, error) {
	var c Display
	if err := loadFile(path, displayDefaults, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// ParseDisplay reads a cxtv-display config from r; see ParseFeed.
func ParseDisplay(r io.Reader, name string, env func(string) (string, bool)) (*Display, error) {
	var c Display
	if err := load(r, name, displayDefaults, env, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate fills in defaults and reports every invalid key.
func (c *Display) Validate() error {
	var errs fieldErrs
	if u, err := url.Parse(c.Server); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs.add("server", "%q is not an http(s) URL", c.Server)
	}
	if !channelName.MatchString(c.Channel) {
		errs.add("channel", "%q must be a channel name from the feed server's config", c.Channel)
	}
	if c.Token == "" {
		errs.add("token", "is required (the channel's display_token, or set CXTV_TOKEN)")
	}
	if c.Cache == "" {
		errs.add("cache", "is required (path of the bbolt cache file)")
	}
	switch c.Rotation {
	case 0, 90, 180, 270:
	default:
		errs.add("rotation", "%d is not one of 0, 90, 180, 270", c.Rotation)
	}
	if c.Name == "" {
		c.Name, _ = os.Hostname()
	}
	if c.Screenshots != "" && c.ScreenshotEvery < time.Second {
		errs.add("screenshot_every", "%v is shorter than 1s", c.ScreenshotEvery)
	}
	if c.PixelShiftEvery != 0 && c.PixelShiftEvery < MinPixelShiftEvery {
		errs.add("pixel_shift_every", "%v is shorter than %v (0 turns it off)", c.PixelShiftEvery, MinPixelShiftEvery)
	}
	return errs.join()
}
