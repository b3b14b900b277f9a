package dummyqueue

import (
	"errors"
	"time"
)

// Clock tells the time. The checks pass a fake clock so that they can move
// time forward without waiting.
type Clock interface {
	Now() time.Time
}

// ErrUnknownMessage is what Delete returns for an id that is not on the
// queue (never sent, or already deleted).
var ErrUnknownMessage = errors.New("no message with this id on the queue")

// Message is a message received from a VisibilityQueue.
type Message struct {
	// ID is what Send returned for this message.
	ID   string
	Body string
	// ReceiveCount is how many times the message has been received,
	// counting this time (SQS's ApproximateReceiveCount).
	ReceiveCount int
}

// VisibilityQueue is a first in, first out queue that works like SQS:
// receiving a message hides it for the visibility timeout instead of removing
// it; the consumer deletes it once processed; a message that was not deleted
// in time becomes visible again, in its original place in the queue. Many
// goroutines may use it at once.
type VisibilityQueue struct {
	// TODO: the clock, the timeout, and the messages in the order they were
	// sent, each with its id, body, receive count and the time it becomes
	// visible again.
}

// NewVisibilityQueue returns an empty queue that reads the time from clock
// and hides received messages for timeout. A timeout of 0 hides nothing; a
// nil clock or a negative timeout is an error.
func NewVisibilityQueue(clock Clock, timeout time.Duration) (*VisibilityQueue, error) {
	// TODO: check the arguments, then return an empty queue.
	return nil, errors.New("NewVisibilityQueue: not implemented yet: return an empty queue that uses clock and timeout, in exercises/01_dummy_queue/visibility.go")
}

// Send puts body at the back of the queue and returns the new message's id,
// unique within the queue.
func (q *VisibilityQueue) Send(body string) (string, error) {
	return "", errors.New("Send: not implemented yet: add the message with a new unique id, in exercises/01_dummy_queue/visibility.go")
}

// Receive returns the oldest message that is visible now, hides it until
// now + the visibility timeout, and counts the receive. It returns ErrEmpty
// when no message is visible.
func (q *VisibilityQueue) Receive() (Message, error) {
	return Message{}, errors.New("Receive: not implemented yet: return the oldest visible message and hide it for the visibility timeout, in exercises/01_dummy_queue/visibility.go")
}

// Delete removes the message with the given id, visible or hidden. It
// returns ErrUnknownMessage when there is no such message on the queue.
func (q *VisibilityQueue) Delete(id string) error {
	return errors.New("Delete: not implemented yet: remove the message for good, in exercises/01_dummy_queue/visibility.go")
}
