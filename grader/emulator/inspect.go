package emulator

import (
	"fmt"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/sqs"
)

// The SQS half of the inspection API: what the grader and tests may see of an
// Emulator's state without a wire request and without changing it.

// Queues lists the SQS queues of an account in every region.
func (e *Emulator) Queues(account string) []sqs.QueueInfo { return e.sqs.Queues(account) }

// PeekMessages returns the messages stored in a queue, named by ARN or by
// URL, in queue order, without receiving them: receive counts and visibility
// do not change.
func (e *Emulator) PeekMessages(queue string) ([]sqs.PeekedMessage, error) {
	arn := queue
	if !strings.HasPrefix(queue, "arn:") {
		parts := strings.Split(strings.TrimRight(queue, "/"), "/")
		if len(parts) < 2 {
			return nil, fmt.Errorf("peek messages: %q is neither a queue ARN nor a queue URL", queue)
		}
		arn = e.sqs.QueueARNByName(parts[len(parts)-2], parts[len(parts)-1])
	}
	msgs, ok := e.sqs.Peek(arn)
	if !ok {
		return nil, fmt.Errorf("peek messages: no queue %s", queue)
	}
	return msgs, nil
}
