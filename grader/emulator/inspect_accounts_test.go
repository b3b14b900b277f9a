package emulator_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestAccountsListsEveryAccountWithResources(t *testing.T) {
	ctx := context.Background()
	a := emulatortest.New(t, emulatortest.WithAccount("111111111111"))
	assert.Empty(t, a.Emulator.Accounts(), "a new emulator holds no accounts")

	_, err := a.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("q")})
	require.NoError(t, err)
	assert.Equal(t, []string{"111111111111"}, a.Emulator.Accounts())

	b := emulatortest.New(t, emulatortest.WithAccount("222222222222"))
	_, err = b.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("t")})
	require.NoError(t, err)
	assert.Equal(t, []string{"222222222222"}, b.Emulator.Accounts(), "topics count too")
}
