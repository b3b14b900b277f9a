package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the state file inside a state folder.
const FileName = "state.db"

// FormatVersion is the version of the layout below that this QueueLab
// writes; a state file with a higher one is refused (ErrNewerVersion).
const FormatVersion = 1

// lockTimeout is how long Open waits for another server to let go of the
// state file before it gives up with ErrInUse.
const lockTimeout = 500 * time.Millisecond

// The layout: a bucket "meta" holding "version"; a bucket "sqs" with one
// bucket per queue incarnation (by Queue.ID) holding "queue" (JSON), "seq"
// (8 bytes) and the buckets "m" (messages, JSON), "v" (their visibility,
// 20 bytes) and "d" (deduplication ids, JSON); a bucket "sns" with one JSON
// value per account; a bucket "history" with the arrival history, one JSON
// value per arrival keyed by account, a zero byte and its Seq (8 bytes).
// Messages and their visibility are keyed by the message's send time and
// id, so that new messages go at the end of the tree. Files of this version
// written before the history was kept lack "history"; Open adds it.
var (
	bucketMeta    = []byte("meta")
	bucketSQS     = []byte("sqs")
	bucketSNS     = []byte("sns")
	bucketHistory = []byte("history")
	keyVersion    = []byte("version")
	keyQueue      = []byte("queue")
	keySeq        = []byte("seq")
	bucketMsgs    = []byte("m")
	bucketVis     = []byte("v")
	bucketDedup   = []byte("d")
)

// Bolt is a Store in one bbolt file in a state folder.
//
// A commit writes to the file without fsync (bbolt's NoSync): what Apply
// returned from has reached the operating system, which keeps it when the
// server is killed (kill -9, a crash, Ctrl-C) but not through a power loss
// or an operating-system crash. An fsync per request would cost a disk
// flush per SendMessage, for a promise the lesson does not need.
type Bolt struct {
	db     *bolt.DB
	loaded *State
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
	case version == 0 && buckets > 0:
		return corrupt(errors.New("no format version"))
	case version == 0:
		err = s.db.Update(func(tx *bolt.Tx) error {
			for _, name := range [][]byte{bucketMeta, bucketSQS, bucketSNS, bucketHistory} {
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
	st, err := s.load()
	if err != nil {
		return corrupt(err)
	}
	// Only once everything was read: a damaged file is never written.
	err = s.db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketHistory)
		return err
	})
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	now := time.Now().UnixNano()
	if err := s.pruneDedup(now); err != nil {
		return corrupt(err)
	}
	for i := range st.Queues {
		q := &st.Queues[i]
		q.Dedup = slices.DeleteFunc(q.Dedup, func(d Dedup) bool { return d.Until <= now })
	}
	s.loaded = st
	return nil
}

