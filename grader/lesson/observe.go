package lesson

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	emusqs "github.com/queuelab/queuelab/grader/emulator/sqs"
)

// The learner's resources, by the lesson's names.
func salesQueue(name string) string { return name + "-coffee-sales-queue" }
func dlqName(name string) string    { return name + "-sales-errors-dlq" }
func topicName(name string) string  { return name + "-coffee-sales-notifications" }

// queueState is one queue as the API shows it; URL is empty when there is
// no such queue.
type queueState struct {
	Name, URL string
	Attrs     map[string]string
	Tags      map[string]string
}

// message is one message seen in the sales queue (or its DLQ), with the
// SNS envelope read when it came from a topic.
type message struct {
	ID    string
	Body  string
	Attrs map[string]string
	// TopicARN and Message are the SNS envelope's, when Body is one.
	TopicARN, Message string
}

// scene is everything the steps look at, observed once.
type scene struct {
	learner     string
	sales, dlq  queueState
	topicARN    string
	topicAttrs  map[string]string
	topicTags   map[string]string
	subscribers []subscriber
	messages    []message
	// received: the messages were received (not on the emulator), so a
	// deleted one cannot be seen.
	received bool
}

type subscriber struct{ Protocol, Endpoint string }

// observe reads the learner's resources and messages. It changes nothing:
// on the emulator messages come from its history; elsewhere they are
// received with a visibility timeout of 0 and never deleted.
func observe(ctx context.Context, t *target, learner string) (*scene, error) {
	s := &scene{learner: learner}
	var err error
	if s.sales, err = readQueue(ctx, t, salesQueue(learner)); err != nil {
		return nil, err
	}
	if s.dlq, err = readQueue(ctx, t, dlqName(learner)); err != nil {
		return nil, err
	}
	if err := s.readTopic(ctx, t); err != nil {
		return nil, err
	}
	if s.sales.URL == "" {
		return s, nil
	}
	if t.emulator != nil {
		arrivals, err := t.emulator.history(ctx, t.account)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, a := range arrivals {
			if a.QueueARN != s.sales.Attrs["QueueArn"] || seen[a.MessageID] {
				continue
			}
			seen[a.MessageID] = true
			s.messages = append(s.messages, newMessage(a.MessageID, a.Body, a.Attributes))
		}
		return s, nil
	}
	s.received = true
	return s, s.peekByReceiving(ctx, t)
}

func readQueue(ctx context.Context, t *target, name string) (queueState, error) {
	q := queueState{Name: name}
	url, err := t.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		if notFound(err) {
			return q, nil
		}
		return q, err
	}
	q.URL = aws.ToString(url.QueueUrl)
	attrs, err := t.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
	if err != nil {
		return q, err
	}
	q.Attrs = attrs.Attributes
	tags, err := t.sqs.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url.QueueUrl})
	if err != nil {
		return q, err
	}
	q.Tags = tags.Tags
	return q, nil
}

func (s *scene) readTopic(ctx context.Context, t *target) error {
	want := ":" + topicName(s.learner)
	p := sns.NewListTopicsPaginator(t.sns, &sns.ListTopicsInput{})
	for p.HasMorePages() && s.topicARN == "" {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, tp := range page.Topics {
			if arn := aws.ToString(tp.TopicArn); strings.HasSuffix(arn, want) {
				s.topicARN = arn
			}
		}
	}
	if s.topicARN == "" {
		return nil
	}
	attrs, err := t.sns.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: &s.topicARN})
	if err != nil {
		return err
	}
	s.topicAttrs = attrs.Attributes
	tags, err := t.sns.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: &s.topicARN})
	if err != nil {
		return err
	}
	s.topicTags = map[string]string{}
	for _, tag := range tags.Tags {
		s.topicTags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	subs := sns.NewListSubscriptionsByTopicPaginator(t.sns, &sns.ListSubscriptionsByTopicInput{TopicArn: &s.topicARN})
	for subs.HasMorePages() {
		page, err := subs.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sub := range page.Subscriptions {
			s.subscribers = append(s.subscribers, subscriber{Protocol: aws.ToString(sub.Protocol), Endpoint: aws.ToString(sub.Endpoint)})
		}
	}
	return nil
}

// receiveRounds bounds how often each queue is sampled: a standard queue
// answers from a sample of its servers, so one receive may miss messages.
const receiveRounds = 5

// peekByReceiving receives from the sales queue and its DLQ, makes each
// message visible again at once (visibility timeout 0), and never
// deletes. Each receive counts toward the queue's maxReceiveCount, which
// may move a message to the DLQ: so the DLQ is read too.
func (s *scene) peekByReceiving(ctx context.Context, t *target) error {
	seen := map[string]bool{}
	for _, url := range []string{s.sales.URL, s.dlq.URL} {
		if url == "" {
			continue
		}
		for round := range receiveRounds {
			out, err := t.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
				QueueUrl: aws.String(url), MaxNumberOfMessages: 10, VisibilityTimeout: 0,
				WaitTimeSeconds: int32(min(round, 1)), MessageAttributeNames: []string{"All"},
			})
			if err != nil {
				return err
			}
			fresh := 0
			for _, m := range out.Messages {
				if !seen[aws.ToString(m.MessageId)] {
					fresh++
				}
			}
			// VisibilityTimeout 0 is not sent by the SDK (it omits zero
			// values), so the queue's default hid the messages: show them
			// again at once.
			for _, m := range out.Messages {
				if _, err := t.sqs.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
					QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0}); err != nil {
					return err
				}
			}
			for _, m := range out.Messages {
				id := aws.ToString(m.MessageId)
				if seen[id] {
					continue
				}
				seen[id] = true
				attrs := map[string]string{}
				for k, v := range m.MessageAttributes {
					attrs[k] = aws.ToString(v.StringValue)
				}
				s.messages = append(s.messages, newMessage(id, aws.ToString(m.Body), attrs))
			}
			if fresh == 0 { // every receive counts toward maxReceiveCount: no more than needed
				break
			}
		}
	}
	return nil
}

func newMessage(id, body string, attrs map[string]string) message {
	m := message{ID: id, Body: body, Attrs: attrs}
	var env struct{ Type, TopicArn, Message string }
	if json.Unmarshal([]byte(body), &env) == nil && env.Type == "Notification" && env.TopicArn != "" {
		m.TopicARN, m.Message = env.TopicArn, env.Message
	}
	return m
}

// notFound reports whether err says the queue does not exist.
func notFound(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	code := apiErr.ErrorCode()
	return code == "AWS.SimpleQueueService.NonExistentQueue" || code == "QueueDoesNotExist" || strings.Contains(code, "NonExistentQueue")
}

// policyAllows reports whether the sales queue's policy lets SNS send from
// the topic, as AWS (and the emulator, when it enforces policies) judges it.
func (s *scene) policyAllows() bool {
	return emusqs.PolicyAllowsSend(s.sales.Attrs["Policy"], s.sales.Attrs["QueueArn"], "sns.amazonaws.com", s.topicARN)
}
