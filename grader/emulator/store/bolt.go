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
	keyApplied    = []byte("journal") // the last journal record the state file holds
)

// Bolt is a Store in one bbolt file in a state folder, behind a journal
// (journal.go).
//
// Apply appends to the journal without fsync: what Apply returned from has
// reached the operating system, which keeps it when the server is killed
// (kill -9, a crash, Ctrl-C) but not through a power loss or an
// operating-system crash. An fsync per request would cost a disk flush per
// SendMessage, for a promise the lesson does not need. The state file is
// written the same way, at checkpoints (apply.go).
type Bolt struct {
	db     *bolt.DB
	loaded *State

	mu           sync.Mutex
	journal      *os.File
	journalBytes int64
	seq          uint64 // the last record's sequence number
	pending      []byte // the records in the journal and not yet in the state file
	spare        []byte // a buffer for the next pending
	closed       bool

	checkpointing   sync.Mutex    // held by the checkpoint under way
	checkpointAfter time.Duration // how long after a first pending record
	journalLimit    int64         // the journal's size from which a checkpoint holds Apply back
	timer           *time.Timer   // asks for a checkpoint then
	kick            chan struct{} // asks the checkpointer for a checkpoint
	quit            chan struct{} // stops the checkpointer
	stopped         chan struct{} // closed when the checkpointer has stopped
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
	if err := s.init(dir); err != nil {
		if s.journal != nil {
			_ = s.journal.Close()
		}
		_ = db.Close()
		return nil, err
	}
	s.startCheckpoints()
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

// init reads the journal, checks the state file's format version (writing
// it into a new file), writes the journal's records the state file does
// not hold yet, and reads the state. Nothing is written before both files
// were read whole: a damaged file is never written.
func (s *Bolt) init(dir string) error {
	path, journalPath := filepath.Join(dir, FileName), filepath.Join(dir, JournalName)
	corrupt := func(err error) error {
		return fmt.Errorf("state file %s is %w (%v); it was left as it is: move it away to start afresh", path, ErrCorrupt, err)
	}
	journal, err := os.ReadFile(journalPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal %s: %w", journalPath, err)
	}
	records, err := readJournal(journal)
	if err != nil {
		return fmt.Errorf("journal %s is %w (%v); it was left as it is: move the folder away to start afresh", journalPath, ErrCorrupt, err)
	}
	var version, buckets int
	err = s.db.View(func(tx *bolt.Tx) error {
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
	if replayed, err := s.replay(records); err != nil {
		return fmt.Errorf("state file %s: write the journal's records: %w", path, err)
	} else if replayed {
		if st, expired, err = s.load(now); err != nil {
			return corrupt(err)
		}
	}
	if err := s.openJournal(journalPath); err != nil {
		return err
	}
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
