package sns

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Recorded: TestSNSSubscriptionCrudV2::test_subscribe_{sms,bad_sms,invalid_sms,
// sms_obscure_phone_number}, TestSNSSMS::test_subscribe_sms_endpoint.
func TestSMSSubscriptionPhoneNumbers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "sms", nil)
	tests := []struct {
		endpoint, err string
	}{
		{endpoint: "+15551234567"},
		{endpoint: "+123123123"},
		{endpoint: "+1-555-123-4567"},
		{endpoint: "+15/55-123.4567"},
		{endpoint: "invalid-number", err: "Invalid SMS endpoint: invalid-number"},
		{endpoint: "+15--551234567", err: "Invalid SMS endpoint: +15--551234567"},
		{endpoint: "NAA+15551234567", err: "Invalid SMS endpoint: NAA+15551234567"},
		{endpoint: "+15551234567.", err: "Invalid SMS endpoint: +15551234567."},
		{endpoint: "/+15551234567", err: "Invalid SMS endpoint: /+15551234567"},
	}
	for _, tc := range tests {
		t.Run(tc.endpoint, func(t *testing.T) {
			out, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{
				TopicArn: aws.String(topic), Protocol: aws.String("sms"), Endpoint: aws.String(tc.endpoint),
			})
			if tc.err != "" {
				requireAPIError(t, err, "InvalidParameter", tc.err)
				return
			}
			require.NoError(t, err)
			attrs, err := h.client.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: out.SubscriptionArn})
			require.NoError(t, err)
			assert.Equal(t, "false", attrs.Attributes["PendingConfirmation"])
			assert.Equal(t, "sms", attrs.Attributes["Protocol"])
		})
	}
}

// Recorded: TestSNSSMS::test_publish_wrong_phone_format. A valid number's
// message is logged, not sent; an opted-out number's says so.
func TestPublishToPhoneNumber(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	for _, bad := range []string{"+1a234", "NAA+15551234567"} {
		_, err := h.client.Publish(ctx, &awssns.PublishInput{PhoneNumber: aws.String(bad), Message: aws.String("hi")})
		requireAPIError(t, err, "InvalidParameter", "Invalid parameter: PhoneNumber Reason: "+bad+" is not valid to publish to")
	}

	h.svc.OptOutPhoneNumber(testAccount, "+15550000001")
	for _, phone := range []string{"+15551234567", "+15550000001"} {
		out, err := h.client.Publish(ctx, &awssns.PublishInput{PhoneNumber: aws.String(phone), Message: aws.String("coffee is ready")})
		require.NoError(t, err)
		require.NotEmpty(t, aws.ToString(out.MessageId))
	}
	log := h.svc.Deliveries(testAccount)
	require.Len(t, log, 2)
	for i, d := range log {
		assert.Equal(t, "sms", d.Protocol)
		assert.Equal(t, StatusNotEmulated, d.Status)
		assert.Equal(t, "coffee is ready", d.Body)
		assert.Equal(t, i == 1, d.Error == notSentOptedOut, "opted out: %+v", d)
	}

	// A topic's sms subscribers get the bare message too.
	topic := h.createTopic(t, "texts", nil)
	_, err := h.client.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("sms"), Endpoint: aws.String("+15557654321")})
	require.NoError(t, err)
	_, err = h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("via topic")})
	require.NoError(t, err)
	log = h.svc.Deliveries(testAccount)
	last := log[len(log)-1]
	assert.Equal(t, "+15557654321", last.Endpoint)
	assert.Equal(t, "via topic", last.Body)
	assert.Equal(t, StatusNotEmulated, last.Status)
}

// Recorded: TestSNSSMS::test_is_phone_number_opted_out,
// test_list_phone_numbers_opted_out, test_opt_in_phone_number,
// test_opt_in_non_existing_phone_number, test_opt_in_invalid_number.
func TestPhoneNumberOptOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	const phone = "+15550000002"
	isOptedOut := func() bool {
		t.Helper()
		out, err := h.client.CheckIfPhoneNumberIsOptedOut(ctx, &awssns.CheckIfPhoneNumberIsOptedOutInput{PhoneNumber: aws.String(phone)})
		require.NoError(t, err)
		return out.IsOptedOut
	}
	listed := func() []string {
		t.Helper()
		out, err := h.client.ListPhoneNumbersOptedOut(ctx, &awssns.ListPhoneNumbersOptedOutInput{})
		require.NoError(t, err)
		return out.PhoneNumbers
	}
	assert.False(t, isOptedOut())
	assert.Empty(t, listed())

	h.svc.OptOutPhoneNumber(testAccount, phone)
	assert.True(t, isOptedOut())
	assert.Equal(t, []string{phone}, listed())

	_, err := h.client.OptInPhoneNumber(ctx, &awssns.OptInPhoneNumberInput{PhoneNumber: aws.String(phone)})
	require.NoError(t, err)
	assert.False(t, isOptedOut())
	_, err = h.client.OptInPhoneNumber(ctx, &awssns.OptInPhoneNumberInput{PhoneNumber: aws.String("+15550009999")})
	require.NoError(t, err, "opting in a number that never opted out succeeds")

	const badFormat = "Invalid parameter: PhoneNumber Reason: input incorrectly formatted"
	_, err = h.client.OptInPhoneNumber(ctx, &awssns.OptInPhoneNumberInput{PhoneNumber: aws.String("+15a")})
	requireAPIError(t, err, "InvalidParameter", badFormat)
	_, err = h.client.CheckIfPhoneNumberIsOptedOut(ctx, &awssns.CheckIfPhoneNumberIsOptedOutInput{PhoneNumber: aws.String("invalid")})
	requireAPIError(t, err, "InvalidParameter", badFormat)
}

