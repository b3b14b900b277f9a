package emulatortest_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

func TestNewInMemoryAndOverLoopback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts []emulatortest.Option
	}{
		{"in memory", nil},
		{"loopback", []emulatortest.Option{emulatortest.WithServer()}},
		{"fake clock, other account", []emulatortest.Option{emulatortest.WithFakeClock(), emulatortest.WithAccount("210987654321")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := emulatortest.New(t, tc.opts...)
			ctx := emulatortest.Context(t)
			out, err := env.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("helper")})
			require.NoError(t, err)
			assert.Contains(t, *out.QueueUrl, env.URL+"/")
			assert.Contains(t, *out.QueueUrl, "/helper")
		})
	}
}
