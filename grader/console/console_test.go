package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/console"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
	"github.com/queuelab/queuelab/grader/emulator/faults"
	"github.com/queuelab/queuelab/grader/emulator/server"
)

// site is the emulator with its console on a loopback server, as grader
// serve runs it, and SDK clients acting in the console's default account.
type site struct {
	*emulatortest.Env
	URL string
}

func newSite(t *testing.T) *site {
	t.Helper()
	env := emulatortest.New(t, emulatortest.WithAccount(console.DefaultAccount))
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	srv.Config.Handler = server.Handler(env.Emulator, srv.URL, true)
	return &site{Env: env, URL: srv.URL}
}

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// get returns the status and body of a console page.
func (s *site) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := noRedirects().Get(s.URL + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

var tokenRE = regexp.MustCompile(`name="_token" value="([0-9a-f]+)"`)

func (s *site) token(t *testing.T) string {
	t.Helper()
	_, page := s.get(t, "/console/000000000000/sqs/create")
	m := tokenRE.FindStringSubmatch(page)
	require.NotNil(t, m, "the form carries the token")
	return m[1]
}

// post sends a form as the browser would, with headers set by hdr.
func (s *site) post(t *testing.T, path string, form url.Values, hdr map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := noRedirects().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func (s *site) sameOrigin() map[string]string {
	return map[string]string{"Origin": s.URL, "Sec-Fetch-Site": "same-origin"}
}

func TestPagesRender(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	_, err := s.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("ada-coffee-sales-queue")})
	require.NoError(t, err)
	for _, tc := range []struct {
		path, want string
	}{
		{"/console/000000000000/sqs/queues", "ada-coffee-sales-queue"},
		{"/console/000000000000/sqs/create", "A queue name is case-sensitive"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue", "Copy URL"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue?tab=policy", "has no access policy"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue?tab=tagging", "Save tags"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue?tab=dlq", "Redrive allow policy"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue?tab=redrive", "No redrive tasks"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue/messages", "Poll for messages"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue/edit", "Dead-letter queue"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue/delete", "To confirm"},
		{"/console/000000000000/sqs/queues/ada-coffee-sales-queue/subscribe", "Subscribe to Amazon SNS topic"},
		{"/console/000000000000/sns/topics", "Create topic"},
		{"/console/000000000000/sns/create-topic", "Display name"},
		{"/console/000000000000/sns/create-subscription", "Amazon SQS"},
		{"/console/000000000000/sns/subscriptions", "No subscriptions"},
		{"/console/000000000000/accounts", "000000000000"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, body := s.get(t, tc.path)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, body, tc.want)
		})
	}
	t.Run("a queue that does not exist shows AWS's error", func(t *testing.T) {
		status, body := s.get(t, "/console/000000000000/sqs/queues/nope")
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, body, "The specified queue does not exist")
	})
	t.Run("/console redirects to the default account's queues", func(t *testing.T) {
		resp, err := noRedirects().Get(s.URL + "/console/")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, "/console/000000000000/sqs/queues", resp.Header.Get("Location"))
	})
}

func TestStateChangesNeedTheTokenAndTheSameOrigin(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	token := s.token(t)
	fx := newSNSFixture(t, s, "ada-coffee-sales-notifications", nil)
	// The routes that change something: each case posts a form unique to
	// it, and changed says whether the change was made.
	routes := []struct {
		path    string
		form    func(t *testing.T, c string) url.Values
		changed func(t *testing.T, c string) bool
	}{
		{"/console/000000000000/sqs/create",
			func(_ *testing.T, c string) url.Values {
				return url.Values{"type": {"standard"}, "name": {"q-" + c}, "encryption": {"sqs"}, "policy_mode": {"basic"}}
			},
			func(t *testing.T, c string) bool {
				_, err := s.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("q-" + c)})
				return err == nil
			}},
		{"/console/000000000000/sns/topics/ada-coffee-sales-notifications/edit",
			func(t *testing.T, c string) url.Values {
				return url.Values{"display_name": {c}, "policy": {s.topicAttrs(t, fx.TopicARN)["Policy"]}}
			},
			func(t *testing.T, c string) bool { return s.topicAttrs(t, fx.TopicARN)["DisplayName"] == c }},
		{"/console/000000000000/sns/subscriptions/" + fx.ID + "/edit",
			func(_ *testing.T, c string) url.Values {
				return url.Values{"filter_scope": {"MessageAttributes"}, "filter_policy": {`{"case": ["` + c + `"]}`}}
			},
			func(t *testing.T, c string) bool {
				return strings.Contains(s.subAttrs(t, fx.SubARN)["FilterPolicy"], `"`+c+`"`)
			}},
	}
	for _, tc := range []struct {
		name   string
		token  string
		header map[string]string
		want   int
	}{
		{"no token", "", s.sameOrigin(), http.StatusForbidden},
		{"a wrong token", strings.Repeat("0", 64), s.sameOrigin(), http.StatusForbidden},
		{"a foreign Origin", token, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"a cross-site fetch", token, map[string]string{"Origin": s.URL, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"neither Origin nor Referer", token, nil, http.StatusForbidden},
		{"a foreign Referer", token, map[string]string{"Referer": "https://evil.example/page"}, http.StatusForbidden},
		{"the console's own form", token, s.sameOrigin(), http.StatusSeeOther},
	} {
		for _, rt := range routes {
			t.Run(tc.name+" "+rt.path, func(t *testing.T) {
				c := strings.ReplaceAll(tc.name, " ", "-")
				c = strings.ReplaceAll(strings.ReplaceAll(c, "'", ""), "’", "")
				form := rt.form(t, c)
				form.Set("_token", tc.token)
				status, _ := s.post(t, rt.path, form, tc.header)
				assert.Equal(t, tc.want, status)
				if tc.want == http.StatusForbidden {
					assert.False(t, rt.changed(t, c), "a refused request changes nothing")
				} else {
					assert.True(t, rt.changed(t, c))
				}
			})
		}
	}
	t.Run("a DNS-rebinding host name is refused", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, s.URL+"/console/000000000000/sqs/queues", nil)
		require.NoError(t, err)
		req.Host = "attacker.example"
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	})
	t.Run("a GET changes nothing", func(t *testing.T) {
		status, _ := s.get(t, "/console/000000000000/sqs/create?_token="+token+"&name=by-get")
		assert.Equal(t, http.StatusOK, status)
		_, err := s.SQS.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String("by-get")})
		assert.Error(t, err)
	})
}

