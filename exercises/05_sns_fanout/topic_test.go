package fanout_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fanout "github.com/queuelab/queuelab/exercises/05_sns_fanout"
	"github.com/queuelab/queuelab/grader/labtest"
)

// TestCreatesTopicWithNameTag: step 1, the lesson's "Create a Topic".
func TestCreatesTopicWithNameTag(t *testing.T) {
	lab := labtest.New(t)
	t.Parallel()
	want := lab.Learner + "-coffee-sales-notifications"

	arn, err := fanout.CreateTopic(lab.Ctx, lab.SNS, lab.Learner)
	require.NoError(t, err)
	require.Regexp(t, `^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:`+want+`$`, arn, "the ARN of a topic named %s", want)

	attrs, err := lab.SNS.GetTopicAttributes(lab.Ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	require.NoError(t, err, "read the topic back")
	assert.Equal(t, arn, attrs.Attributes["TopicArn"])
	assert.NotEqual(t, "true", attrs.Attributes["FifoTopic"], "the lesson's topic is Standard, not FIFO")

	tags, err := lab.SNS.ListTagsForResource(lab.Ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	require.NoError(t, err, "read the topic's tags")
	got := map[string]string{}
	for _, tag := range tags.Tags {
		got[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	assert.Equal(t, want, got["Name"], "tag Name = the topic's name")
}
