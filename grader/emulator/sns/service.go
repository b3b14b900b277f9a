// Package sns is the emulator's Simple Notification Service: topics,
// subscriptions, filter policies and delivery to SQS and HTTP endpoints,
// served over the query protocol (form-encoded requests, XML responses).
//
// Every account is isolated: a request acts in the account of its caller, and
// ARNs name it (arn:aws:sns:<region>:<account>:<name>). Time comes from the
// configured clock. Deliveries to SQS happen before Publish answers, so that a
// receive right after a publish sees the message; deliveries to HTTP
// endpoints run in the background with bounded retries until Close.
package sns

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/clock"
	"github.com/queuelab/queuelab/grader/emulator/egress"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
	"github.com/queuelab/queuelab/grader/emulator/query"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// Version is the query-protocol API version of SNS.
const Version = "2010-03-31"

// QueueTarget is where SNS delivers to SQS subscriptions.
type QueueTarget interface {
	DeliverToQueue(ctx context.Context, d QueueDelivery) error
}

// QueueDelivery is one message for one SQS subscription: the envelope (or the
// raw message) as the body, and, for raw delivery, the message attributes.
type QueueDelivery struct {
	QueueARN        string
	TopicARN        string
	Body            string
	Attributes      map[string]msgattr.Value
	MessageGroupID  string
	DeduplicationID string
}

// Config configures a Service. Zero fields get defaults: the wall clock, no
// logging, no queues (SQS deliveries fail) and HTTP deliveries to loopback
// addresses only, through the system's network.
type Config struct {
	Clock  clock.Clock
	Logger *slog.Logger
	Queues QueueTarget
	// DeliveryPolicy says where HTTP/HTTPS deliveries may connect; the zero
	// policy allows loopback only. A refused destination is a failed
	// delivery, never a request.
	DeliveryPolicy egress.Policy
	// Dialer resolves and connects for HTTP/HTTPS deliveries, under
	// DeliveryPolicy. Default: egress.System().
	Dialer egress.Dialer
	// HTTPClient, when set, replaces the delivery client, and with it
	// DeliveryPolicy and Dialer: for clients that open no connections (an
	// in-memory transport) or enforce their own rules.
	HTTPClient *http.Client
	// Store, when set, receives every change of an account before the
	// request that made it is answered (persist.go). Default: none.
	Store store.Store
}

// Service is one SNS: every account's topics and subscriptions.
type Service struct {
	cfg Config

	mu       sync.Mutex
	accounts map[string]*account
	closed   bool
	// persist writes changes through to cfg.Store; nil without one.
	persist *persister

	// ctx is cancelled by Close, which then waits for wg: the background HTTP
	// deliveries.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns a Service with no topics.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = egress.NewClient(cfg.DeliveryPolicy, cfg.Dialer)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{cfg: cfg, accounts: map[string]*account{}, ctx: ctx, cancel: cancel}
	if cfg.Store != nil {
		s.persist = &persister{store: cfg.Store, dirty: map[string]bool{}}
	}
	return s
}

// Close stops background deliveries and waits for them to end. Requests
// after Close answer ServiceUnavailable.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// request is what a handler knows about the request it serves.
type request struct {
	ctx    context.Context
	caller caller.Caller
	id     string
	action string
}

// operation is one entry of the routing table: it decodes the operation's
// typed input from the form, then runs the handler, which guards and acts.
type operation func(s *Service, rq *request, form url.Values) (any, *awserr.Error)

// op adapts a typed handler to the routing table. The shared query codec
// decodes the input leniently, as SNS reads forms: a member number that is
// not one is skipped, and what is missing or malformed in a value is the
// handler's guards' business, so that AWS's own validation errors answer.
//
// A nil *Out (a noResult handler's reply) is answered with no Result
// element: op hands the encoder an untyped nil for it, never a nil pointer
// inside a non-nil interface, which would encode as one.
func op[In, Out any](fn func(*Service, *request, *In) (*Out, *awserr.Error)) operation {
	return func(s *Service, rq *request, form url.Values) (any, *awserr.Error) {
		in := new(In)
		if err := query.Decode(form, in, query.Lenient); err != nil {
			return nil, invalidParam(err.Error())
		}
		out, err := fn(s, rq, in)
		if err != nil || out == nil {
			return nil, err
		}
		return out, nil
	}
}

