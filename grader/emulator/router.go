package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/faults"
	"github.com/queuelab/queuelab/grader/emulator/sns"
	"github.com/queuelab/queuelab/grader/emulator/sqs"
)

// maxRequestBytes bounds what one request may send: a batch of ten messages of
// 1 MiB each, encoded, with room to spare.
const maxRequestBytes = 16 << 20

// Version is reported by the health endpoint.
const Version = "4.14.0-queuelab"

// ServeHTTP routes a request to SQS or SNS by the protocol it speaks.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && (r.URL.Path == "/_localstack/health" || r.URL.Path == "/health") {
		e.serveHealth(w)
		return
	}
	if r.URL.Path == faults.Path {
		e.faultSet.ServeHTTP(w, r)
		return
	}
	if r.URL.Path == ResetPath {
		e.serveReset(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/_queuelab/") && e.serveObserver(w, r) {
		return
	}
	buf := e.bodies.get()
	body, err := readBody(r, *buf)
	*buf = body[:0]
	defer e.bodies.put(buf)
	if err != nil {
		http.Error(w, "could not read the request body", http.StatusBadRequest)
		return
	}
	if len(body) > maxRequestBytes {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	// The services get the body read here; r.Body is not put back, as
	// nothing downstream reads it and rewrapping it cost two allocations a
	// request.
	c := caller.FromRequest(r, e.opts.region)

	// The key is already canonical, as servers and Header.Set make it:
	// Header.Get would canonicalise it again on every request.
	if target := firstValue(r.Header["X-Amz-Target"]); target != "" {
		op, ok := strings.CutPrefix(target, "AmazonSQS.")
		if !ok {
			e.sqs.WriteUnknownOperation(w, r, target)
			return
		}
		if e.faultSet.Active() && e.injectFault(w, r, sqsJSONCall(c, r, op, body), true) {
			return
		}
		e.sqs.ServeJSON(w, r, c, op, body)
		return
	}

	form, err := queryForm(r, body)
	if err != nil {
		sqs.WriteMalformedQuery(w, r, err)
		return
	}
	toSNS := isSNS(c, form.Get("Action"))
	if e.faultSet.Active() && e.injectFault(w, r, queryCall(c, r, form, toSNS), false) {
		return
	}
	if toSNS {
		e.sns.ServeQuery(w, r, c, form)
		return
	}
	e.sqs.ServeQuery(w, r, c, form)
}

// queryForm merges the URL's query string and a form-encoded body, as the
// query protocol allows either.
func queryForm(r *http.Request, body []byte) (url.Values, error) {
	form := r.URL.Query()
	if len(body) == 0 {
		return form, nil
	}
	posted, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	for k, vs := range posted {
		form[k] = append(form[k], vs...)
	}
	return form, nil
}

// isSNS decides between the two query-protocol services: by the signing
// scope when there is one, else by the action's name.
func isSNS(c caller.Caller, action string) bool {
	switch c.Service {
	case "sns":
		return true
	case "sqs":
		return false
	}
	return sns.IsAction(action)
}

func (e *Emulator) serveHealth(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"services": map[string]string{"sqs": "running", "sns": "running"},
		"edition":  "community",
		"version":  Version,
	})
}

// queueTarget lets SNS deliver to SQS queues without either package knowing
// the other.
type queueTarget struct{ s *sqs.Service }

func (q queueTarget) DeliverToQueue(ctx context.Context, d sns.QueueDelivery) error {
	return q.s.SendFromService(ctx, d.QueueARN, sqs.Incoming{
		Body:            d.Body,
		Attributes:      d.Attributes,
		MessageGroupID:  d.MessageGroupID,
		DeduplicationID: d.DeduplicationID,
	}, "sns.amazonaws.com", d.TopicARN)
}

// firstValue is the first of a header's values, or "".
func firstValue(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}
