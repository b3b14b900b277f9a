package sqs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordedAttributeDigests checks MD5OfMessageAttributes against digests
// AWS returned for the same attributes (aws-parity/test_sqs.snapshot.json).
func TestRecordedAttributeDigests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.createQueue("digests", nil)
	for _, tc := range []struct {
		name  string
		attrs map[string]types.MessageAttributeValue
		want  string
	}{
		{"string", map[string]types.MessageAttributeValue{"MyAttribute": {DataType: aws.String("String"), StringValue: aws.String("foobar")}},
			"adb59cd4678ea5a855436b949cd07ab6"},
		{"filter", map[string]types.MessageAttributeValue{"Foo": {DataType: aws.String("String"), StringValue: aws.String("Bar")}},
			"ae7155c6026991b6d54b11589678bf9c"},
		{"binary", map[string]types.MessageAttributeValue{"attr1": {DataType: aws.String("Binary"),
			BinaryValue: []byte("traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01")}},
			"8cbe4db156db8a94db8b801b7addb984"},
	} {
		out, err := f.SQS.SendMessage(f.ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("test"), MessageAttributes: tc.attrs})
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, *out.MD5OfMessageAttributes, tc.name)
	}
	got := f.receive(url, 10, func(in *sqs.ReceiveMessageInput) { in.MessageAttributeNames = []string{"All"} })
	require.Len(t, got, 3)
	assert.Equal(t, "098f6bcd4621d373cade4e832627b4f6", *got[0].MD5OfBody)
}
