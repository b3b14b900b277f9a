// Package intake takes a student's exercise sources out of one submission —
// a folder, a .zip, a .tar.gz or a git bundle — and lays them out in a work
// folder the way a repository holds them, so the grader can compile them with
// its own pristine checks.
//
// Only what the grader needs is taken: the .go files of exercises/NN_name/
// that are not tests, the learner file and the quiz answer files. Tests,
// Makefiles, workflows and everything else come from the grader's own copy.
// Unpacking is safe by construction: a name that would leave the work folder
// is refused, links and devices are never created, and limits bound how many
// entries are looked at and how many bytes are kept.
package intake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/queuelab/queuelab/grader/learner"
)

// Limits bound what one submission may cost to read.
type Limits struct {
	// MaxEntries is the most files, folders and links looked at.
	MaxEntries int
	// MaxFileBytes is the largest source file taken.
	MaxFileBytes int64
	// MaxTotalBytes is the most bytes taken in all.
	MaxTotalBytes int64
	// MaxArchiveBytes is the most bytes read from an archive or bundle,
	// after decompression: it stops decompression bombs early.
	MaxArchiveBytes int64
}

// DefaultLimits are generous for a class exercise kit and small enough that a
// hostile archive costs seconds, not the batch.
var DefaultLimits = Limits{
	MaxEntries:      20000,
	MaxFileBytes:    1 << 20,
	MaxTotalBytes:   16 << 20,
	MaxArchiveBytes: 256 << 20,
}

// Result says what was taken from a submission.
type Result struct {
	// Files are the paths written, relative to the work folder, sorted.
	Files []string
	// Learner is the submission's learner file, when it has a valid one.
	Learner *learner.Learner
	// Warnings tell what was refused or skipped, and why.
	Warnings []string
	// Fingerprint is a hash of every file taken (path and content): two
	// submissions with the same fingerprint grade the same.
	Fingerprint string
}

// LimitError says which limit a submission went over.
type LimitError struct{ What string }

func (e *LimitError) Error() string { return "submission too large: " + e.What }

// ErrNoSources means a submission holds no exercise sources at all.
var ErrNoSources = errors.New("no exercise sources found: expected exercises/NN_name/*.go (or the NN_name folders themselves)")

// Unpack takes the exercise sources of the submission e into dst, which must
// be an empty or missing folder.
func Unpack(ctx context.Context, e Entry, dst string, lim Limits) (Result, error) {
	c := newCollector(lim)
	var err error
	switch e.Kind {
	case KindFolder:
		err = readFolder(ctx, e.Path, c)
	case KindZip:
		err = readZip(ctx, e.Path, c)
	case KindTar, KindTarGz:
		err = readTar(ctx, e.Path, e.Kind == KindTarGz, c)
	case KindBundle:
		err = readBundle(ctx, e.Path, dst+".git", c)
	default:
		err = fmt.Errorf("unknown kind of submission %q", e.Kind)
	}
	if err != nil {
		return Result{Warnings: c.warnings}, fmt.Errorf("read %s: %w", e.Name, err)
	}
	files, err := c.selectSources()
	if err != nil {
		return Result{Warnings: c.warnings}, err
	}
	res := Result{Warnings: c.warnings}
	if err := write(dst, files); err != nil {
		return res, fmt.Errorf("write sources of %s: %w", e.Name, err)
	}
	h := sha256.New()
	for _, f := range files {
		res.Files = append(res.Files, f.path)
		fmt.Fprintf(h, "%s\x00%d\x00", f.path, len(f.data))
		h.Write(f.data)
		if f.path == learner.FileName {
			l, err := learner.Parse(f.data)
			if err != nil {
				res.Warnings = append(res.Warnings, err.Error())
			} else {
				res.Learner = &l
			}
		}
	}
	res.Fingerprint = hex.EncodeToString(h.Sum(nil))
	return res, nil
}

// write lays files out under dst. Every path was checked by the collector to
// be local, and only folders and regular files are created, so nothing can
// be written outside dst.
func write(dst string, files []file) error {
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dst)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range files {
		if dir := filepath.Dir(filepath.FromSlash(f.path)); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		if err := root.WriteFile(filepath.FromSlash(f.path), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
