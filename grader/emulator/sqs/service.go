// Package sqs is the emulator's Simple Queue Service: queues, messages and
// their semantics, served over AWS JSON 1.0 and the query protocol.
//
// The package is organised as AWS documents the service: one file per family
// of operations (ops_*.go), each operation registered once in the routing
// table (handlers.go) and written as decode, guard, act; one encoder per wire
// protocol (protocol_json.go, protocol_query.go); errors as data in one table
// (errors.go). Queue state and its rules (visibility, delay, retention,
// redrive, FIFO groups and deduplication) live in queue*.go.
package sqs

import (
	"context"
	"io"
	"log/slog"
	"sort"
	"sync"

	"github.com/queuelab/queuelab/grader/emulator/clock"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// Config configures a Service.
type Config struct {
	// Clock drives visibility timeouts, delays, retention, long polls and the
	// deduplication window. Default: the wall clock.
	Clock clock.Clock
	// Logger receives one debug line per request. Default: nowhere.
	Logger *slog.Logger
	// EnforcePolicies makes SendFromService obey each queue's Policy.
	EnforcePolicies bool
	// Store, if set, receives every change of state before the request
	// that made it is answered (persist.go). Default: none, state is kept
	// in memory only.
	Store store.Store
}

// Service is one SQS: every account's queues. It is safe for concurrent use.
type Service struct {
	cfg    Config
	ops    map[string]operation
	closed chan struct{}
	once   sync.Once
	tasks  sync.WaitGroup

	// Reply buffers and the Content-Type value every JSON reply shares,
	// so that the hot path allocates neither.
	replyBufs       sync.Pool
	jsonContentType []string
	// idSource makes message, request and move-task ids.
	idSource *ids.Source
	// persist is where queues write their changes; nil without a store.
	persist *persister

	mu     sync.RWMutex
	queues map[queueKey]*queue
	moves  map[string]*moveTask // by task id

	// history is every account's arrivals (history.go).
	history history
}

// queueKey identifies a queue: AWS scopes queue names by account and region.
type queueKey struct{ account, region, name string }

// New returns a Service with no queues.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var persist *persister
	if cfg.Store != nil {
		persist = &persister{store: cfg.Store, logger: cfg.Logger}
	}
	return &Service{
		persist: persist,
		cfg:     cfg,
		ops:     operations(),
		closed:  make(chan struct{}),
		queues:  make(map[queueKey]*queue),
		moves:   make(map[string]*moveTask),

		replyBufs:       sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }},
		jsonContentType: []string{jsonContentType},
		idSource:        ids.NewSource(),
	}
}

// Close ends pending long polls and running move tasks. Requests after Close
// get ServiceUnavailable.
func (s *Service) Close() {
	s.once.Do(func() { close(s.closed) })
	// Move tasks start under mu after checking closed (see goBackground):
	// once mu has been taken here, none can start, and Wait is safe.
	s.mu.Lock()
	//lint:ignore SA2001 the empty critical section orders Close after any starting task
	s.mu.Unlock()
	s.tasks.Wait()
}

// goBackground runs f in a goroutine that Close waits for, unless the service
// is closing. It reports whether f was started.
func (s *Service) goBackground(f func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.isClosed() {
		return false
	}
	s.tasks.Add(1)
	go func() {
		defer s.tasks.Done()
		f()
	}()
	return true
}

func (s *Service) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// Incoming is a message sent to a queue by another AWS service (SNS).
type Incoming struct {
	Body            string
	Attributes      map[string]msgattr.Value
	MessageGroupID  string
	DeduplicationID string
}

// SendFromService delivers m to the queue with the given ARN on behalf of the
// service principal (for example "sns.amazonaws.com") and source ARN, obeying
// the queue's policy when policies are enforced. It returns an *awserr.Error
// (QueueDoesNotExist, AccessDenied, or a validation error such as a message
// too large for the queue) when the message is not delivered.
func (s *Service) SendFromService(ctx context.Context, queueARN string, m Incoming, principal, sourceARN string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q := s.queueByARN(queueARN)
	if q == nil {
		return queueDoesNotExist()
	}
	if s.cfg.EnforcePolicies {
		if !policyAllowsSend(q.policy(), q.arn, principal, sourceARN) {
			return errAccessDenied.Newf("Access to the resource %s is denied.", queueARN)
		}
	}
	in := sendRequest{
		body:     m.Body,
		attrs:    m.Attributes,
		groupID:  m.MessageGroupID,
		dedupID:  m.DeduplicationID,
		senderID: servicePrincipalSenderID(principal),
	}
	switch {
	case q.fifo && in.groupID == "":
		return missingParam("MessageGroupId")
	case !q.fifo:
		in.dedupID = "" // only FIFO queues deduplicate; AWS drops the id
	}
	_, err := q.send(s.cfg.Clock.Now(), in, &s.history, sourceARN)
	if err != nil {
		return err
	}
	return nil
}

// servicePrincipalSenderID is the SenderId AWS shows for messages a service
// sent (SNS's is a fixed AIDA id).
func servicePrincipalSenderID(principal string) string {
	if principal == "sns.amazonaws.com" {
		return "AIDAIT2UOQQY3AUEKVGXU"
	}
	return principal
}

// lookup returns the queue with the given key, or nil.
func (s *Service) lookup(k queueKey) *queue {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.queues[k]
}

// queueByARN returns the queue an ARN names, or nil.
func (s *Service) queueByARN(arn string) *queue {
	k, ok := parseQueueARN(arn)
	if !ok {
		return nil
	}
	return s.lookup(k)
}

// accountQueues returns the queues of one account and region, by name.
func (s *Service) accountQueues(account, region string) []*queue {
	s.mu.RLock()
	out := make([]*queue, 0)
	for k, q := range s.queues {
		if k.account == account && k.region == region {
			out = append(out, q)
		}
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].key.name < out[j].key.name })
	return out
}
