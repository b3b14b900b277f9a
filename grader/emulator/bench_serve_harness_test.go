package emulator_test

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// The server-CPU benchmarks are only as good as their harness: each kind of
// server process must answer the SDK over loopback and report CPU time that
// grows with the work it does.
func TestServerProcessServesAndReportsCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	for _, kind := range []string{"baseline", "emulator", "emulator-state"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			p := startServerProcess(t, kind)
			client := sqs.NewFromConfig(emulatortest.ClientConfig(p.URL, &http.Client{}, emulatortest.Account))
			ctx := emulatortest.Context(t)
			url := p.URL + "/" + emulatortest.Account + "/bench"
			if kind != "baseline" {
				_, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bench")})
				require.NoError(t, err)
			}
			before := p.CPU(t)
			for range 200 {
				out, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String(benchBody)})
				require.NoError(t, err)
				assert.Equal(t, md5hex(benchBody), aws.ToString(out.MD5OfMessageBody))
			}
			after := p.CPU(t)
			assert.Greater(t, after.total, before.total, "the server's CPU time did not grow while it served 200 requests")
			assert.Greater(t, after.user, before.user, "the server's user CPU time did not grow while it served 200 requests")
			assert.LessOrEqual(t, after.user-before.user, after.total-before.total, "user time is part of the total")
		})
	}
}

func TestServerProcessRefusesUnknownHandler(t *testing.T) {
	err := serveForBenchmark("nginx", nil, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "want baseline, emulator or emulator-state")
}
