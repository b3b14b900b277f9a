package sns

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/store"
)

// onState starts a harness whose service writes through to a store on dir
// and starts from what it holds, as the emulator does; stop ends both.
func onState(t *testing.T, dir string) (h *harness, stop func()) {
	t.Helper()
	st, err := store.Open(dir)
	require.NoError(t, err)
	h = newHarness(t, func(c *Config) { c.Store = st })
	h.svc.Restore(st.Loaded().SNS)
	return h, func() {
		h.svc.Close()
		require.NoError(t, st.Close())
	}
}

// The SMS sandbox's numbers (a pending one's one-time password too) and
// the opted-out numbers survive a restart.
func TestSMSStateKeptAcrossARestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	const pending, verified, optedOut = "+15550000011", "+15550000012", "+15550000013"

	h, stop := onState(t, dir)
	for _, phone := range []string{pending, verified} {
		_, err := h.client.CreateSMSSandboxPhoneNumber(ctx, &awssns.CreateSMSSandboxPhoneNumberInput{PhoneNumber: aws.String(phone)})
		require.NoError(t, err)
	}
	otps := map[string]string{}
	for _, d := range h.svc.Deliveries(testAccount) {
		otps[d.Endpoint] = d.Token
	}
	require.Len(t, otps, 2, "a one-time password per number: %v", otps)
	_, err := h.client.VerifySMSSandboxPhoneNumber(ctx, &awssns.VerifySMSSandboxPhoneNumberInput{
		PhoneNumber: aws.String(verified), OneTimePassword: aws.String(otps[verified])})
	require.NoError(t, err)
	h.svc.OptOutPhoneNumber(testAccount, optedOut)
	_, err = h.client.SetSMSAttributes(ctx, &awssns.SetSMSAttributesInput{Attributes: map[string]string{"DefaultSMSType": "Transactional"}})
	require.NoError(t, err)
	stop()

	h, stop = onState(t, dir)
	defer stop()
	numbers, err := h.client.ListSMSSandboxPhoneNumbers(ctx, &awssns.ListSMSSandboxPhoneNumbersInput{})
	require.NoError(t, err)
	status := map[string]string{}
	for _, n := range numbers.PhoneNumbers {
		status[aws.ToString(n.PhoneNumber)] = string(n.Status)
	}
	assert.Equal(t, map[string]string{pending: "Pending", verified: "Verified"}, status)
	_, err = h.client.VerifySMSSandboxPhoneNumber(ctx, &awssns.VerifySMSSandboxPhoneNumberInput{
		PhoneNumber: aws.String(pending), OneTimePassword: aws.String(otps[pending])})
	require.NoError(t, err, "the password sent before the restart still verifies")

	out, err := h.client.ListPhoneNumbersOptedOut(ctx, &awssns.ListPhoneNumbersOptedOutInput{})
	require.NoError(t, err)
	assert.Equal(t, []string{optedOut}, out.PhoneNumbers)
	attrs, err := h.client.GetSMSAttributes(ctx, &awssns.GetSMSAttributesInput{})
	require.NoError(t, err)
	assert.Equal(t, "Transactional", attrs.Attributes["DefaultSMSType"])
}

// A FIFO topic's deduplication ids survive a restart within their five
// minutes: a retry after the restart is still a duplicate, answered with
// the first message's id and sequence number.
func TestFIFOTopicDeduplicationKeptAcrossARestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	h, stop := onState(t, dir)
	topic := h.createTopic(t, "orders.fifo", map[string]string{"FifoTopic": "true"})
	publish := func(h *harness) *awssns.PublishOutput {
		t.Helper()
		out, err := h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("latte"),
			MessageGroupId: aws.String("shop"), MessageDeduplicationId: aws.String("order-1")})
		require.NoError(t, err)
		return out
	}
	first := publish(h)
	stop()

	h, stop = onState(t, dir)
	defer stop()
	h.clock.Advance(4 * time.Minute)
	retry := publish(h)
	assert.Equal(t, aws.ToString(first.MessageId), aws.ToString(retry.MessageId), "a duplicate within the window")
	assert.Equal(t, aws.ToString(first.SequenceNumber), aws.ToString(retry.SequenceNumber))

	h.clock.Advance(2 * time.Minute)
	later := publish(h)
	assert.NotEqual(t, aws.ToString(first.MessageId), aws.ToString(later.MessageId), "past the window: a new message")
}
