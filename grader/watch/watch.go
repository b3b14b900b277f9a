// Package watch re-runs an exercise's checks when its files change: it
// watches the exercise folders with fsnotify (inotify on Linux and WSL,
// kqueue on macOS) and calls back once per burst of changes, with the
// exercises touched.
package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long the folder must be quiet before a run: editors
// write a file in several steps (temp file, rename, chmod).
const DefaultDebounce = 300 * time.Millisecond

// Config says what to watch and what to do.
type Config struct {
	// Root is the repository root; its exercises/<id>/ folders are watched.
	Root string
	// Debounce is the quiet time before a run. Default DefaultDebounce.
	Debounce time.Duration
	// Changed is called with the exercises whose files changed, sorted, one
	// call at a time; changes during a call are batched for the next.
	Changed func(ctx context.Context, exercises []string)
}

// Run watches until ctx is cancelled.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()
	dirs, err := exerciseDirs(cfg.Root)
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if err := w.Add(d); err != nil {
			return fmt.Errorf("watch %s: %w", d, err)
		}
	}
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			return fmt.Errorf("watch: %w", err)
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if id := Exercise(cfg.Root, ev.Name); id != "" && relevant(ev) {
				pending[id] = true
				timer.Reset(cfg.Debounce)
			}
		case <-timer.C:
			ids := make([]string, 0, len(pending))
			for id := range pending {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			clear(pending)
			cfg.Changed(ctx, ids)
		}
	}
}

// exerciseDirs are the folders exercises/<id>/ under root.
func exerciseDirs(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "exercises"))
	if err != nil {
		return nil, fmt.Errorf("watch: no exercises folder: %w", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(root, "exercises", e.Name()))
		}
	}
	return dirs, nil
}

// Exercise names the exercise a changed path belongs to, or "".
func Exercise(root, path string) string {
	rel, err := filepath.Rel(filepath.Join(root, "exercises"), path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return ""
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[0]
}

// relevant: a Go file or the quiz answers, not an editor's swap file.
func relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	base := filepath.Base(ev.Name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") {
		return false
	}
	return strings.HasSuffix(base, ".go") || strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".json")
}
