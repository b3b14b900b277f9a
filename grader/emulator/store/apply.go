package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// How the journal is folded into the state file: a checkpoint runs
// checkpointDelay after a record finds the journal folded, or at once when
// checkpointBytes are waiting. Once the journal holds maxJournalBytes, a
// checkpoint holds Apply back until the journal is empty again, so that it
// cannot grow without end under a steady stream of sends.
const (
	checkpointDelay = 100 * time.Millisecond
	checkpointBytes = 1 << 20
	maxJournalBytes = 64 << 20
)

// ErrClosed is returned by Apply after Close.
var ErrClosed = errors.New("state store is closed")

// recordBuffers are the buffers Apply encodes records in.
var recordBuffers = sync.Pool{New: func() any { return new([]byte) }}

// Apply appends changes to the journal as one record, in one write. The
// changes are then in the state as the next Open reads it, whether or not
// a checkpoint wrote them to the state file first. Changes to a queue that
// no longer exists are left out when they are written: the queue was
// deleted first. A change that cannot be encoded fails the call, and
// nothing of it is written.
func (s *Bolt) Apply(changes ...Change) error {
	buf := recordBuffers.Get().(*[]byte)
	defer recordBuffers.Put(buf)
	rec := append((*buf)[:0], make([]byte, recordHeader)...)
	var err error
	for _, c := range changes {
		if rec, err = appendChange(rec, c); err != nil {
			return fmt.Errorf("encode a change of state: %w", err)
		}
	}
	if err := checkOps(rec[recordHeader:]); err != nil {
		return fmt.Errorf("encode a change of state: %w", err)
	}
	*buf = rec

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	sealRecord(rec, s.seq+1)
	// At an offset of its own rather than O_APPEND, which on Windows opens
	// a file that cannot be truncated.
	if _, err := s.journal.WriteAt(rec, s.journalBytes); err != nil {
		// A part written would hide the records after it: cut it off.
		_ = s.journal.Truncate(s.journalBytes)
		return fmt.Errorf("append to the journal: %w", err)
	}
	s.seq++
	s.journalBytes += int64(len(rec))
	first := len(s.pending) == 0
	s.pending = append(s.pending, rec...)
	switch {
	case len(s.pending) >= checkpointBytes:
		s.requestCheckpoint()
	case first:
		s.timer.Reset(s.checkpointAfter)
	}
	return nil
}

// checkOps refuses ops bbolt would refuse at a checkpoint, after Apply had
// acknowledged them.
func checkOps(ops []byte) error {
	for len(ops) > 0 {
		o, rest, err := nextOp(ops)
		if err != nil {
			return err
		}
		ops = rest
		if o.kind != opDeleteRange && (len(o.key) == 0 || len(o.key) > bolt.MaxKeySize) {
			return fmt.Errorf("a key of %d bytes", len(o.key))
		}
		if len(o.value) > bolt.MaxValueSize {
			return fmt.Errorf("a value of %d bytes", len(o.value))
		}
	}
	return nil
}

// requestCheckpoint asks the checkpointer for a checkpoint, unless one is
// asked for already.
func (s *Bolt) requestCheckpoint() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// startCheckpoints starts the goroutine that writes checkpoints.
func (s *Bolt) startCheckpoints() {
	s.checkpointAfter, s.journalLimit = checkpointDelay, maxJournalBytes
	s.kick = make(chan struct{}, 1)
	s.quit = make(chan struct{})
	s.stopped = make(chan struct{})
	s.timer = time.AfterFunc(time.Hour, s.requestCheckpoint)
	s.timer.Stop()
	go func() {
		defer close(s.stopped)
		for {
			select {
			case <-s.quit:
				return
			case <-s.kick:
				// A failure leaves the records in the journal, for the
				// next checkpoint or the next Open.
				_ = s.checkpoint()
			}
		}
	}()
}

// checkpoint writes the pending records to the state file in one
// transaction, with the last one's sequence number, and then empties the
// journal if no record came in meanwhile. One runs at a time, so that
// batches reach the state file in order.
func (s *Bolt) checkpoint() error {
	s.checkpointing.Lock()
	defer s.checkpointing.Unlock()
	s.mu.Lock()
	if len(s.pending) == 0 {
		s.mu.Unlock()
		return nil
	}
	batch, last := s.pending, s.seq
	s.pending, s.spare = s.spare[:0], nil
	hold := s.journalBytes >= s.journalLimit // Apply waits: the journal is emptied
	if !hold {
		s.mu.Unlock()
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for recs := batch; len(recs) > 0; {
			r, rest, err := nextRecord(recs)
			if err != nil {
				return err
			}
			if err := writeOps(tx, r.ops); err != nil {
				return fmt.Errorf("record %d: %w", r.seq, err)
			}
			recs = rest
		}
		return putApplied(tx, last)
	})
	if !hold {
		s.mu.Lock()
	}
	defer s.mu.Unlock()
	if err != nil {
		s.pending = append(batch, s.pending...)
		s.timer.Reset(time.Second) // try again, even if no record comes
		return fmt.Errorf("write the journal to the state file: %w", err)
	}
	s.spare = batch
	if len(s.pending) == 0 {
		if err := s.journal.Truncate(0); err != nil {
			return fmt.Errorf("empty the journal: %w", err)
		}
		s.journalBytes = 0
	}
	return nil
}

// putApplied records in tx that the state file holds the journal's
// records up to seq.
func putApplied(tx *bolt.Tx, seq uint64) error {
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], seq)
	return tx.Bucket(bucketMeta).Put(keyApplied, v[:])
}

// replay writes the records the state file does not hold yet, at Open, and
// says whether there were any. It sets the sequence number the next record
// follows.
func (s *Bolt) replay(records []record) (bool, error) {
	var applied uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyApplied); len(v) == 8 {
			applied = binary.BigEndian.Uint64(v)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	s.seq = applied
	var todo []record
	for _, r := range records {
		if r.seq > applied {
			todo = append(todo, r)
		}
	}
	if len(todo) == 0 {
		return false, nil
	}
	s.seq = todo[len(todo)-1].seq
	return true, s.db.Update(func(tx *bolt.Tx) error {
		for _, r := range todo {
			if err := writeOps(tx, r.ops); err != nil {
				return fmt.Errorf("record %d: %w", r.seq, err)
			}
		}
		return putApplied(tx, s.seq)
	})
}

// openJournal opens the journal and empties it: the state file holds its
// records. Apply writes at the journal's end, journalBytes.
func (s *Bolt) openJournal(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	if err := f.Truncate(0); err != nil {
		_ = f.Close()
		return fmt.Errorf("journal %s: %w", path, err)
	}
	s.journal = f
	return nil
}

// Close writes what the journal holds to the state file and closes both;
// Apply fails afterwards. If that last checkpoint fails, the journal keeps
// the records for the next Open, and Close says why.
func (s *Bolt) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.timer.Stop()
	close(s.quit)
	<-s.stopped
	return errors.Join(s.checkpoint(), s.journal.Close(), s.db.Close())
}
