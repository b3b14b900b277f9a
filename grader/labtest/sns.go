package labtest

// Helpers shared by the pub/sub, FIFO, pipeline and payload checks: names of
// their own for a check, the check's own queues and topics, receiving with
// long polling, the SNS envelope and the errata queue policy read back.

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// ReceiveTimeout bounds how long Take waits for messages that should
// arrive. Long polling returns as soon as they do, so a passing check never
// waits this long.
const ReceiveTimeout = 10 * time.Second

// Scope returns a name for this check alone, used where a check passes the
// learner's name to the learner's code: the learner's name and a short random
// suffix ("ada-k3x9q"). In a fresh account per check that changes nothing; on
// a backend where every check shares one account (fauxqs, real AWS with a
// profile) it keeps checks running in parallel, and runs after one another,
// from seeing each other's queues and messages. On such a backend the queues
// and topics whose names start with it are deleted when the check ends.
func (l *Lab) Scope(t testing.TB) string {
	t.Helper()
	scope := uniqueName(t, l.Learner)
	if l.Emulator == nil {
		t.Cleanup(func() { l.deleteScope(scope) })
	}
	return scope
}

// uniqueName returns base with a short random suffix ("ada-k3x9q").
func uniqueName(t testing.TB, base string) string {
	t.Helper()
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("labtest: pick a name of the check's own: %v", err)
	}
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return base + "-" + string(b)
}

// deleteScope deletes what a check created under its scope, best effort: the
// check's verdict is already known and a leftover costs nothing but clutter.
func (l *Lab) deleteScope(scope string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := l.SQS.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String(scope)}); err == nil {
		for _, u := range out.QueueUrls {
			_, _ = l.SQS.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(u)})
		}
	}
	p := sns.NewListTopicsPaginator(l.SNS, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return
		}
		for _, topic := range page.Topics {
			arn := aws.ToString(topic.TopicArn)
			if strings.HasPrefix(arn[strings.LastIndex(arn, ":")+1:], scope) {
				_, _ = l.SNS.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: topic.TopicArn})
			}
		}
	}
}

// CreateTopic creates a topic the check itself needs and returns its ARN.
func (l *Lab) CreateTopic(t testing.TB, name string) string {
	t.Helper()
	out, err := l.SNS.CreateTopic(l.Ctx, &sns.CreateTopicInput{Name: aws.String(name)})
	if err != nil {
		t.Fatalf("labtest: create the check's topic %s: %v", name, err)
	}
	return aws.ToString(out.TopicArn)
}

// SubscribeQueue subscribes one of the check's queues to a topic the way the
// lesson does, with the errata policy on the queue, and returns the
// subscription ARN.
func (l *Lab) SubscribeQueue(t testing.TB, topicARN, queueURL string, raw bool) string {
	t.Helper()
	queueARN := l.QueueARN(t, queueURL)
	policy := ErrataPolicy(queueARN, topicARN)
	if _, err := l.SQS.SetQueueAttributes(l.Ctx, &sqs.SetQueueAttributesInput{
		QueueUrl:   aws.String(queueURL),
		Attributes: map[string]string{"Policy": policy},
	}); err != nil {
		t.Fatalf("labtest: set the check's queue policy: %v", err)
	}
	in := &sns.SubscribeInput{
		TopicArn:              aws.String(topicARN),
		Protocol:              aws.String("sqs"),
		Endpoint:              aws.String(queueARN),
		ReturnSubscriptionArn: true,
	}
	if raw {
		in.Attributes = map[string]string{"RawMessageDelivery": "true"}
	}
	out, err := l.SNS.Subscribe(l.Ctx, in)
	if err != nil {
		t.Fatalf("labtest: subscribe the check's queue: %v", err)
	}
	return aws.ToString(out.SubscriptionArn)
}

// Take long-polls a queue until n messages have arrived, deletes them, and
// returns them in the order they arrived, with their message attributes and
// system attributes. It fails the check if fewer arrive within
// ReceiveTimeout.
func (l *Lab) Take(t testing.TB, queueURL string, n int) []sqstypes.Message {
	t.Helper()
	return l.take(t, queueURL, n, ReceiveTimeout)
}