func TestEveryValueIsEscaped(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	q, err := s.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("xss"), Tags: map[string]string{"<b>k</b>": "<img src=x onerror=alert(2)>"}})
	require.NoError(t, err)
	_, err = s.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("<script>alert(1)</script>")})
	require.NoError(t, err)

	status, page := s.post(t, "/console/000000000000/sqs/queues/xss/poll",
		url.Values{"_token": {s.token(t)}, "duration": {"1"}, "max_count": {"10"}}, s.sameOrigin())
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;", "the body shows as text")
	assert.NotContains(t, page, "<script>alert(1)")

	_, page = s.get(t, "/console/000000000000/sqs/queues/xss?tab=tagging")
	assert.Contains(t, page, "&lt;img src=x onerror=alert(2)&gt;")
	assert.NotContains(t, page, "<img src=x")

	// A topic's tag, display name and policy, a subscription's filter
	// policy: on their pages and in the Edit forms.
	fx := newSNSFixture(t, s, "xss-topic", nil)
	_, err = s.SNS.TagResource(ctx, &sns.TagResourceInput{ResourceArn: &fx.TopicARN, Tags: []snstypes.Tag{{Key: aws.String("<i>k</i>"), Value: aws.String("<script>alert(3)</script>")}}})
	require.NoError(t, err)
	for name, value := range map[string]string{"DisplayName": `"><script>alert(4)</script>`,
		"Policy": `{"Statement":[{"Sid":"<script>alert(5)</script>","Effect":"Allow","Principal":"*","Action":"SNS:Publish","Resource":"` + fx.TopicARN + `"}]}`} {
		_, err = s.SNS.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: &fx.TopicARN, AttributeName: aws.String(name), AttributeValue: aws.String(value)})
		require.NoError(t, err)
	}
	_, err = s.SNS.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: &fx.SubARN, AttributeName: aws.String("FilterPolicy"),
		AttributeValue: aws.String(`{"item": ["<script>alert(6)</script>"]}`)})
	require.NoError(t, err)
	for _, path := range []string{"/sns/topics/xss-topic", "/sns/topics/xss-topic/edit", "/sns/subscriptions/" + fx.ID, "/sns/subscriptions/" + fx.ID + "/edit"} {
		status, page := s.get(t, "/console/000000000000"+path)
		require.Equal(t, http.StatusOK, status, path)
		assert.NotContains(t, page, "<script>alert", path)
		assert.NotContains(t, page, "<i>k", path)
	}
	_, page = s.get(t, "/console/000000000000/sns/topics/xss-topic/edit")
	assert.Contains(t, page, `value="&lt;script&gt;alert(3)&lt;/script&gt;"`)
	assert.Contains(t, page, `value="&#34;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"`)
	assert.Contains(t, page, `&#34;Sid&#34;: &#34;&lt;script&gt;alert(5)&lt;/script&gt;&#34;`)
	for _, path := range []string{"/sns/subscriptions/" + fx.ID, "/sns/subscriptions/" + fx.ID + "/edit"} {
		_, page = s.get(t, "/console/000000000000"+path)
		assert.Contains(t, page, `&#34;&lt;script&gt;alert(6)&lt;/script&gt;&#34;`, path)
	}
}

