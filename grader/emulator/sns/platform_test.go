package sns

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const nullAttributes = "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null"

// admCredentials are the attributes the recorded scenarios create an ADM
// application with.
func admCredentials() map[string]string {
	return map[string]string{"PlatformCredential": "secret", "PlatformPrincipal": "client-id"}
}

func (h *harness) createApp(t *testing.T, name string) string {
	t.Helper()
	out, err := h.client.CreatePlatformApplication(context.Background(), &awssns.CreatePlatformApplicationInput{
		Name: aws.String(name), Platform: aws.String("ADM"), Attributes: admCredentials(),
	})
	require.NoError(t, err)
	return aws.ToString(out.PlatformApplicationArn)
}

func (h *harness) createEndpoint(t *testing.T, appARN, token string, attrs map[string]string) string {
	t.Helper()
	out, err := h.client.CreatePlatformEndpoint(context.Background(), &awssns.CreatePlatformEndpointInput{
		PlatformApplicationArn: aws.String(appARN), Token: aws.String(token), Attributes: attrs,
	})
	require.NoError(t, err)
	return aws.ToString(out.EndpointArn)
}

// Recorded: TestSNSPlatformApplicationCrud::test_create_platform_application*,
// test_list_platform_applications, test_get/set_platform_application_attributes*.
func TestPlatformApplications(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	arn := h.createApp(t, "coffee-app")
	assert.Equal(t, "arn:aws:sns:us-east-1:"+testAccount+":app/ADM/coffee-app", arn)

	list, err := h.client.ListPlatformApplications(ctx, &awssns.ListPlatformApplicationsInput{})
	require.NoError(t, err)
	require.Len(t, list.PlatformApplications, 1)
	assert.Equal(t, arn, aws.ToString(list.PlatformApplications[0].PlatformApplicationArn))
	assert.Equal(t, map[string]string{"Enabled": "true"}, list.PlatformApplications[0].Attributes)

	_, err = h.client.SetPlatformApplicationAttributes(ctx, &awssns.SetPlatformApplicationAttributesInput{
		PlatformApplicationArn: aws.String(arn), Attributes: map[string]string{"SuccessFeedbackSampleRate": "50"},
	})
	require.NoError(t, err)
	got, err := h.client.GetPlatformApplicationAttributes(ctx, &awssns.GetPlatformApplicationAttributesInput{PlatformApplicationArn: aws.String(arn)})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Enabled": "true", "SuccessFeedbackSampleRate": "50"}, got.Attributes)

	missing := strings.Replace(arn, "coffee-app", "missing-app", 1)
	createTests := []struct {
		name, appName, platform string
		attrs                   map[string]string
		code, msg               string
	}{
		{name: "no-args", appName: "a", platform: "ADM", attrs: map[string]string{}, code: "ValidationError", msg: nullAttributes},
		{name: "missing-credential", appName: "a", platform: "ADM", attrs: map[string]string{"PlatformPrincipal": "p"},
			code: "InvalidParameter", msg: "Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential"},
		{name: "missing-principal", appName: "a", platform: "ADM", attrs: map[string]string{"PlatformCredential": "c"},
			code: "InvalidParameter", msg: "Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal"},
		{name: "too-long", appName: strings.Repeat("a", 257), platform: "ADM", attrs: admCredentials(),
			code: "InvalidParameter", msg: "Invalid parameter: " + strings.Repeat("a", 257) + " Reason: must be at most 256 characters long"},
		{name: "empty", appName: "", platform: "ADM", attrs: admCredentials(),
			code: "InvalidParameter", msg: "Invalid parameter:  Reason: cannot be empty"},
		{name: "invalid-char", appName: "@name", platform: "ADM", attrs: admCredentials(),
			code: "InvalidParameter", msg: "Invalid parameter: @name Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'"},
		{name: "invalid-platform", appName: "a", platform: "AAA", attrs: admCredentials(),
			code: "InvalidParameter", msg: "Invalid parameter: Platform Reason: AAA is not supported"},
	}
	for _, tc := range createTests {
		t.Run("create "+tc.name, func(t *testing.T) {
			_, err := h.client.CreatePlatformApplication(ctx, &awssns.CreatePlatformApplicationInput{
				Name: aws.String(tc.appName), Platform: aws.String(tc.platform), Attributes: tc.attrs,
			})
			requireAPIError(t, err, tc.code, tc.msg)
		})
	}

	arnTests := []struct {
		name, arn string
		attrs     map[string]string
		code, msg string
	}{
		{name: "invalid arn", arn: "test", attrs: map[string]string{"SuccessFeedbackSampleRate": "1"},
			code: "InvalidParameter", msg: "Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1"},
		{name: "no-args", arn: missing, attrs: map[string]string{}, code: "ValidationError", msg: nullAttributes},
		{name: "missing-credential", arn: missing, attrs: map[string]string{"PlatformPrincipal": "p"},
			code: "NotFound", msg: "PlatformApplication does not exist"},
		{name: "dummy-args", arn: missing, attrs: map[string]string{"Dummy": "x"},
			code: "NotFound", msg: "PlatformApplication does not exist"},
	}
	for _, tc := range arnTests {
		t.Run("set "+tc.name, func(t *testing.T) {
			_, err := h.client.SetPlatformApplicationAttributes(ctx, &awssns.SetPlatformApplicationAttributesInput{
				PlatformApplicationArn: aws.String(tc.arn), Attributes: tc.attrs,
			})
			requireAPIError(t, err, tc.code, tc.msg)
		})
	}
	_, err = h.client.GetPlatformApplicationAttributes(ctx, &awssns.GetPlatformApplicationAttributesInput{PlatformApplicationArn: aws.String("test")})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1")
	_, err = h.client.GetPlatformApplicationAttributes(ctx, &awssns.GetPlatformApplicationAttributesInput{PlatformApplicationArn: aws.String(missing)})
	requireAPIError(t, err, "NotFound", "PlatformApplication does not exist")
}