// Recorded: TestSNSSMS::test_set_get_sms_attributes,
// test_set_invalid_sms_attributes, test_get_sms_attributes_from_unmodified_region.
func TestSMSAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	get := func(client *awssns.Client, names ...string) map[string]string {
		t.Helper()
		out, err := client.GetSMSAttributes(ctx, &awssns.GetSMSAttributesInput{Attributes: names})
		require.NoError(t, err)
		return out.Attributes
	}
	assert.Equal(t, map[string]string{"MonthlySpendLimit": "1"}, get(h.client))

	_, err := h.client.SetSMSAttributes(ctx, &awssns.SetSMSAttributesInput{Attributes: map[string]string{
		"DefaultSMSType": "Promotional", "DefaultSenderID": "LSTest", "DeliveryStatusSuccessSamplingRate": "100",
	}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"DefaultSMSType": "Promotional", "DefaultSenderID": "LSTest",
		"DeliveryStatusSuccessSamplingRate": "100", "MonthlySpendLimit": "1"}, get(h.client))
	assert.Equal(t, map[string]string{"DefaultSMSType": "Promotional", "DefaultSenderID": "LSTest"},
		get(h.client, "DefaultSMSType", "DefaultSenderID"))
	assert.Equal(t, map[string]string{"MonthlySpendLimit": "1"}, get(h.clientFor(t, testAccount, "eu-west-1")),
		"another region keeps its defaults")

	tests := []struct {
		name  string
		attrs map[string]string
		code  string
		msg   string
	}{
		{name: "InvalidAttributeName", attrs: map[string]string{"InvalidAttribute": "x"}, code: "InvalidParameter", msg: "InvalidAttribute is not a valid attribute"},
		{name: "TooLongID", attrs: map[string]string{"DefaultSendID": "a long sender id"}, code: "InvalidParameter", msg: "DefaultSendID is not a valid attribute"},
		{name: "InvalidSMSType", attrs: map[string]string{"DefaultSMSType": "Invalid"}, code: "InvalidParameter", msg: "DefaultSMSType is invalid"},
		{name: "sender id of digits only", attrs: map[string]string{"DefaultSenderID": "12345"}, code: "InvalidParameter", msg: "DefaultSenderID is invalid"},
		{name: "no attributes", attrs: map[string]string{}, code: "ValidationError",
			msg: "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.client.SetSMSAttributes(ctx, &awssns.SetSMSAttributesInput{Attributes: tc.attrs})
			requireAPIError(t, err, tc.code, tc.msg)
		})
	}
}

// The SMS sandbox: the one-time password is in the delivery log.
func TestSMSSandbox(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	status, err := h.client.GetSMSSandboxAccountStatus(ctx, &awssns.GetSMSSandboxAccountStatusInput{})
	require.NoError(t, err)
	assert.True(t, status.IsInSandbox)

	const phone = "+15550000003"
	_, err = h.client.CreateSMSSandboxPhoneNumber(ctx, &awssns.CreateSMSSandboxPhoneNumberInput{PhoneNumber: aws.String(phone)})
	require.NoError(t, err)
	log := h.svc.Deliveries(testAccount)
	require.Len(t, log, 1)
	otp := log[0].Token
	require.Len(t, otp, 6)
	assert.Equal(t, TypeSMSSandboxVerification, log[0].Type)

	list := func() string {
		out, err := h.client.ListSMSSandboxPhoneNumbers(ctx, &awssns.ListSMSSandboxPhoneNumbersInput{})
		require.NoError(t, err)
		require.Len(t, out.PhoneNumbers, 1)
		return string(out.PhoneNumbers[0].Status)
	}
	assert.Equal(t, "Pending", list())
	wrong := "000000"
	if otp == wrong {
		wrong = "111111"
	}
	_, err = h.client.VerifySMSSandboxPhoneNumber(ctx, &awssns.VerifySMSSandboxPhoneNumberInput{PhoneNumber: aws.String(phone), OneTimePassword: aws.String(wrong)})
	requireAPIError(t, err, "VerificationException", "")
	_, err = h.client.VerifySMSSandboxPhoneNumber(ctx, &awssns.VerifySMSSandboxPhoneNumberInput{PhoneNumber: aws.String(phone), OneTimePassword: aws.String(otp)})
	require.NoError(t, err)
	assert.Equal(t, "Verified", list())

	_, err = h.client.DeleteSMSSandboxPhoneNumber(ctx, &awssns.DeleteSMSSandboxPhoneNumberInput{PhoneNumber: aws.String(phone)})
	require.NoError(t, err)
	_, err = h.client.DeleteSMSSandboxPhoneNumber(ctx, &awssns.DeleteSMSSandboxPhoneNumberInput{PhoneNumber: aws.String(phone)})
	requireAPIError(t, err, "ResourceNotFound", "")

	_, err = h.client.ListSMSSandboxPhoneNumbers(ctx, &awssns.ListSMSSandboxPhoneNumbersInput{MaxResults: aws.Int32(101)})
	requireAPIError(t, err, "ValidationError", "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")
	numbers, err := h.client.ListOriginationNumbers(ctx, &awssns.ListOriginationNumbersInput{})
	require.NoError(t, err)
	assert.Empty(t, numbers.PhoneNumbers)
}
