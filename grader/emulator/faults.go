package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/faults"
	"github.com/queuelab/queuelab/grader/emulator/sns"
	"github.com/queuelab/queuelab/grader/emulator/sqs"
)

// Fault injection (package faults): rules that make a seeded share of calls
// fail with a named AWS error or wait first. The emulator matches each call
// once it knows its service and operation, before the service sees it, and
// answers a faulted call with the service's own error in the call's
// protocol; a faulted call changes nothing. The rules are also served over
// HTTP at faults.Path.

// WithFaults adds the rules of cfg to the emulator's faults, after those of
// earlier calls. cfg must pass ValidateFaults (faults.Parse with
// FaultValidator does that): New panics on a rule it cannot serve. Default:
// no faults.
func WithFaults(cfg faults.Config) Option {
	return func(o *options) { o.faults = append(o.faults, cfg) }
}

// Faults returns the emulator's active fault rules, to add, list or remove
// rules while it serves.
func (e *Emulator) Faults() *faults.Set { return e.faultSet }

// FaultValidator checks fault rules against what the emulator serves: the
// operations of SQS and SNS, and the errors each can be made to answer.
func FaultValidator() faults.Validator { return faultValidator{} }

// ValidateFaults checks cfg as WithFaults needs it.
func ValidateFaults(cfg faults.Config) error { return cfg.Validate(faultValidator{}) }

type faultValidator struct{}

func (faultValidator) Operation(service, op string) error {
	known := map[string]func(string) bool{faults.SQS: sqs.IsOperation, faults.SNS: sns.IsOperation}[service]
	if known == nil || !known(op) {
		return fmt.Errorf("%s has no operation %q (AWS's names, such as ReceiveMessage or Publish)", service, op)
	}
	return nil
}

func (faultValidator) Error(service, code string) error {
	var ok bool
	var codes []string
	switch service {
	case faults.SQS:
		_, ok = sqs.FaultError(code)
		codes = sqs.FaultCodes()
	case faults.SNS:
		_, ok = sns.FaultError(code)
		codes = sns.FaultCodes()
	}
	if !ok {
		return fmt.Errorf("%s cannot be made to answer %q: choose one of %s", service, code, strings.Join(codes, ", "))
	}
	return nil
}

// newFaultSet makes the emulator's set with the rules of its options.
func newFaultSet(cfgs []faults.Config) *faults.Set {
	set := faults.NewSet(faultValidator{})
	for _, cfg := range cfgs {
		if _, err := set.Add(cfg); err != nil {
			panic("emulator.WithFaults: " + err.Error())
		}
	}
	return set
}

// injectFault runs the fault rules on one call and reports whether the call
// was answered (with an injected error, or not at all because its client
// gave up while it waited). Latency is waited on the emulator's clock.
func (e *Emulator) injectFault(w http.ResponseWriter, r *http.Request, call faults.Call, json bool) bool {
	d := e.faultSet.Decide(call)
	if d == (faults.Decision{}) {
		return false
	}
	if d.Latency > 0 {
		select {
		case <-e.opts.clock.After(d.Latency):
		case <-r.Context().Done():
			return true
		}
	}
	if d.Error == "" {
		return false
	}
	e.opts.logger.Info("fault injected", "service", call.Service, "op", call.Operation, "account", call.Account,
		"queue", call.Queue, "topic", call.Topic, "error", d.Error, "rule", d.Rule)
	w.Header().Set("X-Queuelab-Fault", strconv.Itoa(d.Rule))
	switch call.Service {
	case faults.SNS:
		aerr, _ := sns.FaultError(d.Error)
		e.sns.WriteError(w, aerr)
	default:
		aerr, _ := sqs.FaultError(d.Error)
		e.sqs.WriteError(w, json, aerr)
	}
	return true
}

// sqsJSONCall is the fault call of an SQS JSON request; it reads the
// body's QueueUrl (or QueueName) only when rules are active.
func sqsJSONCall(c caller.Caller, r *http.Request, op string, body []byte) faults.Call {
	var in struct{ QueueUrl, QueueName string }
	_ = json.Unmarshal(body, &in) // a body that does not decode matches no queue
	return faults.Call{Service: faults.SQS, Operation: op, Account: c.Account, Queue: queueName(in.QueueUrl, in.QueueName, r.URL.Path)}
}

// queryCall is the fault call of a query-protocol request.
func queryCall(c caller.Caller, r *http.Request, form url.Values, toSNS bool) faults.Call {
	op := form.Get("Action")
	if toSNS {
		topic := form.Get("TopicArn")
		if topic == "" {
			topic = form.Get("TargetArn")
		}
		if i := strings.LastIndexByte(topic, ':'); i >= 0 {
			topic = topic[i+1:]
		}
		if topic == "" && op == "CreateTopic" {
			topic = form.Get("Name")
		}
		return faults.Call{Service: faults.SNS, Operation: op, Account: c.Account, Topic: topic}
	}
	return faults.Call{Service: faults.SQS, Operation: op, Account: c.Account,
		Queue: queueName(form.Get("QueueUrl"), form.Get("QueueName"), r.URL.Path)}
}

// queueName is the name of the queue a request names: the last segment of
// its QueueUrl (or of the path it was posted to), else its QueueName.
func queueName(queueURL, name, path string) string {
	if queueURL == "" && strings.Count(strings.Trim(path, "/"), "/") == 1 {
		queueURL = path
	}
	if queueURL != "" {
		queueURL = strings.TrimRight(queueURL, "/")
		return queueURL[strings.LastIndexByte(queueURL, '/')+1:]
	}
	return name
}