// operations is the routing table: every SNS operation of the API reference,
// once. It is built once and never changed.
var operations = sync.OnceValue(func() map[string]operation {
	return map[string]operation{
		// Topics (topics.go, tags.go, permissions.go, dataprotection.go).
		"CreateTopic":             op((*Service).createTopic),
		"DeleteTopic":             op((*Service).deleteTopic),
		"ListTopics":              op((*Service).listTopics),
		"GetTopicAttributes":      op((*Service).getTopicAttributes),
		"SetTopicAttributes":      op((*Service).setTopicAttributes),
		"TagResource":             op((*Service).tagResource),
		"UntagResource":           op((*Service).untagResource),
		"ListTagsForResource":     op((*Service).listTagsForResource),
		"AddPermission":           op((*Service).addPermission),
		"RemovePermission":        op((*Service).removePermission),
		"GetDataProtectionPolicy": op((*Service).getDataProtectionPolicy),
		"PutDataProtectionPolicy": op((*Service).putDataProtectionPolicy),
		// Subscriptions (subscriptions.go).
		"Subscribe":                 op((*Service).subscribe),
		"ConfirmSubscription":       op((*Service).confirmSubscription),
		"Unsubscribe":               op((*Service).unsubscribe),
		"ListSubscriptions":         op((*Service).listSubscriptions),
		"ListSubscriptionsByTopic":  op((*Service).listSubscriptionsByTopic),
		"GetSubscriptionAttributes": op((*Service).getSubscriptionAttributes),
		"SetSubscriptionAttributes": op((*Service).setSubscriptionAttributes),
		// Publishing (publish.go, publish_batch.go).
		"Publish":      op((*Service).publish),
		"PublishBatch": op((*Service).publishBatch),
		// SMS (sms.go, sms_sandbox.go).
		"CheckIfPhoneNumberIsOptedOut": op((*Service).checkIfPhoneNumberIsOptedOut),
		"ListPhoneNumbersOptedOut":     op((*Service).listPhoneNumbersOptedOut),
		"OptInPhoneNumber":             op((*Service).optInPhoneNumber),
		"GetSMSAttributes":             op((*Service).getSMSAttributes),
		"SetSMSAttributes":             op((*Service).setSMSAttributes),
		"GetSMSSandboxAccountStatus":   op((*Service).getSMSSandboxAccountStatus),
		"CreateSMSSandboxPhoneNumber":  op((*Service).createSMSSandboxPhoneNumber),
		"VerifySMSSandboxPhoneNumber":  op((*Service).verifySMSSandboxPhoneNumber),
		"DeleteSMSSandboxPhoneNumber":  op((*Service).deleteSMSSandboxPhoneNumber),
		"ListSMSSandboxPhoneNumbers":   op((*Service).listSMSSandboxPhoneNumbers),
		"ListOriginationNumbers":       op((*Service).listOriginationNumbers),
		// Mobile push (platform.go, endpoints.go).
		"CreatePlatformApplication":          op((*Service).createPlatformApplication),
		"DeletePlatformApplication":          op((*Service).deletePlatformApplication),
		"ListPlatformApplications":           op((*Service).listPlatformApplications),
		"GetPlatformApplicationAttributes":   op((*Service).getPlatformApplicationAttributes),
		"SetPlatformApplicationAttributes":   op((*Service).setPlatformApplicationAttributes),
		"CreatePlatformEndpoint":             op((*Service).createPlatformEndpoint),
		"ListEndpointsByPlatformApplication": op((*Service).listEndpointsByPlatformApplication),
		"GetEndpointAttributes":              op((*Service).getEndpointAttributes),
		"SetEndpointAttributes":              op((*Service).setEndpointAttributes),
		"DeleteEndpoint":                     op((*Service).deleteEndpoint),
	}
})

// Operations returns the names of every operation the service serves.
func (s *Service) Operations() []string { return sortedKeys(operations()) }

// IsAction reports whether action is an SNS query action. The router asks it
// for unsigned requests, so it says no for the names SQS has too
// (AddPermission, RemovePermission): signed requests reach SNS by their
// signing scope.
func IsAction(action string) bool { return operations()[action] != nil && !sharedWithSQS(action) }

// ServeQuery serves one query-protocol request.
func (s *Service) ServeQuery(w http.ResponseWriter, r *http.Request, c caller.Caller, form url.Values) {
	rq := &request{ctx: r.Context(), caller: c, id: ids.UUID(), action: form.Get("Action")}
	result, err := s.serve(rq, form)
	if err != nil {
		s.cfg.Logger.Debug("sns request failed", "action", rq.action, "account", c.Account, "error", err)
		queryDialect.WriteError(w, rq.id, err)
		return
	}
	queryDialect.WriteResult(w, rq.id, rq.action, result)
}

// queryDialect is SNS's query protocol: its namespace; its errors carry no
// <Detail/>.
var queryDialect = query.Dialect{
	Namespace: "http://sns.amazonaws.com/doc/" + Version + "/",
	Internal:  errInternal,
}

func (s *Service) serve(rq *request, form url.Values) (any, *awserr.Error) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, errServiceUnavailable.New()
	}
	if rq.action == "" {
		return nil, errMissingAction.Newf("Could not find operation for version %s", Version)
	}
	o := operations()[rq.action]
	if o == nil {
		return nil, errInvalidAction.Newf("Could not find operation %s for version %s", rq.action, Version)
	}
	return s.dispatch(rq, o, form)
}

// dispatch runs one operation, then writes what it changed through to the
// store before it is answered. A bug must cost one request an
// InternalError, never the process.
func (s *Service) dispatch(rq *request, o operation, form url.Values) (out any, err *awserr.Error) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logger.Error("sns handler panicked", "action", rq.action, "panic", p)
			out, err = nil, errInternal.New()
		}
	}()
	out, err = o(s, rq, form)
	if ferr := s.flush(); ferr != nil && err == nil {
		return nil, ferr
	}
	return out, err
}

// accountLocked returns the account with the given id, creating it. The
// caller holds s.mu.
func (s *Service) accountLocked(id string) *account {
	a := s.accounts[id]
	if a == nil {
		a = newAccount(id)
		s.accounts[id] = a
	}
	return a
}
