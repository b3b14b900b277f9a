package sqs

import "time"

// ReceiveRequestAttemptId on FIFO queues: a ReceiveMessage retried with the
// same attempt id within five minutes returns the same messages and receipt
// handles, and starts their visibility timeout again, provided none of them
// was deleted, received by someone else or had its visibility changed in
// between. Otherwise the retry is a new receive. Standard queues ignore the
// parameter, as AWS's do.

// attemptWindow is how long a receive attempt can be retried.
const attemptWindow = 5 * time.Minute

// receiveAttempt is what one attempt returned.
type receiveAttempt struct {
	got     []received
	visible []instant // when each message of got becomes visible again, as this attempt left it
}

// retryAttempt returns what attempt id returned, its visibility started
// again, when the attempt can be retried at now. The caller holds no lock.
func (q *queue) retryAttempt(id string, now time.Time, visibility time.Duration) ([]received, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	a, ok := q.attempts.get(id, now)
	if !ok || q.deleted {
		return nil, false
	}
	for i, g := range a.got {
		m := q.byID[g.m.id]
		if m == nil || m.deleted || m.receives != g.m.receives || m.visibleAt != a.visible[i] {
			q.attempts.forget(id) // modified since: a new receive
			return nil, false
		}
	}
	until := at(now.Add(visibility))
	for i, g := range a.got {
		m := q.byID[g.m.id]
		m.visibleAt = until
		a.visible[i] = until
		if q.persist != nil {
			q.recordVisibility(m)
		}
	}
	_ = q.flush() // logged; see receive
	return a.got, true
}

// rememberAttempt records what attempt id returned, unless it returned
// nothing: a retry of an empty receive polls again.
func (q *queue) rememberAttempt(id string, got []received, now time.Time) {
	if len(got) == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	a := receiveAttempt{got: got, visible: make([]instant, len(got))}
	for i, g := range got {
		a.visible[i] = g.m.visibleAt
	}
	q.attempts.put(id, a, now.Add(attemptWindow))
}
