package emulator_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/egress"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// logBuffer is a slog destination that tests can read while deliveries log.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Split(strings.TrimSpace(b.buf.String()), "\n")
}

// A delivery to an address beyond loopback is refused unless it is allowed:
// the dialer, which records and refuses every address, is never asked for
// a refused one, the confirmation is a failed delivery, the subscription
// stays pending and one log line says why and which flag allows it.
func TestHTTPDeliveriesStayOnLoopbackUnlessAllowed(t *testing.T) {
	t.Parallel()
	const endpoint = "http://203.0.113.5:8080/hook"
	tests := []struct {
		name  string
		allow []string
		// dialed is what reached the dialer; refused, that the policy
		// refused before dialling.
		dialed  []string
		refused bool
	}{
		{name: "default: refused", refused: true},
		{name: "other network allowed: still refused", allow: []string{"198.51.100.0/24", "hooks.example.com"}, refused: true},
		{name: "address allowed", allow: []string{"203.0.113.5"}, dialed: []string{"203.0.113.5:8080"}},
		{name: "network allowed", allow: []string{"203.0.113.0/24"}, dialed: []string{"203.0.113.5:8080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dialer := &emulatortest.Dialer{} // refuses every address
			logs := &logBuffer{}
			opts := []emulator.Option{
				emulator.WithDialer(dialer),
				emulator.WithLogger(slog.New(slog.NewTextHandler(logs, nil))),
			}
			for _, s := range tt.allow {
				target, err := egress.ParseTarget(s)
				require.NoError(t, err)
				opts = append(opts, emulator.WithAllowedDeliveryTargets(target))
			}
			env := emulatortest.New(t, emulatortest.WithFakeClock(), emulatortest.WithEmulatorOptions(opts...))
			ctx := emulatortest.Context(t)
			topic, err := env.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("hooks")})
			require.NoError(t, err)
			sub, err := env.SNS.Subscribe(ctx, &sns.SubscribeInput{
				TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(endpoint),
				ReturnSubscriptionArn: true,
			})
			require.NoError(t, err)

			if !tt.refused {
				require.Eventually(t, func() bool { return len(dialer.Dials()) > 0 }, 5*time.Second, 5*time.Millisecond)
				assert.Equal(t, tt.dialed, dialer.Dials())
				return
			}
			var got emulator.Delivery
			require.Eventually(t, func() bool {
				for _, d := range env.Emulator.Deliveries(emulatortest.Account) {
					if d.Type == "SubscriptionConfirmation" {
						got = d
						return true
					}
				}
				return false
			}, 5*time.Second, 5*time.Millisecond)
			assert.Equal(t, emulator.DeliveryFailed, got.Status)
			assert.Equal(t, endpoint, got.Endpoint)
			assert.Equal(t, 1, got.Attempts, "a refusal is not retried")
			assert.Equal(t, "delivery to 203.0.113.5 refused: only loopback addresses are allowed by default; allow it with `grader serve --allow-deliveries-to 203.0.113.5`", got.Error)
			assert.Empty(t, dialer.Dials(), "a refused destination is never dialled")
			assert.Empty(t, dialer.Lookups())

			subs := env.Emulator.Subscriptions(emulatortest.Account)
			require.Len(t, subs, 1)
			assert.False(t, subs[0].Confirmed)
			attrs, err := env.SNS.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub.SubscriptionArn})
			require.NoError(t, err)
			assert.Equal(t, "true", attrs.Attributes["PendingConfirmation"])

			lines := logs.lines()
			require.Len(t, lines, 1, "one log line per refusal")
			assert.Contains(t, lines[0], "level=WARN")
			assert.Contains(t, lines[0], "sns delivery to http refused")
			assert.Contains(t, lines[0], "url="+endpoint)
			assert.Contains(t, lines[0], "--allow-deliveries-to 203.0.113.5")
		})
	}
}

// Loopback endpoints need no flag: the lesson's own webhooks keep working.
func TestHTTPDeliveriesToLoopbackByDefault(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { posts.Add(1) }))
	t.Cleanup(hook.Close)
	env := emulatortest.New(t)
	ctx := emulatortest.Context(t)
	topic, err := env.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("local")})
	require.NoError(t, err)
	_, err = env.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(hook.URL + "/hook")})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		ds := env.Emulator.Deliveries(emulatortest.Account)
		return len(ds) == 1 && ds[0].Status == emulator.DeliveryDelivered
	}, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, int32(1), posts.Load())
	assert.Equal(t, []string{hook.Listener.Addr().String()}, env.Dialer.Dials())
}
