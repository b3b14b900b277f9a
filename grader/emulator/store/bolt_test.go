package store_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

func open(t testing.TB, dir string) *store.Bolt {
	t.Helper()
	s, err := store.Open(dir)
	require.NoError(t, err)
	return s
}

func TestApplyIsWhatTheNextOpenLoads(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	assert.Empty(t, s.Loaded().Queues, "a new folder holds nothing")
	q := store.Queue{ID: "q1", Account: "123456789012", Region: "us-east-1", Name: "orders",
		Attrs: map[string]string{"VisibilityTimeout": "30"}, Tags: map[string]string{"team": "coffee"}}
	msg := func(id byte, pos uint64, sent int64) *store.Message {
		return &store.Message{ID: [16]byte{id}, Pos: pos, Body: "order", Sent: sent,
			Attrs: map[string]msgattr.Value{"bin": {DataType: "Binary", BinaryValue: []byte{0, 1}}}}
	}
	future := time.Now().Add(time.Hour).UnixNano()
	require.NoError(t, s.Apply(
		store.PutQueue{Queue: q},
		store.PutQueue{Queue: store.Queue{ID: "q2", Name: "gone"}},
		store.PutMessage{QueueID: "q1", Message: msg(1, 1, 300)},
		store.PutMessage{QueueID: "q1", Message: msg(2, 2, 100)}, // moved in later, sent earlier
		store.PutMessage{QueueID: "q1", Message: msg(3, 3, 200)},
		store.SetVisibility{QueueID: "q1", Sent: 100, MessageID: [16]byte{2}, Visibility: store.Visibility{Receives: 2, FirstReceive: 150, VisibleAt: 999}},
		store.DeleteMessage{QueueID: "q1", Sent: 200, MessageID: [16]byte{3}},
		store.PutMessage{QueueID: "q2", Message: msg(4, 1, 100)},
		store.DeleteQueue{QueueID: "q2"},
		store.PutMessage{QueueID: "q2", Message: msg(5, 2, 100)}, // late, for a deleted queue: ignored
		store.PutDedup{QueueID: "q1", Seq: 7, Dedup: store.Dedup{Key: "live", Until: future}},
		store.PutDedup{QueueID: "q1", Seq: 8, Dedup: store.Dedup{Key: "expired", Until: 1}},
		store.PutSNSAccount{Account: &store.SNSAccount{Account: "123456789012", Topics: []store.Topic{{Name: "t"}}}},
		store.PutSNSAccount{Account: &store.SNSAccount{Account: "210987654321"}},
		store.DeleteSNSAccount{Account: "210987654321"},
	))
	require.NoError(t, s.Close())

	got := open(t, dir).Loaded()
	require.Len(t, got.Queues, 1)
	qs := got.Queues[0]
	assert.Equal(t, q, qs.Queue)
	assert.Equal(t, uint64(8), qs.Seq)
	require.Len(t, qs.Messages, 2)
	assert.Equal(t, [16]byte{1}, qs.Messages[0].ID, "in the order they were put")
	assert.Equal(t, store.Visibility{}, qs.Messages[0].Visibility)
	assert.Equal(t, [16]byte{2}, qs.Messages[1].ID)
	assert.Equal(t, store.Visibility{Receives: 2, FirstReceive: 150, VisibleAt: 999}, qs.Messages[1].Visibility)
	assert.Equal(t, []byte{0, 1}, qs.Messages[1].Attrs["bin"].BinaryValue)
	require.Len(t, qs.Dedup, 1, "expired deduplication ids are dropped")
	assert.Equal(t, "live", qs.Dedup[0].Key)
	require.Len(t, got.SNS, 1)
	assert.Equal(t, "t", got.SNS[0].Topics[0].Name)
}

