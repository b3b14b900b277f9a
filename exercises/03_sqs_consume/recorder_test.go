package sqsconsume

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/labtest"
)

// recorder passes the consumer's calls on to a real SQS client and records
// them, so that a check can see what the consumer asked for and in which
// order it handled and deleted messages.
type recorder struct {
	client *sqs.Client

	mu      sync.Mutex
	waits   []int32           // WaitTimeSeconds of every ReceiveMessage
	bodyOf  map[string]string // receipt handle -> body
	events  []string          // "handled <body>", "failed <body>", "deleted <body>"
	handled map[string]int    // body -> handler calls
	// loseBody names a message whose first delivery cannot be deleted:
	// every DeleteMessage with that delivery's receipt handle fails.
	loseBody   string
	lostHandle string
	receiving  chan struct{} // gets a value when a receive starts
}

func newRecorder(lab *labtest.Lab) *recorder {
	return &recorder{
		client:    lab.SQS,
		bodyOf:    map[string]string{},
		handled:   map[string]int{},
		receiving: make(chan struct{}, 1),
	}
}

func (r *recorder) ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error) {
	r.mu.Lock()
	r.waits = append(r.waits, in.WaitTimeSeconds)
	r.mu.Unlock()
	select {
	case r.receiving <- struct{}{}:
	default:
	}
	out, err := r.client.ReceiveMessage(ctx, in, optFns...)
	if err == nil {
		r.mu.Lock()
		for _, m := range out.Messages {
			r.bodyOf[aws.ToString(m.ReceiptHandle)] = aws.ToString(m.Body)
			if r.loseBody != "" && r.lostHandle == "" && aws.ToString(m.Body) == r.loseBody {
				r.lostHandle = aws.ToString(m.ReceiptHandle)
			}
		}
		r.mu.Unlock()
	}
	return out, err
}

// errInjected is the failure a check injects into DeleteMessage.
var errInjected = errors.New("injected by the check: the network dropped this DeleteMessage")

func (r *recorder) DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error) {
	r.mu.Lock()
	body, known := r.bodyOf[aws.ToString(in.ReceiptHandle)]
	fail := r.lostHandle != "" && aws.ToString(in.ReceiptHandle) == r.lostHandle
	r.mu.Unlock()
	if fail {
		return nil, errInjected
	}
	out, err := r.client.DeleteMessage(ctx, in, optFns...)
	if err == nil {
		if !known {
			body = "(a receipt handle this consumer never received)"
		}
		r.record("deleted " + body)
	}
	return out, err
}

func (r *recorder) record(event string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event)
}

// handler returns a Handler that records each call and its end, and fails
// the calls for which fail returns an error.
func (r *recorder) handler(fail func(body string, call int) error) Handler {
	return func(ctx context.Context, body string) error {
		r.mu.Lock()
		r.handled[body]++
		call := r.handled[body]
		r.mu.Unlock()
		if fail != nil {
			if err := fail(body, call); err != nil {
				r.record("failed " + body)
				return err
			}
		}
		r.record("handled " + body)
		return nil
	}
}

func (r *recorder) calls(body string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handled[body]
}

// story is what happened to body, in order: "handled" (the handler
// succeeded), "failed" (it returned an error), "deleted".
func (r *recorder) story(body string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		if verb, b, _ := strings.Cut(e, " "); b == body {
			out = append(out, verb)
		}
	}
	return out
}

func (r *recorder) snapshot() (waits []int32, events []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int32(nil), r.waits...), append([]string(nil), r.events...)
}

// pollUntil calls PollOnce until done returns true, at most max times, and
// returns the summed stats and the last error.
func pollUntil(ctx context.Context, c *Consumer, max int, done func() bool) (Stats, error) {
	var sum Stats
	var last error
	for i := 0; i < max && !done(); i++ {
		st, err := pollOnce(ctx, c)
		sum.Received += st.Received
		sum.Processed += st.Processed
		sum.Failed += st.Failed
		sum.Duplicates += st.Duplicates
		if err != nil {
			last = err
		}
	}
	return sum, last
}

// distinct is how many different bodies the handler has been called with.
func (r *recorder) distinct() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.handled)
}

// pollOnce calls c.PollOnce, turning a panic into an error.
func pollOnce(ctx context.Context, c *Consumer) (st Stats, err error) {
	err = labtest.Guard("PollOnce", func() (err error) { st, err = c.PollOnce(ctx); return err })
	return st, err
}
