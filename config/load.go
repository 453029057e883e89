// Package config loads the typed configuration of cxtv-feed and cxtv-display
// from a YAML file with environment overrides (CXTV_…), and validates it
// with errors that name the file and the key path.
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
)

// EnvPrefix is the prefix of environment variables that override config
// keys: CXTV_ADMIN_TOKEN overrides admin_token.
const EnvPrefix = "CXTV"

// validator is a config that can check itself.
type validator interface{ Validate() error }

// load reads YAML from r into out, applying defaults and environment
// overrides. name is the file name used in errors. A key that out does not
// know is an error.
func load(r io.Reader, name string, defaults map[string]any, env func(string) (string, bool), out validator) error {
	v := viper.New()
	v.SetConfigType("yaml")
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	// Every key needs a default, or viper's Unmarshal never looks at the
	// environment for it.
	for k, d := range defaults {
		v.SetDefault(k, d)
	}
	if err := v.ReadConfig(r); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for k := range defaults {
		if val, ok := env(EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))); ok {
			v.Set(k, val)
		}
	}
	hooks := viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.StringToSliceHookFunc(","),
		slideHook,
	))
	if err := v.UnmarshalExact(out, hooks); err != nil {
		return cleanDecodeError(name, err)
	}
	if err := out.Validate(); err != nil {
		return prefixed(name, err)
	}
	return nil
}

// loadFile opens path and loads it with the process environment.
func loadFile(path string, defaults map[string]any, out validator) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open config: %w", err)
	}
	defer f.Close()
	return load(f, path, defaults, os.LookupEnv, out)
}

// prefixed puts name in front of every error joined in err.
func prefixed(name string, err error) error {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = fmt.Errorf("%s: %w", name, e)
	}
	return errors.Join(out...)
}

// cleanDecodeError drops mapstructure's "decoding failed due to the
// following error(s):" preamble, keeping the lines that name the keys,
// each with name in front.
func cleanDecodeError(name string, err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "error(s):"); i >= 0 {
		msg = strings.TrimSpace(msg[i+len("error(s):"):])
	}
	var out []error
	for line := range strings.SplitSeq(msg, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			line = strings.Replace(line, "'' has invalid keys:", "unknown top-level keys:", 1)
			out = append(out, errors.New(name+": "+line))
		}
	}
	return errors.Join(out...)
}

// slideHook lets a playlist entry be either a bare kind ("nps") or a map
// ({kind: nps, seconds: 12}).
func slideHook(from, to reflect.Type, data any) (any, error) {
	if to != reflect.TypeOf(SlideConfig{}) || from.Kind() != reflect.String {
		return data, nil
	}
	return map[string]any{"kind": data}, nil
}

// fieldErrs collects validation errors with their key paths.
type fieldErrs []error

func (e *fieldErrs) add(path, format string, args ...any) {
	*e = append(*e, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
}

func (e fieldErrs) join() error { return errors.Join(e...) }

func pathf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
