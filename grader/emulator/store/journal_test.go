package store_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/store"
)

// openHeld opens dir with its checkpoints held, so that what is applied
// stays in the journal until the test says.
func openHeld(t *testing.T, dir string) *store.Bolt {
	t.Helper()
	s := open(t, dir)
	store.HoldCheckpoints(s)
	return s
}

func readJournalFile(t *testing.T, dir string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, store.JournalName))
	require.NoError(t, err)
	return data
}

func message(id byte) *store.Message {
	return &store.Message{ID: [16]byte{id}, Pos: uint64(id), Sent: int64(id), Body: "latte"}
}

// loadedMessages is the ids of the messages of the one queue dir holds.
func loadedMessages(t *testing.T, dir string) []byte {
	t.Helper()
	s := open(t, dir)
	defer func() { require.NoError(t, s.Close()) }()
	got := s.Loaded()
	require.Len(t, got.Queues, 1)
	var ids []byte
	for _, m := range got.Queues[0].Messages {
		ids = append(ids, m.ID[0])
	}
	return ids
}

// What Apply acknowledged survives a server killed before any checkpoint:
// Open writes the journal to the state file, then empties it.
func TestAKilledServerLosesNothingApplied(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openHeld(t, dir)
	require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
	for id := range byte(5) {
		require.NoError(t, s.Apply(store.PutMessage{QueueID: "q", Message: message(id + 1)}))
	}
	require.NoError(t, s.Apply(store.DeleteMessage{QueueID: "q", Sent: 2, MessageID: [16]byte{2}}))
	store.Crash(s)
	require.NotEmpty(t, readJournalFile(t, dir), "the changes are in the journal only")

	assert.Equal(t, []byte{1, 3, 4, 5}, loadedMessages(t, dir))
	assert.Empty(t, readJournalFile(t, dir), "Open wrote the journal to the state file")
	assert.Equal(t, []byte{1, 3, 4, 5}, loadedMessages(t, dir), "and a second Open reads the same")
}

// A record cut short by a kill in the middle of its append was never
// acknowledged: Open leaves it out and keeps every record before it.
func TestATornRecordAtTheEndIsLeftOut(t *testing.T) {
	t.Parallel()
	for _, cut := range []int{1, 10, 17, 40} {
		dir := t.TempDir()
		s := openHeld(t, dir)
		require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
		require.NoError(t, s.Apply(store.PutMessage{QueueID: "q", Message: message(1)}))
		whole := readJournalFile(t, dir)
		require.NoError(t, s.Apply(store.PutMessage{QueueID: "q", Message: message(2)}))
		store.Crash(s)
		torn := readJournalFile(t, dir)[:len(whole)+cut]
		require.NoError(t, os.WriteFile(filepath.Join(dir, store.JournalName), torn, 0o600))

		assert.Equal(t, []byte{1}, loadedMessages(t, dir), "cut %d bytes into the last record", cut)
	}
}

// A server killed after a checkpoint and before it emptied the journal
// leaves records the state file holds already: they are not written again,
// so a message deleted since does not come back.
func TestRecordsACheckpointWroteAreNotWrittenAgain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openHeld(t, dir)
	require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}},
		store.PutMessage{QueueID: "q", Message: message(1)}))
	stale := readJournalFile(t, dir)
	require.NoError(t, s.Apply(store.DeleteMessage{QueueID: "q", Sent: 1, MessageID: [16]byte{1}},
		store.PutMessage{QueueID: "q", Message: message(2)}))
	require.NoError(t, store.Checkpoint(s))
	assert.Empty(t, readJournalFile(t, dir), "a checkpoint empties the journal")
	store.Crash(s)
	require.NoError(t, os.WriteFile(filepath.Join(dir, store.JournalName), stale, 0o600))

	assert.Equal(t, []byte{2}, loadedMessages(t, dir))
}

// Records that come in during a checkpoint stay in the journal until the
// next one, and are kept.
func TestACheckpointKeepsWhatCameInAfterIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openHeld(t, dir)
	require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
	require.NoError(t, store.Checkpoint(s))
	require.NoError(t, s.Apply(store.PutMessage{QueueID: "q", Message: message(1)}))
	store.Crash(s)

	assert.Equal(t, []byte{1}, loadedMessages(t, dir))
}

// A change that cannot be written fails Apply, which writes nothing of it.
func TestApplyRefusesWhatTheStateFileWouldRefuse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openHeld(t, dir)
	err := s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}},
		store.PutSNSAccount{Account: &store.SNSAccount{}}) // no account: no key
	require.ErrorContains(t, err, "a key of 0 bytes")
	assert.Empty(t, readJournalFile(t, dir))
	require.NoError(t, s.Close())
	assert.Empty(t, open(t, dir).Loaded().Queues)
	require.ErrorIs(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q"}}), store.ErrClosed)
}

// Under a steady stream of Applies from several senders, checkpoints that
// hold the senders back once the journal is over its limit empty it, and
// every acknowledged change is in the state the next Open reads.
func TestCheckpointsUnderAStreamOfApplies(t *testing.T) {
	t.Parallel()
	for _, limit := range []int64{1 << 10, 1 << 30} { // held back at once; never
		dir := t.TempDir()
		s := open(t, dir)
		store.LimitJournal(s, limit, time.Millisecond)
		require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
		const senders, each = 4, 200
		var wg sync.WaitGroup
		for w := range senders {
			wg.Go(func() {
				for i := range each {
					id := byte(w*each + i)
					msg := &store.Message{ID: [16]byte{byte(w), byte(i)}, Pos: uint64(w*each + i + 1), Sent: int64(id), Body: "latte"}
					if err := s.Apply(store.PutMessage{QueueID: "q", Message: msg}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		store.Crash(s) // what the checkpoints wrote, and the journal since

		s = open(t, dir)
		got := s.Loaded()
		require.Len(t, got.Queues, 1)
		assert.Len(t, got.Queues[0].Messages, senders*each, "journal limit %d", limit)
		require.NoError(t, s.Close())
	}
}
