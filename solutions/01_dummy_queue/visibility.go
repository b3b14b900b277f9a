package dummyqueue

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
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
	clock   Clock
	timeout time.Duration

	mu       sync.Mutex
	nextID   int
	messages []*entry // in the order they were sent
}

type entry struct {
	Message
	hiddenUntil time.Time // visible from this instant on; zero: never received
}

// NewVisibilityQueue returns an empty queue that reads the time from clock
// and hides received messages for timeout. A timeout of 0 hides nothing; a
// nil clock or a negative timeout is an error.
func NewVisibilityQueue(clock Clock, timeout time.Duration) (*VisibilityQueue, error) {
	if clock == nil {
		return nil, errors.New("new visibility queue: clock is nil")
	}
	if timeout < 0 {
		return nil, fmt.Errorf("new visibility queue: timeout %s is negative", timeout)
	}
	return &VisibilityQueue{clock: clock, timeout: timeout}, nil
}

// Send puts body at the back of the queue and returns the new message's id,
// unique within the queue.
func (q *VisibilityQueue) Send(body string) (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.nextID++
	id := "m" + strconv.Itoa(q.nextID)
	q.messages = append(q.messages, &entry{Message: Message{ID: id, Body: body}})
	return id, nil
}

// Receive returns the oldest message that is visible now, hides it until
// now + the visibility timeout, and counts the receive. It returns ErrEmpty
// when no message is visible.
func (q *VisibilityQueue) Receive() (Message, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.clock.Now()
	for _, e := range q.messages {
		if now.Before(e.hiddenUntil) {
			continue // in flight: another consumer is working on it
		}
		e.hiddenUntil = now.Add(q.timeout)
		e.ReceiveCount++
		return e.Message, nil
	}
	return Message{}, ErrEmpty
}

// Delete removes the message with the given id, visible or hidden. It
// returns ErrUnknownMessage when there is no such message on the queue.
func (q *VisibilityQueue) Delete(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, e := range q.messages {
		if e.ID == id {
			q.messages = append(q.messages[:i], q.messages[i+1:]...)
			return nil
		}
	}
	return fmt.Errorf("delete %q: %w", id, ErrUnknownMessage)
}