func TestInvalidQueueNameShowsAWSError(t *testing.T) {
	s := newSite(t)
	_, apiErr := s.SQS.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("my queue!")})
	require.Error(t, apiErr)

	form := url.Values{"_token": {s.token(t)}, "type": {"standard"}, "name": {"my queue!"}, "encryption": {"sqs"}, "policy_mode": {"basic"},
		"visibility_timeout": {"30"}, "retention": {"345600"}, "delay": {"0"}, "max_size": {"1048576"}, "receive_wait": {"0"}}
	status, page := s.post(t, "/console/000000000000/sqs/create", form, s.sameOrigin())
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, page, "Create queue failed.")
	assert.Contains(t, page, "InvalidParameterValue")
	msg := apiErr.Error()
	msg = msg[strings.LastIndex(msg, "InvalidParameterValue: ")+len("InvalidParameterValue: "):]
	assert.Contains(t, page, templateEscape(msg), "the page shows the message the API gives any client")
	assert.Contains(t, page, `value="my queue!"`, "the form keeps what was typed")
}

func templateEscape(s string) string {
	return strings.NewReplacer(`"`, "&#34;", "'", "&#39;", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(s)
}

func TestAccountsThatHoldResourcesAreListed(t *testing.T) {
	s := newSite(t)
	// A learner's CLI with a 12-digit access key acts in that account.
	cfg := s.Config.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider("123456789012", "x", "")
	_, err := sqs.NewFromConfig(cfg).CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("ada-coffee-sales-queue")})
	require.NoError(t, err)

	status, page := s.get(t, "/console/000000000000/sqs/queues")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, page, `id="account">000000000000<`, "the console says which account it shows")
	assert.Contains(t, page, `href="/console/123456789012/sqs/queues">123456789012</a>`, "and where the learner's queues are")

	_, page = s.get(t, "/console/123456789012/sqs/queues")
	assert.Contains(t, page, "ada-coffee-sales-queue")
	_, page = s.get(t, "/console/000000000000/accounts")
	assert.Contains(t, page, "123456789012")
	status, _ = s.get(t, "/console/12345/sqs/queues")
	assert.Equal(t, http.StatusNotFound, status, "an account is 12 digits")
}

func TestNoConsole(t *testing.T) {
	env := emulatortest.New(t)
	srv := httptest.NewServer(server.Handler(env.Emulator, "http://x", false))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/console/")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.NotContains(t, string(b), "QueueLab console")
}

func TestResetFromTheAccountsPage(t *testing.T) {
	ctx := context.Background()
	const other = "210987654321"
	for _, tc := range []struct {
		scope string
		kept  []string
	}{
		{"account", []string{other}},
		{"all", nil},
	} {
		t.Run(tc.scope, func(t *testing.T) {
			s := newSite(t)
			for _, account := range []string{console.DefaultAccount, other} {
				c := sqs.NewFromConfig(emulatortest.ClientConfig(s.Env.URL, s.Env.HTTP, account))
				_, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders")})
				require.NoError(t, err)
			}
			_, page := s.get(t, "/console/000000000000/accounts")
			assert.Contains(t, page, `id="reset-form"`)
			assert.Contains(t, page, `name="_token"`)
			form := url.Values{"_token": {s.token(t)}, "scope": {tc.scope}}

			status, _ := s.post(t, "/console/000000000000/reset", form, nil)
			assert.Equal(t, http.StatusForbidden, status, "a POST from another origin changes nothing")
			status, page = s.post(t, "/console/000000000000/reset", form, s.sameOrigin())
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, page, `Enter &#34;reset&#34; to confirm`, "without the word, nothing is reset")
			assert.Len(t, s.Emulator.Accounts(), 2)

			form.Set("confirm", "reset")
			status, _ = s.post(t, "/console/000000000000/reset", form, s.sameOrigin())
			assert.Equal(t, http.StatusSeeOther, status)
			assert.Equal(t, tc.kept, nilIfEmpty(s.Emulator.Accounts()))
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestFaultRulesShownOnTheLists(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/console/000000000000/sqs/queues", "/console/000000000000/sns/topics"} {
		_, page := s.get(t, path)
		assert.NotContains(t, page, `id="faults"`, "no panel without rules")
	}
	share := 0.5
	_, err := s.Emulator.Faults().Add(faults.Config{Rules: []faults.Rule{
		{Service: "sqs", Operation: "ReceiveMessage", Queue: "orders", Error: "ThrottlingException", Share: &share},
		{Service: "sns", Latency: faults.Duration(250 * time.Millisecond), Times: 3},
	}})
	require.NoError(t, err)
	for _, path := range []string{"/console/000000000000/sqs/queues", "/console/000000000000/sns/topics"} {
		t.Run(path, func(t *testing.T) {
			status, page := s.get(t, path)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, page, "Fault injection (2 active)")
			assert.Contains(t, page, "service sqs, operation ReceiveMessage, queue orders")
			assert.Contains(t, page, "ThrottlingException, 50% of calls")
			assert.Contains(t, page, "wait 250ms, at most 3 times")
			assert.NotContains(t, page, `action="/_queuelab/faults"`, "read only")
		})
	}
}
