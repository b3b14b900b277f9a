package sqs_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/caller"
	sqssvc "github.com/queuelab/queuelab/grader/emulator/sqs"
)

// callJSON serves one JSON request on svc directly.
func callJSON(t *testing.T, svc *sqssvc.Service, op, body string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://local/", strings.NewReader(body))
	rec := httptest.NewRecorder()
	c := caller.Caller{Account: "123456789012", Region: "us-east-1", Scheme: "http", Host: "local"}
	svc.ServeJSON(rec, req, c, op, []byte(body))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	return rec.Body.String()
}

const (
	topicARN = "arn:aws:sns:us-east-1:123456789012:sales"
	queueARN = "arn:aws:sqs:us-east-1:123456789012:subscriber"
)

func TestSendFromServiceObeysQueuePolicy(t *testing.T) {
	t.Parallel()
	allowTopic := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
		"Action":"sqs:SendMessage","Resource":"` + queueARN + `","Condition":{"ArnEquals":{"aws:SourceArn":"` + topicARN + `"}}}]}`
	for _, tc := range []struct {
		name, policy string
		enforce      bool
		allowed      bool
	}{
		{"not enforced, no policy", "", false, true},
		{"enforced, no policy", "", true, false},
		{"enforced, topic allowed", allowTopic, true, true},
		{"enforced, other topic", strings.Replace(allowTopic, "sales", "other", 1), true, false},
		{"enforced, star principal, ArnLike", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"SQS:*","Resource":"*",
			"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}}]}`, true, true},
		{"enforced, StringEquals list", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sqs:SendMessage"],
			"Condition":{"StringEquals":{"aws:SourceArn":["x","` + topicARN + `"]}}}}`, true, true},
		{"enforced, explicit deny wins", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"},
			{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage"}]}`, true, false},
		{"enforced, wrong action", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:ReceiveMessage"}]}`, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc := sqssvc.New(sqssvc.Config{EnforcePolicies: tc.enforce})
			t.Cleanup(svc.Close)
			callJSON(t, svc, "CreateQueue", `{"QueueName":"subscriber"}`)
			if tc.policy != "" {
				callJSON(t, svc, "SetQueueAttributes", `{"QueueUrl":"http://local/123456789012/subscriber","Attributes":{"Policy":`+quoteJSON(tc.policy)+`}}`)
			}
			err := svc.SendFromService(context.Background(), queueARN, sqssvc.Incoming{Body: "hello"}, "sns.amazonaws.com", topicARN)
			if tc.allowed {
				require.NoError(t, err)
				msgs, ok := svc.Peek(queueARN)
				require.True(t, ok)
				require.Len(t, msgs, 1)
				assert.Equal(t, "hello", msgs[0].Body)
				return
			}
			var aerr *awserr.Error
			require.True(t, errors.As(err, &aerr), "got %v", err)
			assert.Equal(t, "AccessDenied", aerr.Kind.Code)
		})
	}
}

func TestSendFromServiceToMissingOrFIFOQueue(t *testing.T) {
	t.Parallel()
	svc := sqssvc.New(sqssvc.Config{})
	t.Cleanup(svc.Close)
	err := svc.SendFromService(context.Background(), queueARN, sqssvc.Incoming{Body: "x"}, "sns.amazonaws.com", topicARN)
	require.Error(t, err)
	callJSON(t, svc, "CreateQueue", `{"QueueName":"f.fifo","Attributes":{"FifoQueue":"true"}}`)
	fifoARN := "arn:aws:sqs:us-east-1:123456789012:f.fifo"
	in := sqssvc.Incoming{Body: "x", MessageGroupID: "g", DeduplicationID: "d"}
	require.NoError(t, svc.SendFromService(context.Background(), fifoARN, in, "sns.amazonaws.com", topicARN))
	require.NoError(t, svc.SendFromService(context.Background(), fifoARN, in, "sns.amazonaws.com", topicARN))
	msgs, _ := svc.Peek(fifoARN)
	require.Len(t, msgs, 1, "deduplicated")
	assert.Equal(t, "g", msgs[0].MessageGroupID)
	assert.NotEmpty(t, msgs[0].SequenceNumber)
}

func quoteJSON(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
