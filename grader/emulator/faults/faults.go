// Package faults is the emulator's fault model, for teaching failure
// handling: rules that make a seeded share of the calls they match fail with
// a named AWS error (ThrottlingException, InternalError, ServiceUnavailable,
// …) or wait first, per service, operation, queue or topic, and account.
//
// A rule decides with a pseudo-random generator of its own, seeded from the
// configuration's seed and the rule's place in it, one draw per call it
// matches, in the order the calls reach it. The same seed and the same
// calls in the same order therefore give the same faults. Calls made
// concurrently reach the emulator in an order their callers choose: a
// client that wants repeatable faults makes its calls one at a time.
//
// The package knows nothing of the services: the emulator checks rules
// against the operations and error codes it serves (Validator) and answers a
// faulted call with the service's own error, in the call's protocol.
package faults

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"go.yaml.in/yaml/v3"
)

// Services a rule may name.
const (
	SQS = "sqs"
	SNS = "sns"
)

// MaxLatency bounds a rule's latency: enough to outlast a client's timeout,
// not enough to hang a lesson.
const MaxLatency = 60 * time.Second

// Config is a fault file: a seed and rules, in the order they are tried.
type Config struct {
	// Seed seeds every rule's generator (with the rule's index). Default 0,
	// which is a seed like any other.
	Seed uint64 `json:"seed" yaml:"seed"`
	// Rules are the faults.
	Rules []Rule `json:"rules" yaml:"rules"`
}

// Rule makes a share of the calls it matches fail or wait. Empty match
// fields match anything.
type Rule struct {
	// Service is "sqs" or "sns".
	Service string `json:"service,omitempty" yaml:"service,omitempty"`
	// Operation is the API operation, as AWS names it: "ReceiveMessage".
	Operation string `json:"operation,omitempty" yaml:"operation,omitempty"`
	// Queue is a queue's name (SQS calls that name a queue).
	Queue string `json:"queue,omitempty" yaml:"queue,omitempty"`
	// Topic is a topic's name (SNS calls that name a topic).
	Topic string `json:"topic,omitempty" yaml:"topic,omitempty"`
	// Account is the 12-digit account of the caller.
	Account string `json:"account,omitempty" yaml:"account,omitempty"`

	// Error is the AWS error code a faulted call answers with, in the
	// service's own shape and HTTP status: "ThrottlingException".
	Error string `json:"error,omitempty" yaml:"error,omitempty"`
	// Latency delays a faulted call (before its error, if it has one).
	Latency Duration `json:"latency,omitempty" yaml:"latency,omitempty"`
	// Share is the fraction of matching calls that are faulted, above 0
	// and at most 1. Default 1: every one.
	Share *float64 `json:"share,omitempty" yaml:"share,omitempty"`
	// Times, when above 0, is how many calls the rule faults at most; then
	// it lets every call through.
	Times int `json:"times,omitempty" yaml:"times,omitempty"`
}

// share is the rule's share, with its default.
func (r Rule) share() float64 {
	if r.Share == nil {
		return 1
	}
	return *r.Share
}

// Share returns p as a rule's Share.
func Share(p float64) *float64 { return &p }

// Duration is a time.Duration written as Go writes one: "250ms", "2s".
type Duration time.Duration

// String writes d as Go does.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText writes d as "250ms".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "250ms"; a bare number is refused, as its unit would
// be a guess.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("latency %q is not a duration like 250ms or 2s", b)
	}
	*d = Duration(v)
	return nil
}

// UnmarshalYAML reads "250ms" from YAML (and JSON): a number without a unit
// is refused rather than read as nanoseconds.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return fmt.Errorf("line %d: latency %s is not a duration like 250ms or 2s", n.Line, n.Value)
	}
	return d.UnmarshalText([]byte(n.Value))
}

// Validator checks what a rule names against what the emulator serves.
type Validator interface {
	// Operation says why op is not an operation of service, or nil.
	Operation(service, op string) error
	// Error says why code is not an error the service can be made to
	// answer with, or nil.
	Error(service, code string) error
}

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
	// nameRE is what queue and topic names are made of (a .fifo suffix
	// included).
	nameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,256}$`)
)

// Parse reads a fault file, YAML or JSON, strictly: an unknown field, a
// second document or a value of the wrong type is an error that names the
// line. It checks each rule as Validate does.
func Parse(data []byte, v Validator) (Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return Config{}, errors.New("the fault file is empty: it needs rules, for example\n" + Example)
		}
		return Config{}, fmt.Errorf("read the fault file: %w", err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Config{}, errors.New("read the fault file: it holds more than one YAML document")
	}
	if err := cfg.Validate(v); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Example is a fault file, for error messages and docs.
const Example = `seed: 42
rules:
  - service: sqs
    operation: ReceiveMessage
    error: ThrottlingException
    share: 0.5`

// Validate checks every rule, and with v (when not nil) the operations and
// error codes they name. The error names the first bad rule by its index.
func (c Config) Validate(v Validator) error {
	if len(c.Rules) == 0 {
		return errors.New("the fault file has no rules: add some under rules:, for example\n" + Example)
	}
	for i, r := range c.Rules {
		if err := r.validate(v); err != nil {
			return fmt.Errorf("fault rule %d: %w", i+1, err)
		}
	}
	return nil
}

func (r Rule) validate(v Validator) error {
	switch r.Service {
	case SQS, SNS:
	case "":
		if r.Operation != "" || r.Error != "" {
			return errors.New(`service is needed with an operation or an error: "sqs" or "sns"`)
		}
	default:
		return fmt.Errorf(`service %q is not "sqs" or "sns"`, r.Service)
	}
	switch {
	case r.Error == "" && r.Latency == 0:
		return errors.New("it needs an error (an AWS error code such as ThrottlingException), a latency (such as 500ms), or both")
	case r.Latency < 0 || time.Duration(r.Latency) > MaxLatency:
		return fmt.Errorf("latency %s is not between 0 and %s", r.Latency, MaxLatency)
	case r.Share != nil && !(*r.Share > 0 && *r.Share <= 1):
		return fmt.Errorf("share %v is not above 0 and at most 1 (0.25 faults a quarter of the calls)", *r.Share)
	case r.Times < 0:
		return fmt.Errorf("times %d is negative (0, the default, means no limit)", r.Times)
	case r.Account != "" && !accountRE.MatchString(r.Account):
		return fmt.Errorf("account %q is not a 12-digit account id", r.Account)
	case r.Queue != "" && !nameRE.MatchString(r.Queue):
		return fmt.Errorf("queue %q is not a queue name (a name, not a URL or an ARN)", r.Queue)
	case r.Topic != "" && !nameRE.MatchString(r.Topic):
		return fmt.Errorf("topic %q is not a topic name (a name, not an ARN)", r.Topic)
	case r.Queue != "" && r.Service == SNS, r.Topic != "" && r.Service == SQS:
		return fmt.Errorf("a %s rule cannot match a queue and a topic as named here", r.Service)
	}
	if v == nil {
		return nil
	}
	if r.Operation != "" {
		if err := v.Operation(r.Service, r.Operation); err != nil {
			return err
		}
	}
	if r.Error != "" {
		if err := v.Error(r.Service, r.Error); err != nil {
			return err
		}
	}
	return nil
}
