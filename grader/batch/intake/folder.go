package intake

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// readFolder walks a submission folder without following links: a link is
// reported, never read, so it cannot point the grader at files outside.
func readFolder(ctx context.Context, dir string, c *collector) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		t := typeOther
		switch {
		case d.IsDir():
			t = typeDir
		case d.Type()&fs.ModeSymlink != 0:
			t = typeLink
		case d.Type().IsRegular():
			t = typeFile
		}
		var size int64
		if t == typeFile {
			info, err := d.Info()
			if err != nil {
				return err
			}
			size = info.Size()
		}
		return c.add(rel, t, size, func() (io.ReadCloser, error) { return openRegular(p) })
	})
}

// openRegular opens p only if it is still a regular file, refusing a file
// swapped for a link between the walk and the read.
func openRegular(p string) (io.ReadCloser, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrInvalid}
	}
	return f, nil
}