func (l *Lab) take(t testing.TB, queueURL string, n int, within time.Duration) []sqstypes.Message {
	t.Helper()
	var got []sqstypes.Message
	deadline := time.Now().Add(within)
	for len(got) < n {
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("expected %d message(s) on %s within %s, got %d", n, queueURL, within, len(got))
		}
		wait := min(int32(left/time.Second)+1, 5)
		out, err := l.SQS.ReceiveMessage(l.Ctx, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(queueURL),
			MaxNumberOfMessages:         int32(min(n-len(got), 10)),
			WaitTimeSeconds:             wait,
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
		})
		if err != nil {
			t.Fatalf("receive from %s: %v", queueURL, err)
		}
		for _, m := range out.Messages {
			if _, err := l.SQS.DeleteMessage(l.Ctx, &sqs.DeleteMessageInput{
				QueueUrl: aws.String(queueURL), ReceiptHandle: m.ReceiptHandle,
			}); err != nil {
				t.Fatalf("delete from %s: %v", queueURL, err)
			}
		}
		got = append(got, out.Messages...)
	}
	return got
}

// Envelope is the JSON document SNS delivers as the body of an SQS message
// when raw message delivery is off.
type Envelope struct {
	Type              string                       `json:"Type"`
	MessageID         string                       `json:"MessageId"`
	TopicArn          string                       `json:"TopicArn"`
	Subject           string                       `json:"Subject,omitempty"`
	Message           string                       `json:"Message"`
	Timestamp         string                       `json:"Timestamp"`
	MessageAttributes map[string]EnvelopeAttribute `json:"MessageAttributes,omitempty"`
}

// EnvelopeAttribute is a message attribute inside an SNS envelope.
type EnvelopeAttribute struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// Unwrap parses an SQS message body as an SNS notification envelope.
func Unwrap(body string) (Envelope, error) {
	var e Envelope
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		return Envelope{}, fmt.Errorf("body is not an SNS envelope: %w", err)
	}
	if e.Type != "Notification" || e.TopicArn == "" {
		return Envelope{}, fmt.Errorf("body is not an SNS notification envelope (Type %q, TopicArn %q)", e.Type, e.TopicArn)
	}
	return e, nil
}

// ErrataPolicy is the queue policy of the lesson's errata
// (handouts/errata-queue-policy.json) for one queue and one topic.
func ErrataPolicy(queueARN, topicARN string) string {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "AllowTopicToSendMessages",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "sns.amazonaws.com"},
			"Action":    "sqs:SendMessage",
			"Resource":  queueARN,
			"Condition": map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": topicARN}},
		}},
	}
	b, _ := json.Marshal(doc) // a map of strings always marshals
	return string(b)
}