// Recorded: TestSNSPlatformEndpointCrud.
func TestPlatformEndpoints(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	app := h.createApp(t, "endpoints-app")
	ep := h.createEndpoint(t, app, "token_1", nil)
	assert.True(t, strings.HasPrefix(ep, "arn:aws:sns:us-east-1:"+testAccount+":endpoint/ADM/endpoints-app/"), ep)

	again := h.createEndpoint(t, app, "token_1", nil)
	assert.Equal(t, ep, again, "the same token and attributes answer the same endpoint")
	_, err := h.client.CreatePlatformEndpoint(ctx, &awssns.CreatePlatformEndpointInput{
		PlatformApplicationArn: aws.String(app), Token: aws.String("token_1"), CustomUserData: aws.String("other"),
	})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: Token Reason: Endpoint "+ep+" already exists with the same Token, but different attributes.")

	attrs := func(arn string) map[string]string {
		t.Helper()
		out, err := h.client.GetEndpointAttributes(ctx, &awssns.GetEndpointAttributesInput{EndpointArn: aws.String(arn)})
		require.NoError(t, err)
		return out.Attributes
	}
	assert.Equal(t, map[string]string{"Enabled": "true", "Token": "token_1"}, attrs(ep))

	// The CustomUserData parameter wins over the attribute.
	double, err := h.client.CreatePlatformEndpoint(ctx, &awssns.CreatePlatformEndpointInput{
		PlatformApplicationArn: aws.String(app), Token: aws.String("token_2"), CustomUserData: aws.String("foo"),
		Attributes: map[string]string{"CustomUserData": "bar"},
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"CustomUserData": "foo", "Enabled": "true", "Token": "token_2"}, attrs(aws.ToString(double.EndpointArn)))
	custom := h.createEndpoint(t, app, "token_3", map[string]string{"CustomUserData": "bar"})
	assert.Equal(t, map[string]string{"CustomUserData": "bar", "Enabled": "true", "Token": "token_3"}, attrs(custom))

	_, err = h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(ep), Attributes: map[string]string{"Enabled": "false"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Enabled": "false", "Token": "token_1"}, attrs(ep))

	list, err := h.client.ListEndpointsByPlatformApplication(ctx, &awssns.ListEndpointsByPlatformApplicationInput{PlatformApplicationArn: aws.String(app)})
	require.NoError(t, err)
	require.Len(t, list.Endpoints, 3)
	assert.Equal(t, ep, aws.ToString(list.Endpoints[0].EndpointArn))

	missingApp := strings.Replace(app, "endpoints-app", "nope", 1)
	missingEP := ep[:strings.LastIndexByte(ep, '/')+1] + "00000000-0000-0000-0000-000000000000"
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{name: "create for a missing application", code: "NotFound", msg: "PlatformApplication does not exist", call: func() error {
			_, err := h.client.CreatePlatformEndpoint(ctx, &awssns.CreatePlatformEndpointInput{PlatformApplicationArn: aws.String(missingApp), Token: aws.String("t")})
			return err
		}},
		{name: "get a missing endpoint", code: "NotFound", msg: "Endpoint does not exist", call: func() error {
			_, err := h.client.GetEndpointAttributes(ctx, &awssns.GetEndpointAttributesInput{EndpointArn: aws.String(missingEP)})
			return err
		}},
		{name: "set a missing endpoint", code: "NotFound", msg: "Endpoint does not exist", call: func() error {
			_, err := h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(missingEP), Attributes: map[string]string{"Enabled": "true"}})
			return err
		}},
		{name: "set with an arn of the wrong shape", code: "InvalidParameter", msg: "Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.", call: func() error {
			_, err := h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(app + "/extra/parts/here"), Attributes: map[string]string{"Enabled": "true"}})
			return err
		}},
		{name: "set Empty", code: "ValidationError", msg: nullAttributes, call: func() error {
			_, err := h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(ep), Attributes: map[string]string{}})
			return err
		}},
	}
	for _, name := range []string{"PlatformPrincipal", "PlatformCredential", "InvalidKey"} {
		for _, op := range []string{"create", "set"} {
			tests = append(tests, struct {
				name      string
				call      func() error
				code, msg string
			}{name: op + " Invalid_Name " + name, code: "InvalidParameter", msg: "Invalid parameter: Attributes Reason: Invalid attribute name: " + name, call: func() error {
				if op == "set" {
					_, err := h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(ep), Attributes: map[string]string{name: "x"}})
					return err
				}
				_, err := h.client.CreatePlatformEndpoint(ctx, &awssns.CreatePlatformEndpointInput{PlatformApplicationArn: aws.String(app), Token: aws.String("t9"), Attributes: map[string]string{name: "x"}})
				return err
			}})
		}
	}
	tooLong := map[string]string{"CustomUserData": strings.Repeat("a", 2049)}
	tests = append(tests, struct {
		name      string
		call      func() error
		code, msg string
	}{name: "create Data_Too_Long", code: "InvalidParameter", msg: "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding", call: func() error {
		_, err := h.client.CreatePlatformEndpoint(ctx, &awssns.CreatePlatformEndpointInput{PlatformApplicationArn: aws.String(app), Token: aws.String("t8"), Attributes: tooLong})
		return err
	}}, struct {
		name      string
		call      func() error
		code, msg string
	}{name: "set Data_Too_Long", code: "InvalidParameter", msg: "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding", call: func() error {
		_, err := h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(ep), Attributes: tooLong})
		return err
	}})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { requireAPIError(t, tc.call(), tc.code, tc.msg) })
	}

	// Deleting an endpoint leaves its subscriptions; deleting the
	// application takes its endpoints.
	topic := h.createTopic(t, "push", nil)
	_, err = h.client.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("application"), Endpoint: aws.String(custom)})
	require.NoError(t, err)
	_, err = h.client.DeleteEndpoint(ctx, &awssns.DeleteEndpointInput{EndpointArn: aws.String(custom)})
	require.NoError(t, err)
	_, err = h.client.DeleteEndpoint(ctx, &awssns.DeleteEndpointInput{EndpointArn: aws.String(custom)})
	require.NoError(t, err, "deleting an endpoint that is gone succeeds")
	subs, err := h.client.ListSubscriptionsByTopic(ctx, &awssns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	assert.Len(t, subs.Subscriptions, 1)

	_, err = h.client.DeletePlatformApplication(ctx, &awssns.DeletePlatformApplicationInput{PlatformApplicationArn: aws.String(app)})
	require.NoError(t, err)
	_, err = h.client.ListEndpointsByPlatformApplication(ctx, &awssns.ListEndpointsByPlatformApplicationInput{PlatformApplicationArn: aws.String(app)})
	requireAPIError(t, err, "NotFound", "PlatformApplication does not exist")
	_, err = h.client.GetEndpointAttributes(ctx, &awssns.GetEndpointAttributesInput{EndpointArn: aws.String(ep)})
	requireAPIError(t, err, "NotFound", "Endpoint does not exist")
}

