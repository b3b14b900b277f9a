// Package dummyqueue is the lesson's dummy_queue.py in Go: a first in, first
// out queue of messages with Produce and Consume, safe for many producers and
// consumers at once, and a variant with a visibility timeout that behaves
// like SQS.
package dummyqueue

import "errors"

// ErrEmpty is what Consume returns when there is no message: the lesson's
// "No message to consume." result.
//
//lint:ignore ST1005 the lesson's exact wording, capital and full stop included
var ErrEmpty = errors.New("No message to consume.")

// Queue is a first in, first out queue of messages. The zero value is an
// empty queue ready to use. Many goroutines may Produce and Consume at once.
type Queue struct {
	// TODO: hold the messages, oldest first, and whatever you need to keep
	// them safe when several goroutines use the queue at the same time.
}

// Produce puts message at the back of the queue.
func (q *Queue) Produce(message string) error {
	// TODO: append message to the queue (the lesson's queue.append).
	return errors.New("Produce: not implemented yet: append the message to the back of the queue in exercises/01_dummy_queue/queue.go")
}

// Consume takes the oldest message off the front of the queue and returns
// it. On an empty queue it returns ErrEmpty.
func (q *Queue) Consume() (string, error) {
	// TODO: remove and return the FRONT (oldest) message. Careful: the
	// lesson's queue.pop() takes the newest one. Return ErrEmpty when the
	// queue is empty.
	return "", errors.New("Consume: not implemented yet: take the oldest message off the front of the queue in exercises/01_dummy_queue/queue.go, or return ErrEmpty")
}