// AllowsTopic reports, with the reason when it does not, whether a queue
// policy document has a statement like the lesson's errata: Allow, principal
// service sns.amazonaws.com, action sqs:SendMessage, resource the queue, on
// condition that aws:SourceArn is the topic.
func AllowsTopic(policy, queueARN, topicARN string) error {
	if policy == "" {
		return errors.New("the queue has no Policy attribute")
	}
	var doc struct {
		Statement oneOrMany[statement] `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return fmt.Errorf("the queue's Policy is not a policy document: %w", err)
	}
	if len(doc.Statement) == 0 {
		return errors.New("the queue's Policy has no Statement")
	}
	var reasons []string
	for i, s := range doc.Statement {
		if err := s.allows(queueARN, topicARN); err != nil {
			reasons = append(reasons, fmt.Sprintf("statement %d: %v", i+1, err))
			continue
		}
		return nil
	}
	return errors.New(strings.Join(reasons, "; "))
}

type statement struct {
	Effect    string                                  `json:"Effect"`
	Principal json.RawMessage                         `json:"Principal"`
	Action    oneOrMany[string]                       `json:"Action"`
	Resource  oneOrMany[string]                       `json:"Resource"`
	Condition map[string]map[string]oneOrMany[string] `json:"Condition"`
}

func (s statement) allows(queueARN, topicARN string) error {
	if s.Effect != "Allow" {
		return fmt.Errorf("the Effect is %q, not Allow", s.Effect)
	}
	var principal struct {
		Service oneOrMany[string] `json:"Service"`
	}
	if json.Unmarshal(s.Principal, &principal) != nil || !principal.Service.has(func(v string) bool { return v == "sns.amazonaws.com" }) {
		return fmt.Errorf(`the Principal is %s, not {"Service": "sns.amazonaws.com"}`, s.Principal)
	}
	if !s.Action.has(func(v string) bool {
		v = strings.ToLower(v)
		return v == "sqs:sendmessage" || v == "sqs:*"
	}) {
		return fmt.Errorf("the Action %v does not include sqs:SendMessage", []string(s.Action))
	}
	if !s.Resource.has(func(v string) bool { return v == queueARN }) {
		return fmt.Errorf("the Resource %v is not the queue ARN %s", []string(s.Resource), queueARN)
	}
	for op, keys := range s.Condition {
		if op != "ArnEquals" && op != "ArnLike" {
			continue
		}
		for key, values := range keys {
			if strings.EqualFold(key, "aws:SourceArn") && values.has(func(v string) bool { return v == topicARN }) {
				return nil
			}
		}
	}
	return fmt.Errorf("no Condition ArnEquals aws:SourceArn = the topic ARN %s", topicARN)
}

// oneOrMany is a policy field that may be one string (or object) or a list.
type oneOrMany[T any] []T

func (o *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	var many []T
	if err := json.Unmarshal(b, &many); err == nil {
		*o = many
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*o = []T{one}
	return nil
}

func (o oneOrMany[T]) has(match func(T) bool) bool {
	for _, v := range o {
		if match(v) {
			return true
		}
	}
	return false
}

// SendFIFO sends v as JSON to a FIFO queue in message group group with
// deduplication id dedup, for a check's own setup.
func (l *Lab) SendFIFO(t testing.TB, queueURL string, v any, group, dedup string) {
	t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("labtest: encode %v: %v", v, err)
	}
	if _, err := l.SQS.SendMessage(l.Ctx, &sqs.SendMessageInput{
		QueueUrl:               aws.String(queueURL),
		MessageBody:            aws.String(string(body)),
		MessageGroupId:         aws.String(group),
		MessageDeduplicationId: aws.String(dedup),
	}); err != nil {
		t.Fatalf("check setup: send to %s: %v", queueURL, err)
	}
}

// Overlap watches handlers that a learner's consumer calls, to observe
// concurrency instead of timing it: how many ran at once, whether two ever
// overlapped, and whether two with the same key (a message group) did.
//
// To make an overlap observable without relying on luck, the first handlers
// wait (up to a bound) for a second one to start; once two have overlapped,
// or the bound has passed once, nobody waits again. A consumer that runs
// handlers one at a time therefore costs the check the bound once, and a
// parallel one costs nothing.
type Overlap struct {
	wait time.Duration

	mu      sync.Mutex
	running map[string]int
	total   int
	max     int
	same    []string
	met     chan struct{}
	metOnce sync.Once
	gaveUp  bool
}

// NewOverlap returns an Overlap whose first handlers wait up to wait for a
// second one.
func NewOverlap(wait time.Duration) *Overlap {
	return &Overlap{wait: wait, running: map[string]int{}, met: make(chan struct{})}
}

// Enter marks a handler for key as running, waits as described on Overlap,
// and returns the function that marks it finished: defer o.Enter(ctx, k)().
func (o *Overlap) Enter(ctx context.Context, key string) (exit func()) {
	o.mu.Lock()
	o.running[key]++
	if o.running[key] > 1 {
		o.same = append(o.same, key)
	}
	o.total++
	o.max = max(o.max, o.total)
	if o.total >= 2 {
		o.metOnce.Do(func() { close(o.met) })
	}
	waitForAnother := !o.gaveUp
	o.mu.Unlock()

	if waitForAnother {
		select {
		case <-o.met:
		case <-ctx.Done():
		case <-time.After(o.wait):
			o.mu.Lock()
			o.gaveUp = true
			o.mu.Unlock()
		}
	}
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.running[key]--
		o.total--
	}
}

// Met reports whether two handlers ever ran at the same time.
func (o *Overlap) Met() bool {
	select {
	case <-o.met:
		return true
	default:
		return false
	}
}

// Max is the most handlers that ran at the same time.
func (o *Overlap) Max() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.max
}

// SameKey lists the keys of which two handlers ran at the same time.
func (o *Overlap) SameKey() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.same...)
}
