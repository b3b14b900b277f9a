package emulator_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestInspectQueuesAndPeekWithoutReceiving(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	created, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("peeked"), Tags: map[string]string{"Name": "p"}})
	require.NoError(t, err)
	_, err = env.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: created.QueueUrl, MessageBody: aws.String("look")})
	require.NoError(t, err)

	queues := env.Emulator.Queues(emulatortest.Account)
	require.Len(t, queues, 1)
	assert.Equal(t, "peeked", queues[0].Name)
	assert.Equal(t, "arn:aws:sqs:us-east-1:123456789012:peeked", queues[0].ARN)
	assert.Equal(t, map[string]string{"Name": "p"}, queues[0].Tags)
	assert.Equal(t, 1, queues[0].Visible)
	assert.Empty(t, env.Emulator.Queues("000000000000"))

	for _, ref := range []string{*created.QueueUrl, queues[0].ARN} {
		msgs, err := env.Emulator.PeekMessages(ref)
		require.NoError(t, err)
		require.Len(t, msgs, 1)
		assert.Equal(t, "look", msgs[0].Body)
		assert.Zero(t, msgs[0].ReceiveCount)
	}
	out, err := env.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, MessageSystemAttributeNames: []types.MessageSystemAttributeName{"ApproximateReceiveCount"}})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	assert.Equal(t, "1", out.Messages[0].Attributes["ApproximateReceiveCount"], "peeking did not count as a receive")

	_, err = env.Emulator.PeekMessages("arn:aws:sqs:us-east-1:123456789012:none")
	require.Error(t, err)
}