func TestPurgeEmptiesAQueue(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q"}},
		store.PutMessage{QueueID: "q", Message: &store.Message{ID: [16]byte{1}, Visibility: store.Visibility{Receives: 1}}},
		store.PurgeQueue{QueueID: "q"},
		store.PutMessage{QueueID: "q", Message: &store.Message{ID: [16]byte{2}, Pos: 2}}))
	require.NoError(t, s.Close())
	got := open(t, dir).Loaded()
	require.Len(t, got.Queues, 1)
	require.Len(t, got.Queues[0].Messages, 1)
	assert.Equal(t, [16]byte{2}, got.Queues[0].Messages[0].ID)
}

// The arrival history is kept per account, in order; a trim forgets an
// account's oldest arrivals, a delete one account's or every account's.
func TestHistoryIsWhatTheNextOpenLoads(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	arrival := func(account string, seq uint64) store.PutArrival {
		return store.PutArrival{Arrival: &store.Arrival{Account: account, Seq: seq, Time: int64(seq),
			QueueARN: "arn:aws:sqs:us-east-1:" + account + ":orders", MessageID: "m", Body: "order",
			Attributes: map[string]string{"Author": "ada"}, From: "SendMessage"}}
	}
	var changes []store.Change
	for _, account := range []string{"123456789012", "210987654321", "000000000000"} {
		for seq := uint64(1); seq <= 300; seq++ { // 256 and more: keys past one byte
			changes = append(changes, arrival(account, seq))
		}
	}
	require.NoError(t, s.Apply(changes...))
	require.NoError(t, s.Apply(store.TrimHistory{Account: "123456789012", Below: 290},
		store.DeleteHistory{Account: "210987654321"}, arrival("210987654321", 301)))
	require.NoError(t, s.Close())

	s = open(t, dir)
	got := s.Loaded().History
	require.Len(t, got, 300+11+1)
	assert.Equal(t, "000000000000", got[0].Account, "by account")
	assert.Equal(t, uint64(300), got[299].Seq, "oldest first")
	assert.Equal(t, *arrival("123456789012", 290).Arrival, got[300])
	assert.Equal(t, uint64(301), got[311].Seq)
	require.NoError(t, s.Apply(store.DeleteHistory{}))
	require.NoError(t, s.Close())
	assert.Empty(t, open(t, dir).Loaded().History)
}

// A folder Open cannot use is refused with a clear error and left exactly
// as it was.
func TestOpenRefusesAFolderItCannotUse(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		want    error
		says    string
	}{
		{"not a state file", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, store.FileName), []byte("queues: lots of them\n"), 0o600))
		}, store.ErrCorrupt, "move it away"},
		{"damaged", func(t *testing.T, dir string) {
			s := open(t, dir)
			require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
			require.NoError(t, s.Close())
			path := filepath.Join(dir, store.FileName)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			for i := range 64 { // both meta pages' checksums
				data[4096*0+64+i] ^= 0xff
				data[4096*1+64+i] ^= 0xff
			}
			require.NoError(t, os.WriteFile(path, data, 0o600))
		}, store.ErrCorrupt, "corrupt"},
		{"an undecodable record", func(t *testing.T, dir string) {
			s := open(t, dir)
			require.NoError(t, s.Close())
			db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
			require.NoError(t, err)
			require.NoError(t, db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("queues")).Put([]byte("q\x00"), []byte("{not json"))
			}))
			require.NoError(t, db.Close())
		}, store.ErrCorrupt, "corrupt"},
		{"a damaged journal", func(t *testing.T, dir string) {
			s := open(t, dir)
			store.HoldCheckpoints(s)
			require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
			require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders-2"}}))
			store.Crash(s)
			path := filepath.Join(dir, store.JournalName)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			data[20] ^= 0xff // inside the first record: not a torn end
			require.NoError(t, os.WriteFile(path, data, 0o600))
		}, store.ErrCorrupt, "fails its checksum"},
		{"from the first day's layout", func(t *testing.T, dir string) {
			s := open(t, dir)
			require.NoError(t, s.Close())
			db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
			require.NoError(t, err)
			require.NoError(t, db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte("1"))
			}))
			require.NoError(t, db.Close())
		}, store.ErrOldVersion, "format 1"},
		{"no format version", func(t *testing.T, dir string) {
			db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
			require.NoError(t, err)
			require.NoError(t, db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }))
			require.NoError(t, db.Close())
		}, store.ErrCorrupt, "no format version"},
		{"from a newer version", func(t *testing.T, dir string) {
			s := open(t, dir)
			require.NoError(t, s.Close())
			db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
			require.NoError(t, err)
			require.NoError(t, db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte("99"))
			}))
			require.NoError(t, db.Close())
		}, store.ErrNewerVersion, "upgrade QueueLab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.prepare(t, dir)
			before, err := os.ReadFile(filepath.Join(dir, store.FileName))
			require.NoError(t, err)
			journalBefore, _ := os.ReadFile(filepath.Join(dir, store.JournalName))

			s, err := store.Open(dir)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), tt.says)
			assert.Contains(t, err.Error(), dir)

			after, err := os.ReadFile(filepath.Join(dir, store.FileName))
			require.NoError(t, err)
			assert.Equal(t, before, after, "the state file was changed")
			journalAfter, _ := os.ReadFile(filepath.Join(dir, store.JournalName))
			assert.Equal(t, journalBefore, journalAfter, "the journal was changed")
		})
	}
}

func TestOpenRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	defer s.Close()
	_, err := store.Open(dir)
	require.ErrorIs(t, err, store.ErrInUse)
	assert.Contains(t, err.Error(), "in use by another server")
	require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q"}}), "the first one still works")
}

// Concurrent Applies share commits and each gets its own result: every
// acknowledged change is loaded, a failing call fails alone.
func TestConcurrentAppliesAreEachCommitted(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	require.NoError(t, s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}))
	const senders, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, senders*each)
	for w := range senders {
		wg.Go(func() {
			for i := range each {
				id := [16]byte{byte(w), byte(i)}
				errs <- s.Apply(store.PutMessage{QueueID: "q", Message: &store.Message{ID: id, Pos: uint64(w*each + i + 1)}})
				if i == 0 { // a change that cannot be written, amid the others
					assert.Error(t, s.Apply(store.PutSNSAccount{Account: &store.SNSAccount{Account: "x",
						SMSAttrs: map[string]map[string]string{}, Topics: []store.Topic{{Attrs: map[string]string{}}}}},
						store.PutArrival{Arrival: &store.Arrival{Account: "x", Attributes: map[string]string{}}}, unknownChange{}))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, s.Close())
	got := open(t, dir).Loaded()
	require.Len(t, got.Queues, 1)
	assert.Len(t, got.Queues[0].Messages, senders*each)
	assert.Empty(t, got.SNS, "a failed call's changes are not kept")
	assert.Empty(t, got.History)
}

// unknownChange is a change Apply cannot write.
type unknownChange struct{ store.PutQueue }

// BenchmarkApply is the cost of one SendMessage's write (a message and its
// arrival) from one sender, and from eight at once, its share of the
// checkpoints that write it to the state file included: the store is
// closed, and its last checkpoint written, before the clock stops.
func BenchmarkApply(b *testing.B) {
	for _, senders := range []int{1, 8} {
		b.Run(fmt.Sprintf("senders=%d", senders), func(b *testing.B) {
			s := open(b, b.TempDir())
			if err := s.Apply(store.PutQueue{Queue: store.Queue{ID: "q", Name: "orders"}}); err != nil {
				b.Fatal(err)
			}
			var n atomic.Uint64
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			var wg sync.WaitGroup
			for range senders {
				wg.Go(func() {
					for i := n.Add(1); i <= uint64(b.N); i = n.Add(1) {
						var id [16]byte
						binary.BigEndian.PutUint64(id[:], i)
						err := s.Apply(store.PutMessage{QueueID: "q", Message: &store.Message{ID: id, Pos: i, Sent: int64(i),
							Body: `{"coffee":"flat white","price":3.2,"shop":"queuelab"}`}},
							store.PutArrival{Arrival: &store.Arrival{Account: "123456789012", Seq: i, Time: int64(i),
								Body: `{"coffee":"flat white","price":3.2,"shop":"queuelab"}`, From: "SendMessage"}})
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the process's CPU time, user and system, in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