// A publish to an endpoint is logged, not pushed; to a disabled endpoint it
// answers AWS's EndpointDisabled, and a topic's delivery to it fails.
func TestPublishToEndpoint(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	app := h.createApp(t, "publish-app")
	ep := h.createEndpoint(t, app, "device-1", nil)

	out, err := h.client.Publish(ctx, &awssns.PublishInput{TargetArn: aws.String(ep),
		Message: aws.String(`{"default":"plain","ADM":"{\"data\":{\"message\":\"hi\"}}"}`), MessageStructure: aws.String("json")})
	require.NoError(t, err)
	log := h.svc.Deliveries(testAccount)
	require.Len(t, log, 1)
	assert.Equal(t, Delivery{Time: log[0].Time, Protocol: "application", Endpoint: ep, MessageID: aws.ToString(out.MessageId),
		Type: TypeNotification, Body: `{"data":{"message":"hi"}}`, Status: StatusNotEmulated}, log[0])

	topic := h.createTopic(t, "push-topic", nil)
	_, err = h.client.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("application"), Endpoint: aws.String(ep)})
	require.NoError(t, err)
	_, err = h.client.SetEndpointAttributes(ctx, &awssns.SetEndpointAttributesInput{EndpointArn: aws.String(ep), Attributes: map[string]string{"Enabled": "false"}})
	require.NoError(t, err)

	_, err = h.client.Publish(ctx, &awssns.PublishInput{TargetArn: aws.String(ep), Message: aws.String("hi")})
	requireAPIError(t, err, "EndpointDisabled", "Endpoint is disabled")
	_, err = h.client.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("to the topic")})
	require.NoError(t, err)
	log = h.svc.Deliveries(testAccount)
	require.Len(t, log, 2)
	assert.Equal(t, StatusFailed, log[1].Status)
	assert.Equal(t, "Endpoint is disabled", log[1].Error)

	_, err = h.client.Publish(ctx, &awssns.PublishInput{TargetArn: aws.String(ep + "0"), Message: aws.String("hi")})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified")
}

