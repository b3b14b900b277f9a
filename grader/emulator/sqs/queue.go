package sqs

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// queue is one SQS queue: its attributes and its messages. Every field after
// mu is guarded by mu.
type queue struct {
	key      queueKey
	arn      string
	idSource *ids.Source // the service's, for message ids
	fifo     bool
	created  time.Time

	mu       sync.Mutex
	attrs    map[string]string // settable attributes, canonical strings; absent = not set
	cfg      queueConfig       // attrs parsed, for the hot paths
	modified time.Time
	tags     map[string]string
	deleted  bool

	msgs []*message // undeleted messages in send order (deleted ones removed lazily)
	slab []message  // where new messages are allocated, see newMessage
	head int        // msgs[:head] are gone
	live int        // undeleted messages in msgs
	// byID holds the messages that were received at least once: only those
	// have receipt handles, so sends stay free of map work.
	byID map[ids.ID]*message

	dedup window[dedupEntry] // FIFO deduplication ids, for dedupWindow
	// FIFO receive attempts that can be retried, see receive_attempts.go.
	attempts   window[receiveAttempt]
	seq        uint64 // FIFO sequence numbers
	lastSender string // see internSender

	notify    chan struct{} // closed when a message may have become available; nil when nobody waits
	waiting   int           // long polls waiting on notify
	lastPurge time.Time

	// Writing through to a store (persist.go); persist is nil without one.
	persist *persister
	sid     string         // this incarnation's id in the store
	journal []store.Change // recorded, not yet written
	pos     uint64         // the last message position given
}

// queueConfig is the parsed form of the attributes the message paths read.
type queueConfig struct {
	delay, maxSize, visibility, wait int
	retention                        time.Duration
	contentDedup                     bool
	dedupPerGroup                    bool
	redrive                          *redrivePolicy
}

// dedupEntry is what a deduplication id answers: the message it first sent.
type dedupEntry struct {
	messageID ids.ID
	seq       string
}

// dedupWindow is how long FIFO queues remember deduplication ids.
const dedupWindow = 5 * time.Minute

func newQueue(k queueKey, fifo bool, attrs map[string]string, now time.Time, idSource *ids.Source) *queue {
	q := &queue{
		idSource: idSource,
		key:      k,
		arn:      queueARN(k),
		fifo:     fifo,
		created:  now,
		modified: now,
		attrs:    defaultAttributes(fifo),
		tags:     map[string]string{},
		byID:     map[ids.ID]*message{},
	}
	for name, v := range attrs {
		q.attrs[name] = v
	}
	q.applyDerived()
	return q
}

// applyDerived recomputes cfg from attrs and drops attributes that emptied.
// The caller holds mu (or owns q exclusively).
func (q *queue) applyDerived() {
	for name, v := range q.attrs {
		if v == "" {
			delete(q.attrs, name)
		}
	}
	if q.attrs["KmsMasterKeyId"] == "" {
		delete(q.attrs, "KmsDataKeyReusePeriodSeconds")
	}
	num := func(name string) int { n, _ := strconv.Atoi(q.attrs[name]); return n }
	q.cfg = queueConfig{
		delay:         num("DelaySeconds"),
		maxSize:       num("MaximumMessageSize"),
		visibility:    num("VisibilityTimeout"),
		wait:          num("ReceiveMessageWaitTimeSeconds"),
		retention:     time.Duration(num("MessageRetentionPeriod")) * time.Second,
		contentDedup:  q.attrs["ContentBasedDeduplication"] == "true",
		dedupPerGroup: q.attrs["DeduplicationScope"] == "messageGroup",
	}
	if rp, err := parseRedrivePolicy(q.attrs["RedrivePolicy"]); err == nil {
		q.cfg.redrive = rp
	}
}

// wake tells long polls waiting on q to look again. The caller holds mu.
func (q *queue) wake() {
	if q.notify != nil {
		close(q.notify)
		q.notify = nil
	}
}

// waiter returns the channel wake closes, made on demand so that sends to a
// queue nobody polls allocate nothing for it. The caller holds mu.
func (q *queue) waiter() <-chan struct{} {
	if q.notify == nil {
		q.notify = make(chan struct{})
	}
	return q.notify
}

func (q *queue) policy() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.attrs["Policy"]
}

func (q *queue) redrive() *redrivePolicy {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.cfg.redrive
}

// url returns the queue's URL as seen from base (scheme://host).
func (q *queue) url(base string) string {
	return base + "/" + q.key.account + "/" + q.key.name
}

func queueARN(k queueKey) string {
	return "arn:aws:sqs:" + k.region + ":" + k.account + ":" + k.name
}

// parseQueueARN reads arn:<partition>:sqs:<region>:<account>:<name>.
func parseQueueARN(arn string) (queueKey, bool) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[3] == "" || parts[4] == "" || parts[5] == "" {
		return queueKey{}, false
	}
	return queueKey{account: parts[4], region: parts[3], name: parts[5]}, true
}

// parseQueueURL reads the account and name from a queue URL's path. It
// accepts http://host/<account>/<name> and LocalStack's
// http://host/queue/<region>/<account>/<name>; the host is ignored, so a URL
// built for another host or endpoint still names the same queue.
func parseQueueURL(raw string) (account, name string, ok bool) {
	path := raw
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		j := strings.IndexByte(path, '/')
		if j < 0 {
			return "", "", false
		}
		path = path[j:]
	}
	for i := 0; i < len(path); i++ {
		if path[i] == '?' || path[i] == '#' {
			path = path[:i]
			break
		}
	}
	path = strings.Trim(path, "/")
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "", "", false
	}
	name, path = path[i+1:], path[:i]
	account = path[strings.LastIndexByte(path, '/')+1:]
	if account == "" || name == "" {
		return "", "", false
	}
	return account, name, true
}
