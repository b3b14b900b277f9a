package intake

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// readTar streams a .tar or .tar.gz. Everything read is counted, skipped
// entries included, so a decompression bomb stops at MaxArchiveBytes.
func readTar(ctx context.Context, name string, gzipped bool, c *collector) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if gzipped {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("open gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	}
	lr := &limitedReader{r: r, left: c.lim.MaxArchiveBytes}
	tr := tar.NewReader(lr)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			if lr.over {
				return &LimitError{What: fmt.Sprintf("archive over %d bytes unpacked", c.lim.MaxArchiveBytes)}
			}
			return fmt.Errorf("read tar: %w", err)
		}
		t := typeOther
		switch h.Typeflag {
		case tar.TypeDir:
			t = typeDir
		case tar.TypeSymlink, tar.TypeLink:
			t = typeLink
		case tar.TypeReg:
			t = typeFile
		case tar.TypeXGlobalHeader:
			continue
		}
		if err := c.add(h.Name, t, h.Size, func() (io.ReadCloser, error) { return io.NopCloser(tr), nil }); err != nil {
			return err
		}
		if lr.over {
			return &LimitError{What: fmt.Sprintf("archive over %d bytes unpacked", c.lim.MaxArchiveBytes)}
		}
	}
}

// limitedReader fails once more than left bytes were read, and remembers it.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		l.over = true
		return 0, errors.New("archive too large")
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
