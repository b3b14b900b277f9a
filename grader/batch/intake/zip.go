package intake

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io/fs"
)

// readZip reads a .zip's central directory and only the candidates' content.
func readZip(ctx context.Context, name string, c *collector) error {
	r, err := zip.OpenReader(name)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("open zip: %w", err)
	}
	defer r.Close()
	for _, f := range r.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		mode := f.Mode()
		t := typeOther
		switch {
		case mode.IsDir():
			t = typeDir
		case mode&fs.ModeSymlink != 0:
			t = typeLink
		case mode.IsRegular():
			t = typeFile
		}
		size := int64(f.UncompressedSize64)
		if f.UncompressedSize64 > uint64(c.lim.MaxArchiveBytes) {
			size = c.lim.MaxArchiveBytes
		}
		if err := c.add(f.Name, t, size, f.Open); err != nil {
			return err
		}
	}
	return nil
}
