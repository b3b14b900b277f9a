package largepayload_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	largepayload "github.com/queuelab/queuelab/exercises/08_large_payloads"
	"github.com/queuelab/queuelab/grader/labtest"
)

// memStore is the check's own BlobStore, so that the checks of Send and
// Receive do not depend on the learner's DirStore.
type memStore struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

var _ largepayload.BlobStore = (*memStore)(nil)

func newMemStore() *memStore { return &memStore{blobs: map[string][]byte{}} }

func (s *memStore) Put(_ context.Context, key string, data []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	loc := "mem://" + key
	s.blobs[loc] = append([]byte(nil), data...)
	return loc, nil
}

func (s *memStore) Get(_ context.Context, location string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blobs[location]
	if !ok {
		return nil, fmt.Errorf("mem store: nothing at %s", location)
	}
	return b, nil
}

func (s *memStore) snapshot() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for k, v := range s.blobs {
		out[k] = v
	}
	return out
}

// reportsQueue creates a queue of the check's own with the lesson's limit
// and visibility timeout 0, so a message that is not deleted is back at once.
func reportsQueue(t *testing.T, lab *labtest.Lab) string {
	t.Helper()
	return lab.CreateQueue(t, lab.Scope(t)+"-daily-reports-queue", map[string]string{
		"MaximumMessageSize": "262144",
		"VisibilityTimeout":  "0",
	})
}

func short(s string) string {
	if len(s) <= 60 {
		return s
	}
	return s[:60] + fmt.Sprintf("... (%d bytes)", len(s))
}
