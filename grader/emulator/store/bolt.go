package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the state file inside a state folder.
const FileName = "state.db"

// FormatVersion is the version of the layout below that this QueueLab
// writes; a state file with a higher one is refused (ErrNewerVersion), and
// one of version 1 (the first day's nested layout) too (ErrOldVersion).
const FormatVersion = 2

// lockTimeout is how long Open waits for another server to let go of the
// state file before it gives up with ErrInUse.
const lockTimeout = 500 * time.Millisecond

// The layout is flat, so that a commit copies as few pages as it can: a
// bucket "meta" holding "version"; under "queues" each queue's own state
// (JSON) keyed by its Queue.ID and a zero byte, and its last FIFO sequence
// number (8 bytes) keyed by the ID and a one byte; under "messages" every
// queue's messages (JSON) and under "visibility" their visibility (20
// bytes), keyed by the queue's ID, a zero byte, the message's send time
// and id, so that new messages go at the end of their queue's range; under
// "dedup" the FIFO deduplication ids (JSON), keyed by the queue's ID, a
// zero byte and the id; under "sns" one JSON value per account; under
// "history" the arrival history, one JSON value per arrival keyed by
// account, a zero byte and its Seq (8 bytes).
var (
	bucketMeta    = []byte("meta")
	bucketQueues  = []byte("queues")
	bucketMsgs    = []byte("messages")
	bucketVis     = []byte("visibility")
	bucketDedup   = []byte("dedup")
	bucketSNS     = []byte("sns")
	bucketHistory = []byte("history")
	allBuckets    = [][]byte{bucketMeta, bucketQueues, bucketMsgs, bucketVis, bucketDedup, bucketSNS, bucketHistory}
	keyVersion    = []byte("version")
)

// Bolt is a Store in one bbolt file in a state folder.
//
// A commit writes to the file without fsync (bbolt's NoSync): what Apply
// returned from has reached the operating system, which keeps it when the
// server is killed (kill -9, a crash, Ctrl-C) but not through a power loss
// or an operating-system crash. An fsync per request would cost a disk
// flush per SendMessage, for a promise the lesson does not need.
//
// Apply commits at once when no other commit is under way; calls that
// arrive during one wait, and the first of them then commits them all in
// one transaction (a group commit): concurrent senders share a commit, a
// lone one never waits for company.
type Bolt struct {
	db     *bolt.DB
	loaded *State

	mu      sync.Mutex
	busy    bool    // a commit is under way
	waiting []*call // calls that arrived during it
}

// call is an Apply waiting for a group commit: it is told its result on
// done, or handed the group to commit on lead.
type call struct {
	changes []Change
	done    chan error
	lead    chan []*call
}

// Open opens the state folder dir, creating it and an empty state when
// there is none, and reads the state it holds. A folder whose state file
// is in use by another server, cannot be read, or was written by a newer
// version is refused with an error wrapping ErrInUse, ErrCorrupt or
// ErrNewerVersion, and left as it was.
func Open(dir string) (*Bolt, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	db, err := openBolt(path)
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return nil, fmt.Errorf("state folder %s is %w (stop that server, or choose another folder)", dir, ErrInUse)
		case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
			errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, errPanicked):
			return nil, fmt.Errorf("state file %s is %w (%v); it was left as it is: move it away to start afresh", path, ErrCorrupt, err)
		}
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	s := &Bolt{db: db}
	if err := s.init(path); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

var errPanicked = errors.New("unreadable")

// openBolt opens path; bbolt panics on some damaged files, which is turned
// into an error.
func openBolt(path string) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("%w: %v", errPanicked, p)
		}
	}()
	return bolt.Open(path, 0o600, &bolt.Options{
		Timeout: lockTimeout,
		NoSync:  true,
		// The freelist is rebuilt on open rather than written on every
		// commit; opening then writes nothing either.
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
		// Growing the file needs no fsync either, and a large mapping
		// from the start spares remapping it while the file grows.
		NoGrowSync:      true,
		InitialMmapSize: 1 << 30,
	})
}

