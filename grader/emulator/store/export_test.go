package store

import "time"

// Crash stops s as a killed server stops: no last checkpoint, the journal
// left as it is.
func Crash(s *Bolt) {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.timer.Stop()
	close(s.quit)
	<-s.stopped
	_ = s.journal.Close()
	_ = s.db.Close()
}

// HoldCheckpoints keeps s from writing checkpoints of its own (short of a
// journal of checkpointBytes), so that a test decides when they happen.
func HoldCheckpoints(s *Bolt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checkpointAfter = time.Hour
	s.timer.Stop()
}

// Checkpoint writes what the journal holds to the state file now.
func Checkpoint(s *Bolt) error { return s.checkpoint() }

// LimitJournal makes s checkpoint every after a first pending record, and
// hold Apply back during a checkpoint once the journal holds limit bytes.
func LimitJournal(s *Bolt, limit int64, every time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.journalLimit, s.checkpointAfter = limit, every
}
