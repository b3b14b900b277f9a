// Package store keeps the emulator's state on disk, so that `grader serve
// --state DIR` keeps every account's queues, messages, topics and
// subscriptions across restarts.
//
// The services stay the source of truth, in memory. They write each change
// through to a Store before they answer the request that made it (Apply), and
// read what a Store held once, when the emulator starts (Loaded). A Store
// records state, not requests: a queue, a message, a message's visibility,
// one account's SNS topics and subscriptions, each under its own key, so that
// a restart reads exactly what is there.
//
// Bolt is the one implementation: a go.etcd.io/bbolt file (bolt.go) behind
// a journal, a write-ahead log that Apply appends to and checkpoints fold
// into the file (journal.go, apply.go), in the puts and deletes a change is
// made of (ops.go). The checks and `grader check` never use a store.
package store

import (
	"errors"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// Store is where the emulator writes its state through.
type Store interface {
	// Loaded returns the state the store held when it was opened. The
	// emulator reads it once, at start.
	Loaded() *State
	// Apply writes changes in one transaction, in order. When it returns
	// nil the changes have reached the operating system: a killed server
	// process loses none of them (a power loss may). Apply keeps nothing of
	// changes after it returns, so callers may reuse what they point to.
	Apply(changes ...Change) error
	// Close releases the store; Apply fails afterwards.
	Close() error
}

// Errors Open returns, to be told apart with errors.Is.
var (
	// ErrInUse: another server has the state folder open.
	ErrInUse = errors.New("in use by another server")
	// ErrCorrupt: the folder holds a state file that cannot be read.
	ErrCorrupt = errors.New("corrupt")
	// ErrNewerVersion: the state was written by a newer QueueLab.
	ErrNewerVersion = errors.New("written by a newer version of QueueLab")
	// ErrOldVersion: the state was written in the first day's layout
	// (format 1), which this QueueLab does not read.
	ErrOldVersion = errors.New("written by an earlier version of QueueLab")
)

// State is what a store held when it was opened.
type State struct {
	Queues []QueueState
	// SNS holds each account's topics and subscriptions.
	SNS []SNSAccount
	// History holds every account's arrivals, by account, oldest first.
	History []Arrival
}

// QueueState is one queue with its messages, in the order they were sent
// (or moved in), their visibility applied.
type QueueState struct {
	Queue    Queue
	Seq      uint64 // the last FIFO sequence number given
	Messages []Message
	Dedup    []Dedup
}

// Queue is an SQS queue's own state. ID names this queue's incarnation: a
// queue deleted and created again under the same name gets a new one, so a
// late write for the old one cannot touch the new.
type Queue struct {
	ID                    string
	Account, Region, Name string
	FIFO                  bool
	Created, Modified     int64 // Unix nanoseconds
	// Attrs holds the queue's attributes, defaults included; Tags its tags.
	Attrs map[string]string
	Tags  map[string]string
}

// Message is one stored SQS message. Pos orders a queue's messages.
type Message struct {
	ID       [16]byte
	Pos      uint64
	Body     string
	SenderID string
	Sent     int64 // Unix nanoseconds, as are the other times
	Visibility
	Attrs    map[string]msgattr.Value `json:",omitempty"`
	MD5Attrs string                   `json:",omitempty"`
	Trace    string                   `json:",omitempty"`
	GroupID  string                   `json:",omitempty"`
	DedupID  string                   `json:",omitempty"`
	Seq      string                   `json:",omitempty"`
	DLQFrom  string                   `json:",omitempty"`
}

// Visibility is what receives change in a message: how often it was
// received, when first, and when it becomes visible again.
type Visibility struct {
	Receives     int32
	FirstReceive int64
	VisibleAt    int64
}

// Dedup is one FIFO deduplication id a queue remembers until Until.
type Dedup struct {
	Key       string
	MessageID [16]byte
	Seq       string
	Until     int64
}

// SNSAccount is one account's SNS state: topics (in creation order) and
// subscriptions; platform applications (in creation order) and their
// endpoints; per region SMS attributes; opted-out numbers and the SMS
// sandbox's numbers.
type SNSAccount struct {
	Account       string
	Topics        []Topic
	Subscriptions []Subscription
	Apps          []PlatformApp                `json:",omitempty"`
	Endpoints     []PlatformEndpoint           `json:",omitempty"`
	SMSAttrs      map[string]map[string]string `json:",omitempty"`
	OptedOut      []string                     `json:",omitempty"`
	Sandbox       []SandboxNumber              `json:",omitempty"`
}

// Topic is one SNS topic. Subscriptions lists its subscriptions' ARNs in
// the order they were made.
type Topic struct {
	ARN, Name, Region, Account string
	FIFO                       bool
	Attrs                      map[string]string
	Tags                       [][2]string
	Subscriptions              []string
	Seq                        uint64
	DataProtection             string `json:",omitempty"`
	// Dedup holds a FIFO topic's deduplication ids still within their
	// window, oldest first.
	Dedup []TopicDedup `json:",omitempty"`
}

// TopicDedup is one deduplication id a FIFO topic remembers until Until
// (Unix nanoseconds), with the first message's id and sequence number.
type TopicDedup struct {
	ID, MessageID, Seq string
	Until              int64
}

// Subscription is one SNS subscription.
type Subscription struct {
	ARN, TopicARN, Protocol, Endpoint, Owner string
	Attrs                                    map[string]string
	Confirmed, Authenticated                 bool
	Token                                    string `json:",omitempty"`
}

// PlatformApp is one mobile push platform application (never its
// credentials, which are not kept). Endpoints lists its endpoints' ARNs in
// the order they were made.
type PlatformApp struct {
	ARN, Name, Platform, Region string
	Attrs                       map[string]string
	Endpoints                   []string
}

// PlatformEndpoint is one platform application's endpoint.
type PlatformEndpoint struct {
	ARN, App string
	Attrs    map[string]string
}

// SandboxNumber is one destination number of the SMS sandbox, with its
// one-time password while it is pending.
type SandboxNumber struct {
	Phone, Status string
	OTP           string `json:",omitempty"`
}

// Arrival is one message that entered one of an account's queues, as the
// arrival history (the lesson grading's) keeps it. Seq orders an account's
// arrivals.
type Arrival struct {
	Account    string
	Seq        uint64
	Time       int64 // Unix nanoseconds
	QueueARN   string
	MessageID  string
	Body       string
	Truncated  bool              `json:",omitempty"`
	Attributes map[string]string `json:",omitempty"`
	From       string
}

// Change is one change of state; the types below are the only ones.
type Change interface{ change() }

// PutQueue creates or replaces a queue's own state (not its messages).
type PutQueue struct{ Queue Queue }

// DeleteQueue deletes a queue and its messages.
type DeleteQueue struct{ QueueID string }

// PurgeQueue deletes a queue's messages.
type PurgeQueue struct{ QueueID string }

// PutMessage stores a message in a queue, replacing one with its id.
type PutMessage struct {
	QueueID string
	Message *Message
}

// SetVisibility records a receive or a visibility change of a message,
// named by its send time and id.
type SetVisibility struct {
	QueueID    string
	Sent       int64
	MessageID  [16]byte
	Visibility Visibility
}

// DeleteMessage deletes a message, named by its send time and id, from a
// queue.
type DeleteMessage struct {
	QueueID   string
	Sent      int64
	MessageID [16]byte
}

// PutDedup records a FIFO deduplication id and the queue's last sequence
// number.
type PutDedup struct {
	QueueID string
	Dedup   Dedup
	Seq     uint64
}

// PutSNSAccount replaces one account's SNS state.
type PutSNSAccount struct{ Account *SNSAccount }

// DeleteSNSAccount deletes one account's SNS state.
type DeleteSNSAccount struct{ Account string }

// PutArrival adds an arrival to its account's history.
type PutArrival struct{ Arrival *Arrival }

// TrimHistory forgets an account's arrivals before Seq Below.
type TrimHistory struct {
	Account string
	Below   uint64
}

// DeleteHistory forgets an account's arrivals, or every account's when
// Account is "".
type DeleteHistory struct{ Account string }

func (PutQueue) change()         {}
func (DeleteQueue) change()      {}
func (PurgeQueue) change()       {}
func (PutMessage) change()       {}
func (SetVisibility) change()    {}
func (DeleteMessage) change()    {}
func (PutDedup) change()         {}
func (PutSNSAccount) change()    {}
func (DeleteSNSAccount) change() {}
func (PutArrival) change()       {}
func (TrimHistory) change()      {}
func (DeleteHistory) change()    {}
