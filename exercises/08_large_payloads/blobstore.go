package largepayload

import (
	"context"
	"errors"
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

// Put writes data to the file key in Dir. A key is a plain file name.
func (s DirStore) Put(ctx context.Context, key string, data []byte) (string, error) {
	// TODO (step 2): refuse a key with a / or \ in it, or "." or "..";
	// os.WriteFile(filepath.Join(absolute Dir, key), data, 0o600); return
	// "file://" + that path.
	return "", errors.New("DirStore.Put: not implemented yet: write the payload to a file in Dir (README step 2)")
}

// Get reads the file at location, which must be in Dir: a message must not
// make a consumer read any file it names.
func (s DirStore) Get(ctx context.Context, location string) ([]byte, error) {
	// TODO (step 2): strings.CutPrefix(location, "file://"); refuse a path
	// whose directory is not the absolute Dir; os.ReadFile it.
	return nil, errors.New("DirStore.Get: not implemented yet: read the payload back from Dir (README step 2)")
}
