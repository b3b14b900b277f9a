// Package emulator is QueueLab's embedded SQS and SNS: an http.Handler that
// speaks the wire protocols real AWS clients send (SQS over AWS JSON 1.0 and
// over the query protocol, SNS over the query protocol) and behaves, as far as
// a learner or a check can tell, like AWS.
//
// One Emulator holds its own accounts, queues and topics; nothing is shared
// between two Emulators in one process.
package emulator

import (
	"io"
	"log/slog"
	"net/http"

	"github.com/queuelab/queuelab/grader/emulator/clock"
	"github.com/queuelab/queuelab/grader/emulator/egress"
	"github.com/queuelab/queuelab/grader/emulator/faults"
	"github.com/queuelab/queuelab/grader/emulator/sns"
	"github.com/queuelab/queuelab/grader/emulator/sqs"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// DefaultRegion is the region of requests that carry no credential scope.
const DefaultRegion = "us-east-1"

// Emulator is an in-process SQS and SNS. It is an http.Handler; Client returns
// an http.Client that reaches it without a socket.
type Emulator struct {
	opts   options
	sqs    *sqs.Service
	sns    *sns.Service
	bodies bodyBuffers
	// faultSet holds the fault rules (faults.go).
	faultSet *faults.Set
}

type options struct {
	clock           clock.Clock
	region          string
	logger          *slog.Logger
	enforcePolicies bool
	httpClient      *http.Client
	deliveryTargets []egress.Target
	dialer          egress.Dialer
	faults          []faults.Config
	store           store.Store
}

// Option configures an Emulator.
type Option func(*options)

// WithClock sets the clock used for visibility timeouts, delays, retention and
// deduplication windows. Default: the wall clock.
func WithClock(c clock.Clock) Option { return func(o *options) { o.clock = c } }

// WithRegion sets the region of requests that carry no credential scope.
// Default: us-east-1.
func WithRegion(region string) Option { return func(o *options) { o.region = region } }

// WithLogger sets where the emulator logs requests and deliveries.
// Default: nowhere.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithQueuePolicyEnforcement makes SNS deliveries to SQS obey the queue's
// access policy, as real AWS does: a queue whose policy does not allow
// sns.amazonaws.com to sqs:SendMessage from the topic gets nothing. Default:
// off, as in LocalStack, so that the lesson's errata can be shown on demand.
func WithQueuePolicyEnforcement(on bool) Option {
	return func(o *options) { o.enforcePolicies = on }
}

// WithAllowedDeliveryTargets lets SNS HTTP/HTTPS subscriptions deliver to
// these hosts and networks besides loopback (see egress.ParseTarget); it adds
// to the targets of earlier calls. Default: loopback addresses only, so that
// an emulator reachable from other machines cannot be made to send requests
// into the network it sits in. A refused destination is a failed delivery,
// logged once with the flag that allows it, never a request.
func WithAllowedDeliveryTargets(targets ...egress.Target) Option {
	return func(o *options) { o.deliveryTargets = append(o.deliveryTargets, targets...) }
}

// WithDialer sets how SNS HTTP/HTTPS deliveries resolve names and connect,
// under the delivery policy: tests inject one that records and refuses.
// Default: egress.System().
func WithDialer(d egress.Dialer) Option { return func(o *options) { o.dialer = d } }

// WithHTTPClient replaces the client used for SNS HTTP/HTTPS subscriptions,
// and with it the delivery policy and the dialer: only for clients that open
// no connections (an in-memory transport) or enforce their own rules.
// Default: a client with a 10 s timeout that connects under the policy.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithStore makes the emulator start from the state st holds and write
// every change of state through to st before it answers the request that
// made it, so that the state survives a restart (grader serve --state).
// The caller closes st after the emulator. Default: none, state is kept in
// memory only.
func WithStore(st store.Store) Option { return func(o *options) { o.store = st } }

// New returns an Emulator with no queues and no topics, or with what its
// store holds.
func New(opts ...Option) *Emulator {
	o := options{
		clock:  clock.Real(),
		region: DefaultRegion,
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, opt := range opts {
		opt(&o)
	}
	e := &Emulator{opts: o, faultSet: newFaultSet(o.faults)}
	e.sqs = sqs.New(sqs.Config{
		Clock:           o.clock,
		Logger:          o.logger,
		EnforcePolicies: o.enforcePolicies,
		Store:           o.store,
	})
	e.sns = sns.New(sns.Config{
		Clock:          o.clock,
		Logger:         o.logger,
		Queues:         queueTarget{e.sqs},
		DeliveryPolicy: egress.NewPolicy(o.deliveryTargets...),
		Dialer:         o.dialer,
		HTTPClient:     o.httpClient,
		Store:          o.store,
	})
	if o.store != nil {
		if st := o.store.Loaded(); st != nil {
			e.sqs.Restore(st.Queues)
			e.sqs.RestoreHistory(st.History)
			e.sns.Restore(st.SNS)
		}
	}
	return e
}

// Close stops the emulator's background work (long polls, timers, HTTP
// deliveries). Requests after Close get an error.
func (e *Emulator) Close() {
	e.sns.Close()
	e.sqs.Close()
}
