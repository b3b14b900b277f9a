// Package sns is the emulator's Simple Notification Service: topics,
// subscriptions, filter policies and delivery to SQS and HTTP endpoints,
// served over the query protocol.
package sns

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/clock"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

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

// Config configures a Service.
type Config struct {
	Clock      clock.Clock
	Logger     *slog.Logger
	Queues     QueueTarget
	HTTPClient *http.Client
}

// Service is one SNS: every account's topics and subscriptions.
type Service struct{ cfg Config }

// New returns a Service with no topics.
func New(cfg Config) *Service { return &Service{cfg: cfg} }

// Close stops background deliveries.
func (s *Service) Close() {}

// IsAction reports whether action is an SNS query action.
func IsAction(action string) bool { return false }

// ServeQuery serves one query-protocol request.
func (s *Service) ServeQuery(w http.ResponseWriter, r *http.Request, c caller.Caller, form url.Values) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
