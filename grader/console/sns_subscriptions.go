package console

import (
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/queuelab/queuelab/grader/emulator"
)

// protocols are the subscription protocols the form offers, as AWS names
// them in the console and the API.
var protocols = []struct{ Value, Name string }{
	{"sqs", "Amazon SQS"}, {"http", "HTTP"}, {"https", "HTTPS"}, {"email", "Email"}, {"email-json", "Email-JSON"},
	{"lambda", "AWS Lambda"}, {"sms", "SMS"}, {"application", "Platform application endpoint"}, {"firehose", "Amazon Data Firehose"},
}

type subscriptionForm struct {
	Topics                                 []emulator.Topic
	Queues                                 []queueRow
	Protocols                              []struct{ Value, Name string }
	TopicARN, Protocol, QueueARN, Endpoint string
	Raw                                    bool
	FilterPolicy, FilterScope              string
	DLQArn                                 string
}

func (q *req) subscriptionView(f subscriptionForm) *view {
	return q.view("sns", "Create subscription", f, crumb{"Amazon SNS", q.base() + "/sns/topics"}, crumb{"Subscriptions", q.base() + "/sns/subscriptions"}, crumb{"Create subscription", ""})
}

func (c *Console) createSubscriptionForm(q *req) {
	q.render("subscription_form.html", q.subscriptionView(subscriptionForm{
		Topics: c.topicsIn(q.account), Queues: c.queueChoices(q, ""), Protocols: protocols,
		TopicARN: q.r.URL.Query().Get("topic"), Protocol: "sqs", FilterScope: "MessageAttributes",
	}))
}

func (c *Console) createSubscription(q *req) {
	f := q.r.PostForm
	sf := subscriptionForm{
		Topics: c.topicsIn(q.account), Queues: c.queueChoices(q, ""), Protocols: protocols,
		TopicARN: f.Get("topic"), Protocol: f.Get("protocol"), QueueARN: f.Get("queue_arn"), Endpoint: strings.TrimSpace(f.Get("endpoint")),
		Raw: f.Get("raw") == "on", FilterPolicy: strings.TrimSpace(f.Get("filter_policy")), FilterScope: f.Get("filter_scope"), DLQArn: f.Get("dlq_arn"),
	}
	endpoint := sf.Endpoint
	if sf.Protocol == "sqs" && endpoint == "" {
		endpoint = sf.QueueARN
	}
	attrs := map[string]string{}
	if sf.Raw {
		attrs["RawMessageDelivery"] = "true"
	}
	if sf.FilterPolicy != "" {
		attrs["FilterPolicy"] = sf.FilterPolicy
		attrs["FilterPolicyScope"] = sf.FilterScope
	}
	if sf.DLQArn != "" {
		attrs["RedrivePolicy"] = `{"deadLetterTargetArn":"` + sf.DLQArn + `"}`
	}
	in := &sns.SubscribeInput{TopicArn: aws.String(sf.TopicARN), Protocol: aws.String(sf.Protocol), Endpoint: aws.String(endpoint), ReturnSubscriptionArn: true}
	if len(attrs) > 0 {
		in.Attributes = attrs
	}
	out, err := q.cl.sns.Subscribe(q.r.Context(), in)
	if err != nil {
		v := q.subscriptionView(sf)
		v.Error = toAPIErr("Create subscription", err)
		q.render("subscription_form.html", v)
		return
	}
	q.redirect("/sns/topics/"+arnName(sf.TopicARN), "subscribed", aws.ToString(out.SubscriptionArn))
}

func (c *Console) subscriptionList(q *req) {
	var subs []emulator.Subscription
	for _, s := range c.emu.Subscriptions(q.account) {
		if strings.Contains(s.TopicARN, ":"+c.cfg.Region+":") {
			subs = append(subs, s)
		}
	}
	q.render("subscriptions.html", q.view("sns", "Subscriptions", subs, crumb{"Amazon SNS", q.base() + "/sns/topics"}, crumb{"Subscriptions", ""}))
}

func (c *Console) unsubscribe(q *req) {
	back := "/sns/subscriptions"
	if t := q.r.PostForm.Get("topic"); t != "" {
		back = "/sns/topics/" + t
	}
	arns := q.r.PostForm["subscription"]
	for _, arn := range arns {
		if _, err := q.cl.sns.Unsubscribe(q.r.Context(), &sns.UnsubscribeInput{SubscriptionArn: aws.String(arn)}); err != nil {
			q.failPage("sns", "Delete subscription", err, crumb{"Back", q.base() + back})
			return
		}
	}
	q.redirect(back, "unsubscribed", strings.Join(arns, ", "))
}

// confirmSubscription takes the token, or the SubscribeURL that carries it,
// and calls ConfirmSubscription.
func (c *Console) confirmSubscription(q *req) {
	topic, token := q.r.PostForm.Get("topic"), strings.TrimSpace(q.r.PostForm.Get("token"))
	if u, err := url.Parse(token); err == nil && u.Query().Get("Token") != "" {
		token = u.Query().Get("Token")
		if t := u.Query().Get("TopicArn"); t != "" {
			topic = t
		}
	}
	out, err := q.cl.sns.ConfirmSubscription(q.r.Context(), &sns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String(token)})
	if err != nil {
		q.failPage("sns", "Confirm subscription", err, crumb{"Back", q.base() + "/sns/topics/" + arnName(topic)})
		return
	}
	q.redirect("/sns/topics/"+arnName(topic), "confirmed", aws.ToString(out.SubscriptionArn))
}
