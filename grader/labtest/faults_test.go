package labtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/faults"
)

// endpointLab is a Lab that reaches the handler h over a loopback socket,
// as checks reach the grader's emulator.
func endpointLab(t *testing.T, h http.Handler) *Lab {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	account := freshAccount(t)
	cfg := aws.Config{
		Region:           emulator.DefaultRegion,
		Credentials:      credentials.NewStaticCredentialsProvider(account, "queuelab", ""),
		BaseEndpoint:     aws.String(srv.URL),
		RetryMaxAttempts: 1,
	}
	return &Lab{Ctx: ctx, Learner: "ada", Account: account, Endpoint: srv.URL, Config: cfg, SQS: sqs.NewFromConfig(cfg)}
}

// twoFailures fails the first two receives of queue q.
var twoFailures = faults.Config{Seed: 1, Rules: []faults.Rule{
	{Service: faults.SQS, Operation: "ReceiveMessage", Queue: "q", Error: "ServiceUnavailable", Times: 2},
}}

func TestInjectFaults(t *testing.T) {
	t.Parallel()
	shared := emulator.New()
	t.Cleanup(shared.Close)
	tests := []struct {
		name  string
		lab   func(t *testing.T) *Lab
		rules func(*Lab) []faults.Status
	}{
		{name: "the check's own emulator", lab: newTestLab, rules: func(l *Lab) []faults.Status { return l.Emulator.Faults().Status() }},
		{name: "an emulator behind an endpoint", lab: func(t *testing.T) *Lab { return endpointLab(t, shared) },
			rules: func(*Lab) []faults.Status { return shared.Faults().Status() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lab *Lab
			t.Run("check", func(t *testing.T) {
				lab = tt.lab(t)
				ids := lab.InjectFaults(t, twoFailures)
				require.Len(t, ids, 1)
				url := lab.CreateQueue(t, "q", nil)

				_, err := lab.SQS.ReceiveMessage(lab.Ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
				require.ErrorContains(t, err, "ServiceUnavailable", "l.SQS makes one attempt")
				_, err = lab.SQSWithRetries().ReceiveMessage(lab.Ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
				require.NoError(t, err, "the second fails, the third attempt of the SDK's retryer succeeds")

				st := lab.FaultStatus(t)
				require.Len(t, st, 1)
				assert.Equal(t, lab.Account, st[0].Account, "limited to the check's account")
				assert.Equal(t, 3, st[0].Matched)
				assert.Equal(t, 2, st[0].Injected)
			})
			assert.Empty(t, tt.rules(lab), "the rules went when the check ended")
		})
	}
}

func TestInjectFaultsSkipsWhereThereAreNone(t *testing.T) {
	t.Parallel()
	// Another emulator: no /_queuelab/faults.
	lab := endpointLab(t, http.NotFoundHandler())
	var skipped bool
	t.Run("check", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		lab.InjectFaults(t, twoFailures)
		t.Error("a check without faults must not run")
	})
	assert.True(t, skipped)
}

func TestInjectFaultsFailsOnABadRule(t *testing.T) {
	t.Parallel()
	emu := emulator.New()
	t.Cleanup(emu.Close)
	lab := endpointLab(t, emu)
	msg := fatalOf(t, func(tb testing.TB) {
		lab.InjectFaults(tb, faults.Config{Rules: []faults.Rule{{Service: faults.SQS, Operation: "Recieve", Error: "InternalError"}}})
	})
	assert.Contains(t, msg, `labtest: inject faults: fault rule 1: sqs has no operation "Recieve"`)
}