// init checks the format version, writes it into a new file, and reads the
// state.
func (s *Bolt) init(path string) error {
	corrupt := func(err error) error {
		return fmt.Errorf("state file %s is %w (%v); it was left as it is: move it away to start afresh", path, ErrCorrupt, err)
	}
	var version, buckets int
	err := s.db.View(func(tx *bolt.Tx) error {
		if err := tx.ForEach(func([]byte, *bolt.Bucket) error { buckets++; return nil }); err != nil {
			return err
		}
		if meta := tx.Bucket(bucketMeta); meta != nil {
			v, err := strconv.Atoi(string(meta.Get(keyVersion)))
			if err != nil {
				return fmt.Errorf("format version %q", meta.Get(keyVersion))
			}
			version = v
		}
		return nil
	})
	switch {
	case err != nil:
		return corrupt(err)
	case version > FormatVersion:
		return fmt.Errorf("state file %s is %w (format %d; this one reads %d): upgrade QueueLab, or choose another folder", path, ErrNewerVersion, version, FormatVersion)
	case version == 1:
		return fmt.Errorf("state file %s is %w (format 1; this one reads %d): it was left as it is: move it away to start afresh, or choose another folder", path, ErrOldVersion, FormatVersion)
	case version == 0 && buckets > 0:
		return corrupt(errors.New("no format version"))
	case version == 0:
		err = s.db.Update(func(tx *bolt.Tx) error {
			for _, name := range allBuckets {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			return tx.Bucket(bucketMeta).Put(keyVersion, []byte(strconv.Itoa(FormatVersion)))
		})
		if err != nil {
			return fmt.Errorf("state file %s: %w", path, err)
		}
	}
	now := time.Now().UnixNano()
	st, expired, err := s.load(now)
	if err != nil {
		return corrupt(err)
	}
	// Only once everything was read: a damaged file is never written.
	// Deduplication ids that expired can match no send any more.
	if len(expired) > 0 {
		err := s.db.Update(func(tx *bolt.Tx) error {
			d := tx.Bucket(bucketDedup)
			for _, k := range expired {
				if err := d.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("state file %s: %w", path, err)
		}
	}
	s.loaded = st
	return nil
}

// Loaded returns the state read by Open.
func (s *Bolt) Loaded() *State { return s.loaded }

// Close closes the file.
func (s *Bolt) Close() error { return s.db.Close() }

// load reads every queue, message, SNS account and arrival; it leaves out
// the deduplication ids that expired before now, and returns their keys.
func (s *Bolt) load(now int64) (st *State, expired [][]byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			st, err = nil, fmt.Errorf("%w: %v", errPanicked, p)
		}
	}()
	st = &State{}
	err = s.db.View(func(tx *bolt.Tx) error {
		b := map[string]*bolt.Bucket{}
		for _, name := range allBuckets {
			if b[string(name)] = tx.Bucket(name); b[string(name)] == nil {
				return errors.New("missing buckets")
			}
		}
		byID := map[string]*QueueState{}
		var ids []string
		err := b[string(bucketQueues)].ForEach(func(k, v []byte) error {
			if len(k) < 2 {
				return fmt.Errorf("queue key %q", k)
			}
			id, suffix := k[:len(k)-1], k[len(k)-1]
			qs := byID[string(id)]
			if qs == nil {
				qs = &QueueState{}
				byID[string(id)] = qs
				ids = append(ids, string(id))
			}
			switch {
			case suffix == 0:
				if err := json.Unmarshal(v, &qs.Queue); err != nil {
					return fmt.Errorf("queue %s: %w", id, err)
				}
			case suffix == 1 && len(v) == 8:
				qs.Seq = binary.BigEndian.Uint64(v)
			default:
				return fmt.Errorf("queue key %q", k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		vis := b[string(bucketVis)]
		err = b[string(bucketMsgs)].ForEach(func(k, v []byte) error {
			id, _, _ := bytes.Cut(k, []byte{0})
			qs := byID[string(id)]
			if qs == nil {
				return nil // a late write for a deleted queue
			}
			var m Message
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("queue %s: message: %w", id, err)
			}
			if raw := vis.Get(k); raw != nil {
				if len(raw) != 20 {
					return errors.New("message visibility: bad length")
				}
				m.Visibility = decodeVisibility(raw)
			}
			qs.Messages = append(qs.Messages, m)
			return nil
		})
		if err != nil {
			return err
		}
		err = b[string(bucketDedup)].ForEach(func(k, v []byte) error {
			id, _, _ := bytes.Cut(k, []byte{0})
			var d Dedup
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("queue %s: deduplication id: %w", id, err)
			}
			if qs := byID[string(id)]; qs != nil && d.Until > now {
				qs.Dedup = append(qs.Dedup, d)
			} else {
				expired = append(expired, slices.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			qs := byID[id]
			if qs.Queue.ID == "" {
				continue // a late write for a deleted queue
			}
			slices.SortFunc(qs.Messages, func(a, b Message) int { return cmp.Compare(a.Pos, b.Pos) })
			st.Queues = append(st.Queues, *qs)
		}
		err = b[string(bucketSNS)].ForEach(func(k, v []byte) error {
			var a SNSAccount
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("SNS account %s: %w", k, err)
			}
			st.SNS = append(st.SNS, a)
			return nil
		})
		if err != nil {
			return err
		}
		return b[string(bucketHistory)].ForEach(func(k, v []byte) error {
			var a Arrival
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("arrival %q: %w", k, err)
			}
			st.History = append(st.History, a)
			return nil
		})
	})
	return st, expired, err
}

// Apply writes changes in one bbolt transaction, which it may share with
// concurrent calls. Changes to a queue that no longer exists are ignored:
// the queue was deleted first.
func (s *Bolt) Apply(changes ...Change) error {
	s.mu.Lock()
	if !s.busy {
		s.busy = true
		s.mu.Unlock()
		return s.commitGroup(changes, nil)
	}
	c := &call{changes: changes, done: make(chan error, 1), lead: make(chan []*call, 1)}
	s.waiting = append(s.waiting, c)
	s.mu.Unlock()
	select {
	case err := <-c.done:
		return err
	case group := <-c.lead:
		return s.commitGroup(changes, group[1:])
	}
}

// commitGroup commits own and the others' changes in one transaction (each
// alone if that fails, so that one call's failure is not the others'),
// tells the others their results and hands the calls that arrived since to
// the first of them. It returns own's result.
func (s *Bolt) commitGroup(own []Change, others []*call) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := applyAll(tx, own); err != nil {
			return err
		}
		for _, c := range others {
			if err := applyAll(tx, c.changes); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(others) > 0 {
		err = s.db.Update(func(tx *bolt.Tx) error { return applyAll(tx, own) })
		for _, c := range others {
			c.done <- s.db.Update(func(tx *bolt.Tx) error { return applyAll(tx, c.changes) })
		}
	} else {
		for _, c := range others {
			c.done <- nil
		}
	}
	s.mu.Lock()
	next := s.waiting
	s.waiting = nil
	s.busy = len(next) > 0
	s.mu.Unlock()
	if len(next) > 0 {
		next[0].lead <- next
	}
	return err
}

// applyAll applies changes in tx, in order.
func applyAll(tx *bolt.Tx, changes []Change) error {
	for _, c := range changes {
		var err error
		switch c := c.(type) {
		case PutArrival, TrimHistory, DeleteHistory:
			err = applyHistory(tx.Bucket(bucketHistory), c)
		case PutSNSAccount:
			var v []byte
			if v, err = json.Marshal(c.Account); err == nil {
				err = tx.Bucket(bucketSNS).Put([]byte(c.Account.Account), v)
			}
		case DeleteSNSAccount:
			err = tx.Bucket(bucketSNS).Delete([]byte(c.Account))
		default:
			err = applySQS(tx, c)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// applyHistory writes a change of the arrival history.
func applyHistory(h *bolt.Bucket, c Change) error {
	switch c := c.(type) {
	case PutArrival:
		v, err := json.Marshal(c.Arrival)
		if err != nil {
			return err
		}
		h.FillPercent = 0.9 // keys mostly arrive in order
		return h.Put(arrivalKey(c.Arrival.Account, c.Arrival.Seq), v)
	case TrimHistory:
		return deleteKeys(h, arrivalKey(c.Account, 0), arrivalKey(c.Account, c.Below))
	case DeleteHistory:
		if c.Account == "" {
			return deleteKeys(h, nil, nil)
		}
		return deleteKeys(h, arrivalKey(c.Account, 0), append([]byte(c.Account), 1))
	}
	return fmt.Errorf("unknown change %T", c)
}

// deleteKeys deletes the keys from from (nil: the first) up to, not
// including, to (nil: past the last).
func deleteKeys(b *bolt.Bucket, from, to []byte) error {
	var gone [][]byte
	c := b.Cursor()
	k, _ := c.First()
	if from != nil {
		k, _ = c.Seek(from)
	}
	for ; k != nil && (to == nil || bytes.Compare(k, to) < 0); k, _ = c.Next() {
		gone = append(gone, slices.Clone(k))
	}
	for _, k := range gone {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// arrivalKey is an arrival's key: its account, a zero byte, its Seq.
func arrivalKey(account string, seq uint64) []byte {
	k := make([]byte, len(account)+9)
	copy(k, account)
	binary.BigEndian.PutUint64(k[len(account)+1:], seq)
	return k
}

// applySQS writes a change of a queue.
func applySQS(tx *bolt.Tx, c Change) error {
	queues, msgs, vis := tx.Bucket(bucketQueues), tx.Bucket(bucketMsgs), tx.Bucket(bucketVis)
	exists := func(id string) bool { return queues.Get(queueKey(id, 0)) != nil }
	switch c := c.(type) {
	case PutQueue:
		v, err := json.Marshal(c.Queue)
		if err != nil {
			return err
		}
		return queues.Put(queueKey(c.Queue.ID, 0), v)
	case DeleteQueue:
		from, to := queueKey(c.QueueID, 0), queueKey(c.QueueID, 1)
		for _, b := range []*bolt.Bucket{queues, msgs, vis, tx.Bucket(bucketDedup)} {
			if err := deleteKeys(b, from, to); err != nil {
				return err
			}
		}
		return queues.Delete(to) // ID and a one byte: the sequence number
	case PurgeQueue:
		from, to := queueKey(c.QueueID, 0), queueKey(c.QueueID, 1)
		for _, b := range []*bolt.Bucket{msgs, vis} {
			if err := deleteKeys(b, from, to); err != nil {
				return err
			}
		}
		return nil
	case PutMessage:
		if !exists(c.QueueID) {
			return nil
		}
		v, err := json.Marshal(c.Message)
		if err != nil {
			return err
		}
		k := messageKey(c.QueueID, c.Message.Sent, c.Message.ID)
		msgs.FillPercent = 0.9 // keys mostly arrive in order
		if err := msgs.Put(k, v); err != nil {
			return err
		}
		if c.Message.Receives == 0 && c.Message.FirstReceive == 0 {
			return vis.Delete(k)
		}
		b := encodeVisibility(c.Message.Visibility)
		return vis.Put(k, b[:])
	case SetVisibility:
		k := messageKey(c.QueueID, c.Sent, c.MessageID)
		if msgs.Get(k) == nil {
			return nil // deleted since, or its queue
		}
		b := encodeVisibility(c.Visibility)
		return vis.Put(k, b[:])
	case DeleteMessage:
		k := messageKey(c.QueueID, c.Sent, c.MessageID)
		if err := msgs.Delete(k); err != nil {
			return err
		}
		return vis.Delete(k)
	case PutDedup:
		if !exists(c.QueueID) {
			return nil
		}
		v, err := json.Marshal(c.Dedup)
		if err != nil {
			return err
		}
		k := append(queueKey(c.QueueID, 0), c.Dedup.Key...)
		if err := tx.Bucket(bucketDedup).Put(k, v); err != nil {
			return err
		}
		var seq [8]byte
		binary.BigEndian.PutUint64(seq[:], c.Seq)
		return queues.Put(queueKey(c.QueueID, 1), seq[:])
	}
	return fmt.Errorf("unknown change %T", c)
}

// queueKey is a queue's ID and then suffix: 0 starts the keys of the
// queue's own state, messages and deduplication ids, 1 is its sequence
// number's.
func queueKey(id string, suffix byte) []byte {
	k := make([]byte, len(id)+1, len(id)+1+24)
	copy(k, id)
	k[len(id)] = suffix
	return k
}

// messageKey is a message's key: its queue's ID, a zero byte, its send
// time, then its id.
func messageKey(queueID string, sent int64, id [16]byte) []byte {
	k := queueKey(queueID, 0)
	k = binary.BigEndian.AppendUint64(k, uint64(sent))
	return append(k, id[:]...)
}

func encodeVisibility(v Visibility) [20]byte {
	var b [20]byte
	binary.BigEndian.PutUint32(b[:4], uint32(v.Receives))
	binary.BigEndian.PutUint64(b[4:12], uint64(v.FirstReceive))
	binary.BigEndian.PutUint64(b[12:], uint64(v.VisibleAt))
	return b
}

func decodeVisibility(b []byte) Visibility {
	return Visibility{
		Receives:     int32(binary.BigEndian.Uint32(b[:4])),
		FirstReceive: int64(binary.BigEndian.Uint64(b[4:12])),
		VisibleAt:    int64(binary.BigEndian.Uint64(b[12:])),
	}
}