// Recorded: TestSNSTopicCrudV2::test_data_protection_policy_crud.
func TestDataProtectionPolicy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	topic := h.createTopic(t, "protected", nil)
	policy := `{"Name":"data_protection_policy","Description":"Test Policy","Version":"2021-06-01","Statement":[]}`
	_, err := h.client.PutDataProtectionPolicy(ctx, &awssns.PutDataProtectionPolicyInput{ResourceArn: aws.String(topic), DataProtectionPolicy: aws.String(policy)})
	require.NoError(t, err)
	got, err := h.client.GetDataProtectionPolicy(ctx, &awssns.GetDataProtectionPolicyInput{ResourceArn: aws.String(topic)})
	require.NoError(t, err)
	assert.JSONEq(t, policy, aws.ToString(got.DataProtectionPolicy))
	attrs, err := h.client.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	assert.NotContains(t, attrs.Attributes, "DataProtectionPolicy", "as recorded, the topic's attributes do not show it")

	_, err = h.client.PutDataProtectionPolicy(ctx, &awssns.PutDataProtectionPolicyInput{ResourceArn: aws.String(topic), DataProtectionPolicy: aws.String("{not json")})
	requireAPIError(t, err, "InvalidParameter", "Invalid parameter: DataProtectionPolicy Reason: failed to parse JSON")
	_, err = h.client.GetDataProtectionPolicy(ctx, &awssns.GetDataProtectionPolicyInput{ResourceArn: aws.String(topic + "-missing")})
	requireAPIError(t, err, "NotFound", "Topic does not exist")
}
