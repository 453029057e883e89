package config

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long a burst of file events must be quiet before the file
// is read: editors write, truncate and rename in quick succession.
const settle = 150 * time.Millisecond

// WatchFeed calls onChange with the newly loaded config, or the error that
// names what is wrong with it, whenever the file at path changes, until ctx
// ends. It watches the folder, so that editors that replace the file by
// renaming a new one over it are seen too; a file deleted and not replaced
// within settle is reported as an error.
func WatchFeed(ctx context.Context, path string, onChange func(*Feed, error)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch config: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		w.Close()
		return fmt.Errorf("watch config: %w", err)
	}
	if err := w.Add(filepath.Dir(abs)); err != nil {
		w.Close()
		return fmt.Errorf("watch config %s: %w", filepath.Dir(abs), err)
	}
	go func() {
		defer w.Close()
		timer := time.NewTimer(time.Hour)
		timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) != 0 {
					timer.Reset(settle)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				onChange(nil, fmt.Errorf("watch config: %w", err))
			case <-timer.C:
				cfg, err := LoadFeed(path)
				onChange(cfg, err)
			}
		}
	}()
	return nil
}