// pruneDedup forgets the deduplication ids that expired before now, which
// no send can match any more.
func (s *Bolt) pruneDedup(now int64) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", errPanicked, p)
		}
	}()
	var gone [][2][]byte
	err = s.db.View(func(tx *bolt.Tx) error {
		sqsB := tx.Bucket(bucketSQS)
		if sqsB == nil {
			return errors.New("missing buckets")
		}
		return sqsB.ForEachBucket(func(id []byte) error {
			d := sqsB.Bucket(id).Bucket(bucketDedup)
			if d == nil {
				return errors.New("missing buckets")
			}
			return d.ForEach(func(k, v []byte) error {
				var e Dedup
				if err := json.Unmarshal(v, &e); err != nil {
					return fmt.Errorf("deduplication id: %w", err)
				}
				if e.Until <= now {
					gone = append(gone, [2][]byte{slices.Clone(id), slices.Clone(k)})
				}
				return nil
			})
		})
	})
	if err != nil || len(gone) == 0 {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		sqsB := tx.Bucket(bucketSQS)
		for _, g := range gone {
			if err := sqsB.Bucket(g[0]).Bucket(bucketDedup).Delete(g[1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Loaded returns the state read by Open.
func (s *Bolt) Loaded() *State { return s.loaded }

// Close closes the file.
func (s *Bolt) Close() error { return s.db.Close() }

// load reads every queue, message and SNS account.
func (s *Bolt) load() (st *State, err error) {
	defer func() {
		if p := recover(); p != nil {
			st, err = nil, fmt.Errorf("%w: %v", errPanicked, p)
		}
	}()
	st = &State{}
	err = s.db.View(func(tx *bolt.Tx) error {
		sqsB, snsB := tx.Bucket(bucketSQS), tx.Bucket(bucketSNS)
		if sqsB == nil || snsB == nil {
			return errors.New("missing buckets")
		}
		err := sqsB.ForEachBucket(func(id []byte) error {
			qs, err := loadQueue(sqsB.Bucket(id))
			if err != nil {
				return fmt.Errorf("queue %s: %w", id, err)
			}
			st.Queues = append(st.Queues, qs)
			return nil
		})
		if err != nil {
			return err
		}
		err = snsB.ForEach(func(k, v []byte) error {
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
		h := tx.Bucket(bucketHistory)
		if h == nil {
			return nil // written before the history was kept
		}
		return h.ForEach(func(k, v []byte) error {
			var a Arrival
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("arrival %q: %w", k, err)
			}
			st.History = append(st.History, a)
			return nil
		})
	})
	return st, err
}

func loadQueue(b *bolt.Bucket) (QueueState, error) {
	var qs QueueState
	if err := json.Unmarshal(b.Get(keyQueue), &qs.Queue); err != nil {
		return qs, err
	}
	if v := b.Get(keySeq); len(v) == 8 {
		qs.Seq = binary.BigEndian.Uint64(v)
	}
	msgs, vis, dedup := b.Bucket(bucketMsgs), b.Bucket(bucketVis), b.Bucket(bucketDedup)
	if msgs == nil || vis == nil || dedup == nil {
		return qs, errors.New("missing buckets")
	}
	err := msgs.ForEach(func(k, v []byte) error {
		var m Message
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("message: %w", err)
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
		return qs, err
	}
	slices.SortFunc(qs.Messages, func(a, b Message) int {
		switch {
		case a.Pos < b.Pos:
			return -1
		case a.Pos > b.Pos:
			return 1
		}
		return 0
	})
	err = dedup.ForEach(func(_, v []byte) error {
		var d Dedup
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("deduplication id: %w", err)
		}
		qs.Dedup = append(qs.Dedup, d)
		return nil
	})
	return qs, err
}

// Apply writes changes in one bbolt transaction. Changes to a queue that
// no longer exists are ignored: the queue was deleted first.
func (s *Bolt) Apply(changes ...Change) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		sqsB, snsB := tx.Bucket(bucketSQS), tx.Bucket(bucketSNS)
		for _, c := range changes {
			var err error
			switch c := c.(type) {
			case PutArrival, TrimHistory, DeleteHistory:
				err = applyHistory(tx.Bucket(bucketHistory), c)
			default:
				err = apply(sqsB, snsB, c)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
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

func apply(sqsB, snsB *bolt.Bucket, c Change) error {
	switch c := c.(type) {
	case PutQueue:
		b, err := sqsB.CreateBucketIfNotExists([]byte(c.Queue.ID))
		if err != nil {
			return err
		}
		for _, name := range [][]byte{bucketMsgs, bucketVis, bucketDedup} {
			if _, err := b.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		v, err := json.Marshal(c.Queue)
		if err != nil {
			return err
		}
		return b.Put(keyQueue, v)
	case DeleteQueue:
		if err := sqsB.DeleteBucket([]byte(c.QueueID)); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
			return err
		}
		return nil
	case PurgeQueue:
		b := sqsB.Bucket([]byte(c.QueueID))
		if b == nil {
			return nil
		}
		for _, name := range [][]byte{bucketMsgs, bucketVis} {
			if err := b.DeleteBucket(name); err != nil {
				return err
			}
			if _, err := b.CreateBucket(name); err != nil {
				return err
			}
		}
		return nil
	case PutMessage:
		b := sqsB.Bucket([]byte(c.QueueID))
		if b == nil {
			return nil
		}
		v, err := json.Marshal(c.Message)
		if err != nil {
			return err
		}
		k := messageKey(c.Message.Sent, c.Message.ID)
		msgs := b.Bucket(bucketMsgs)
		msgs.FillPercent = 0.9 // keys mostly arrive in order
		if err := msgs.Put(k[:], v); err != nil {
			return err
		}
		if c.Message.Receives == 0 && c.Message.FirstReceive == 0 {
			return b.Bucket(bucketVis).Delete(k[:])
		}
		vis := encodeVisibility(c.Message.Visibility)
		return b.Bucket(bucketVis).Put(k[:], vis[:])
	case SetVisibility:
		b := sqsB.Bucket([]byte(c.QueueID))
		if b == nil {
			return nil
		}
		k := messageKey(c.Sent, c.MessageID)
		if b.Bucket(bucketMsgs).Get(k[:]) == nil {
			return nil // deleted since
		}
		vis := encodeVisibility(c.Visibility)
		return b.Bucket(bucketVis).Put(k[:], vis[:])
	case DeleteMessage:
		b := sqsB.Bucket([]byte(c.QueueID))
		if b == nil {
			return nil
		}
		k := messageKey(c.Sent, c.MessageID)
		if err := b.Bucket(bucketMsgs).Delete(k[:]); err != nil {
			return err
		}
		return b.Bucket(bucketVis).Delete(k[:])
	case PutDedup:
		b := sqsB.Bucket([]byte(c.QueueID))
		if b == nil {
			return nil
		}
		v, err := json.Marshal(c.Dedup)
		if err != nil {
			return err
		}
		if err := b.Bucket(bucketDedup).Put([]byte(c.Dedup.Key), v); err != nil {
			return err
		}
		var seq [8]byte
		binary.BigEndian.PutUint64(seq[:], c.Seq)
		return b.Put(keySeq, seq[:])
	case PutSNSAccount:
		v, err := json.Marshal(c.Account)
		if err != nil {
			return err
		}
		return snsB.Put([]byte(c.Account.Account), v)
	case DeleteSNSAccount:
		return snsB.Delete([]byte(c.Account))
	}
	return fmt.Errorf("unknown change %T", c)
}

// messageKey is a message's key: its send time, then its id.
func messageKey(sent int64, id [16]byte) [24]byte {
	var k [24]byte
	binary.BigEndian.PutUint64(k[:8], uint64(sent))
	copy(k[8:], id[:])
	return k
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
