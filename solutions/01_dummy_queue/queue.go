// Package dummyqueue is the lesson's dummy_queue.py in Go: a first in, first
// out queue of messages with Produce and Consume, safe for many producers and
// consumers at once, and a variant with a visibility timeout that behaves
// like SQS.
package dummyqueue

import (
	"errors"
	"sync"
)

// ErrEmpty is what Consume returns when there is no message: the lesson's
// "No message to consume." result.
//
//lint:ignore ST1005 the lesson's exact wording, capital and full stop included
var ErrEmpty = errors.New("No message to consume.")

// Queue is a first in, first out queue of messages. The zero value is an
// empty queue ready to use. Many goroutines may Produce and Consume at once.
type Queue struct {
	mu       sync.Mutex
	messages []string // oldest first
}

// Produce puts message at the back of the queue.
func (q *Queue) Produce(message string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.messages = append(q.messages, message)
	return nil
}

// Consume takes the oldest message off the front of the queue and returns
// it. On an empty queue it returns ErrEmpty.
//
// The lesson's Python pops the newest message (queue.pop() takes the last
// element) and then returns queue[-1], a message still on the queue; first
// in, first out means taking element 0, and returning the one taken.
func (q *Queue) Consume() (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.messages) == 0 {
		return "", ErrEmpty
	}
	m := q.messages[0]
	q.messages[0] = "" // let the string be collected
	q.messages = q.messages[1:]
	return m, nil
}
