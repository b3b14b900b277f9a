package sqs_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestCoreLifecycleOverJSON(t *testing.T) {
	t.Parallel()
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)

	created, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String("coffee"),
		Attributes: map[string]string{"SqsManagedSseEnabled": "true"},
		Tags:       map[string]string{"Name": "coffee"},
	})
	require.NoError(t, err)
	assert.Equal(t, "http://sqs.test/123456789012/coffee", *created.QueueUrl)

	got, err := env.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("coffee")})
	require.NoError(t, err)
	assert.Equal(t, *created.QueueUrl, *got.QueueUrl)

	sent, err := env.SQS.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:    created.QueueUrl,
		MessageBody: aws.String(`{"sale":1}`),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"Author": {DataType: aws.String("String"), StringValue: aws.String("ada")},
		},
	})
	require.NoError(t, err)
	assert.NotEmpty(t, *sent.MessageId)

	recv, err := env.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    created.QueueUrl,
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"},
	})
	require.NoError(t, err)
	require.Len(t, recv.Messages, 1)
	m := recv.Messages[0]
	assert.Equal(t, `{"sale":1}`, *m.Body)
	assert.Equal(t, "ada", *m.MessageAttributes["Author"].StringValue)
	assert.Equal(t, "1", m.Attributes["ApproximateReceiveCount"])

	_, err = env.SQS.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: created.QueueUrl, ReceiptHandle: m.ReceiptHandle})
	require.NoError(t, err)

	attrs, err := env.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: created.QueueUrl, AttributeNames: []types.QueueAttributeName{"All"},
	})
	require.NoError(t, err)
	assert.Equal(t, "0", attrs.Attributes["ApproximateNumberOfMessages"])
	assert.Equal(t, "1048576", attrs.Attributes["MaximumMessageSize"])
	assert.Equal(t, "arn:aws:sqs:us-east-1:123456789012:coffee", attrs.Attributes["QueueArn"])

	tags, err := env.SQS.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: created.QueueUrl})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Name": "coffee"}, tags.Tags)

	_, err = env.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("nope")})
	var dne *types.QueueDoesNotExist
	require.True(t, errors.As(err, &dne), "got %v", err)
	var api smithy.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", api.ErrorCode())
	assert.Equal(t, "The specified queue does not exist.", api.ErrorMessage())
}
