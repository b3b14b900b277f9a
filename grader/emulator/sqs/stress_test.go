package sqs_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// stressSize returns how many producers, consumers and messages per producer
// a stress test uses: fewer with -short.
func stressSize() (producers, consumers, perProducer int) {
	if testing.Short() {
		return 4, 4, 50
	}
	return 8, 8, 250
}

// stressBound bounds a stress test in time: a lost message fails the test
// instead of hanging it.
func stressBound(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// consume receives and deletes until want messages were seen in all, calling
// seen for each under the caller's rules.
func consume(ctx context.Context, t *testing.T, client *sqs.Client, url string, consumers int, want int, seen func(types.Message) bool) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range consumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				done := total >= want
				mu.Unlock()
				if done || ctx.Err() != nil {
					return
				}
				out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
					MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
				if err != nil {
					assert.NoError(t, ctx.Err(), "receive: %v", err)
					return
				}
				var entries []types.DeleteMessageBatchRequestEntry
				for i, m := range out.Messages {
					mu.Lock()
					if seen(m) {
						total++
					}
					mu.Unlock()
					entries = append(entries, types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle})
				}
				if len(entries) == 0 {
					continue
				}
				del, err := client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: entries})
				if !assert.NoError(t, err) || !assert.Empty(t, del.Failed) {
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestStressStandardQueueLosesNothingAndDuplicatesNothing(t *testing.T) {
	t.Parallel()
	producers, consumers, per := stressSize()
	env := emulatortest.New(t)
	ctx := stressBound(t)
	q, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("stress"),
		Attributes: map[string]string{"VisibilityTimeout": "600"}})
	require.NoError(t, err)
	url := *q.QueueUrl

	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i += 10 {
				var entries []types.SendMessageBatchRequestEntry
				for j := i; j < i+10 && j < per; j++ {
					entries = append(entries, types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(j)), MessageBody: aws.String(fmt.Sprintf("p%d-m%d", p, j))})
				}
				out, err := env.SQS.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: entries})
				if !assert.NoError(t, err) || !assert.Empty(t, out.Failed) {
					return
				}
			}
		}()
	}
	counts := map[string]int{}
	consume(ctx, t, env.SQS, url, consumers, producers*per, func(m types.Message) bool {
		counts[*m.Body]++
		return counts[*m.Body] == 1
	})
	wg.Wait()
	require.NoError(t, ctx.Err(), "messages were lost")
	assert.Len(t, counts, producers*per)
	for body, n := range counts {
		assert.Equal(t, 1, n, "%s delivered %d times with a visibility timeout longer than the test", body, n)
	}
}

func TestStressFIFOExactlyOnceInOrder(t *testing.T) {
	t.Parallel()
	producers, consumers, per := stressSize()
	env := emulatortest.New(t)
	ctx := stressBound(t)
	q, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("stress.fifo"),
		Attributes: map[string]string{"FifoQueue": "true", "VisibilityTimeout": "600"}})
	require.NoError(t, err)
	url := *q.QueueUrl

	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := "group-" + strconv.Itoa(p)
			for i := range per {
				body := fmt.Sprintf("%s/%05d", g, i)
				// Every message is sent twice: the second is a duplicate within the window.
				for range 2 {
					_, err := env.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: &body,
						MessageGroupId: &g, MessageDeduplicationId: aws.String(body)})
					if !assert.NoError(t, err) {
						return
					}
				}
			}
		}()
	}
	order := map[string][]string{}
	dups := 0
	consume(ctx, t, env.SQS, url, consumers, producers*per, func(m types.Message) bool {
		g := m.Attributes["MessageGroupId"]
		for _, b := range order[g] {
			if b == *m.Body {
				dups++
				return false
			}
		}
		order[g] = append(order[g], *m.Body)
		return true
	})
	wg.Wait()
	require.NoError(t, ctx.Err(), "messages were lost")
	assert.Zero(t, dups, "duplicates delivered within the deduplication window")
	require.Len(t, order, producers)
	for g, bodies := range order {
		require.Len(t, bodies, per, g)
		for i := 1; i < len(bodies); i++ {
			assert.Less(t, bodies[i-1], bodies[i], "group %s out of order", g)
			if !strings.HasPrefix(bodies[i], g) {
				t.Fatalf("message %s in group %s", bodies[i], g)
			}
		}
	}
	// Nothing is left behind.
	attrs, err := env.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &url, AttributeNames: []types.QueueAttributeName{"All"}})
	require.NoError(t, err)
	assert.Equal(t, "0", attrs.Attributes["ApproximateNumberOfMessages"])
	assert.Equal(t, "0", attrs.Attributes["ApproximateNumberOfMessagesNotVisible"])
}
