// Package sqs is the emulator's Simple Queue Service: queues, messages and
// their semantics, served over AWS JSON 1.0 and the query protocol.
package sqs

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/clock"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// Config configures a Service.
type Config struct {
	Clock           clock.Clock
	Logger          *slog.Logger
	EnforcePolicies bool
}

// Service is one SQS: every account's queues.
type Service struct{ cfg Config }

// New returns a Service with no queues.
func New(cfg Config) *Service { return &Service{cfg: cfg} }

// Close stops background work.
func (s *Service) Close() {}

// Incoming is a message sent to a queue by another AWS service (SNS).
type Incoming struct {
	Body            string
	Attributes      map[string]msgattr.Value
	MessageGroupID  string
	DeduplicationID string
}

// SendFromService delivers m to the queue with the given ARN on behalf of the
// service principal (for example "sns.amazonaws.com") and source ARN, obeying
// the queue's policy when policies are enforced.
func (s *Service) SendFromService(ctx context.Context, queueARN string, m Incoming, principal, sourceARN string) error {
	return errors.New("sqs: not implemented")
}

// ServeJSON serves one AWS JSON 1.0 request for operation op.
func (s *Service) ServeJSON(w http.ResponseWriter, r *http.Request, c caller.Caller, op string, body []byte) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}

// ServeQuery serves one query-protocol request.
func (s *Service) ServeQuery(w http.ResponseWriter, r *http.Request, c caller.Caller, form url.Values) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}

// WriteUnknownOperation answers a JSON request whose X-Amz-Target names no SQS
// operation.
func WriteUnknownOperation(w http.ResponseWriter, r *http.Request, target string) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}

// WriteMalformedQuery answers a query request whose form cannot be parsed.
func WriteMalformedQuery(w http.ResponseWriter, r *http.Request, err error) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
