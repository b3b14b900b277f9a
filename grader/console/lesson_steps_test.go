package console_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"
)

// lessonCLIAndBoto3Steps takes the slides' steps that are not console
// steps, as a learner's CLI and boto3 would: the latte sale with an Author,
// the errata's queue policy, "Latte for ada" and the MessageStructure=json
// publish.
func lessonCLIAndBoto3Steps(t *testing.T, s *site, salesURL, topicARN string) {
	t.Helper()
	ctx := context.Background()
	_, err := s.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &salesURL, MessageBody: aws.String(`{"item": "latte", "price": 2.25}`),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{"Author": {DataType: aws.String("String"), StringValue: aws.String("ada")}}})
	require.NoError(t, err)
	policy, err := os.ReadFile("../../handouts/errata-queue-policy.json")
	require.NoError(t, err)
	p := strings.NewReplacer("arn:aws:sqs:us-east-1:000000000000:<your-name>-coffee-sales-queue", attrs0(t, s, salesURL),
		"arn:aws:sns:us-east-1:000000000000:<your-name>-coffee-sales-notifications", topicARN).Replace(string(policy))
	_, err = s.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &salesURL, Attributes: map[string]string{"Policy": p}})
	require.NoError(t, err)
	_, err = s.SNS.Publish(ctx, &sns.PublishInput{TopicArn: &topicARN, Message: aws.String("Latte for ada")})
	require.NoError(t, err)
	_, err = s.SNS.Publish(ctx, &sns.PublishInput{TopicArn: &topicARN, MessageStructure: aws.String("json"),
		Message: aws.String(`{"default": "{\"type\": \"sale\", \"item\": \"coffee\", \"price\": 1.5}"}`)})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(s.Emulator.History("000000000000")) >= 4 }, 5e9, 1e7)
}
