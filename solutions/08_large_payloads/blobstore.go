package largepayload

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// BlobStore keeps payloads too big for a message: S3 in the lesson, a local
// directory here.
type BlobStore interface {
	// Put stores data under key and returns its location, the string a
	// reference message carries.
	Put(ctx context.Context, key string, data []byte) (location string, err error)
	// Get returns the data at a location that Put returned.
	Get(ctx context.Context, location string) ([]byte, error)
}

// DirStore is a BlobStore in a local directory: a key is a file name in
// Dir, a location is "file://" and the file's absolute path.
type DirStore struct {
	Dir string
}

const fileScheme = "file://"

// Put writes data to the file key in Dir. A key is a plain file name.
func (s DirStore) Put(ctx context.Context, key string, data []byte) (string, error) {
	if key == "" || key == "." || key == ".." || strings.ContainsAny(key, `/\`) {
		return "", fmt.Errorf("dir store: key %q is not a plain file name", key)
	}
	dir, err := filepath.Abs(s.Dir)
	if err != nil {
		return "", fmt.Errorf("dir store: %w", err)
	}
	path := filepath.Join(dir, key)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("dir store: put %s: %w", key, err)
	}
	return fileScheme + path, nil
}

// Get reads the file at location, which must be in Dir: a message must not
// make a consumer read any file it names.
func (s DirStore) Get(ctx context.Context, location string) ([]byte, error) {
	path, ok := strings.CutPrefix(location, fileScheme)
	if !ok {
		return nil, fmt.Errorf("dir store: location %q is not a file:// location", location)
	}
	dir, err := filepath.Abs(s.Dir)
	if err != nil {
		return nil, fmt.Errorf("dir store: %w", err)
	}
	if filepath.Dir(filepath.Clean(path)) != dir {
		return nil, errors.New("dir store: location " + location + " is outside the store's directory")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dir store: get %s: %w", location, err)
	}
	return data, nil
}
