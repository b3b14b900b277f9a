package console

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/queuelab/queuelab/grader/emulator"
)

// The subscription's page and its Edit page, as the AWS console has them.
// A subscription is addressed by its id, the last part of its ARN.

// listedPendingARN is the ARN ListSubscriptions, ListSubscriptionsByTopic
// and the AWS console give a subscription that waits for its endpoint's
// confirmation. The console edits a subscription by the ARN the API lists,
// as AWS's does, so SNS refuses to change a pending one with its own error
// (Invalid parameter: SubscriptionArn).
const listedPendingARN = "PendingConfirmation"

const (
	scopeAttributes = "MessageAttributes"
	scopeBody       = "MessageBody"
)

// subscriptionByID finds the account's subscription with id in the
// console's region.
func (c *Console) subscriptionByID(q *req, id string) (emulator.Subscription, error) {
	for _, s := range c.emu.Subscriptions(q.account) {
		if arnName(s.ARN) == id && strings.Contains(s.TopicARN, ":"+c.cfg.Region+":") {
			return s, nil
		}
	}
	// Ask SNS, so that the page shows AWS's own NotFound. The id alone
	// names no topic: "." is a topic name SNS never gives.
	_, err := q.cl.sns.GetSubscriptionAttributes(q.r.Context(), &sns.GetSubscriptionAttributesInput{
		SubscriptionArn: aws.String("arn:aws:sns:" + c.cfg.Region + ":" + q.account + ":.:" + id)})
	if err == nil {
		err = fmt.Errorf("subscription %s is not in %s", id, c.cfg.Region)
	}
	return emulator.Subscription{}, err
}

// subscription reads the subscription with the page's id and its
// attributes through the API, or shows AWS's error.
func (c *Console) subscription(q *req, action string) (emulator.Subscription, map[string]string, bool) {
	id := q.r.PathValue("id")
	s, err := c.subscriptionByID(q, id)
	var out *sns.GetSubscriptionAttributesOutput
	if err == nil {
		out, err = q.cl.sns.GetSubscriptionAttributes(q.r.Context(), &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(s.ARN)})
	}
	if err != nil {
		q.failPage("sns", action+" "+id, err, crumb{"Subscriptions", q.base() + "/sns/subscriptions"})
		return s, nil, false
	}
	return s, out.Attributes, true
}

type subscriptionDetail struct {
	ID, ARN, TopicARN, TopicName, Protocol, Endpoint, Owner string
	Pending, Raw                                            bool
	FilterPolicy, FilterScope                               string
	RedrivePolicy, DLQArn, DLQName                          string
	// DLQHere: the dead-letter queue is in the shown account and region,
	// so its page is a link.
	DLQHere bool
}

// deadLetterTarget is the queue ARN of a subscription's RedrivePolicy.
func deadLetterTarget(redrivePolicy string) string {
	var p struct {
		Target string `json:"deadLetterTargetArn"`
	}
	if json.Unmarshal([]byte(redrivePolicy), &p) != nil {
		return ""
	}
	return p.Target
}

func (q *req) subscriptionCrumbs(s emulator.Subscription, last ...crumb) []crumb {
	topic := arnName(s.TopicARN)
	cs := []crumb{{"Amazon SNS", q.base() + "/sns/topics"}, {"Topics", q.base() + "/sns/topics"}, {topic, q.base() + "/sns/topics/" + topic}}
	return append(cs, last...)
}

func (c *Console) subscriptionDetail(q *req) {
	s, attrs, ok := c.subscription(q, "Open subscription")
	if !ok {
		return
	}
	id := arnName(s.ARN)
	d := subscriptionDetail{
		ID: id, ARN: s.ARN, TopicARN: s.TopicARN, TopicName: arnName(s.TopicARN), Protocol: attrs["Protocol"], Endpoint: attrs["Endpoint"],
		Owner: attrs["Owner"], Pending: attrs["PendingConfirmation"] == "true", Raw: attrs["RawMessageDelivery"] == "true",
		FilterPolicy: prettyJSON(attrs["FilterPolicy"]), FilterScope: attrs["FilterPolicyScope"],
		RedrivePolicy: prettyJSON(attrs["RedrivePolicy"]),
	}
	if d.DLQArn = deadLetterTarget(attrs["RedrivePolicy"]); d.DLQArn != "" {
		d.DLQName = arnName(d.DLQArn)
		d.DLQHere = strings.HasPrefix(d.DLQArn, "arn:aws:sqs:"+c.cfg.Region+":"+q.account+":")
	}
	q.render("subscription.html", q.view("sns", "Subscription: "+id, d, q.subscriptionCrumbs(s, crumb{"Subscription: " + id, ""})...))
}

// subscriptionEditForm is the subscription's Edit page: what
// SetSubscriptionAttributes changes, kept as typed.
type subscriptionEditForm struct {
	ID, ARN, TopicARN, Protocol, Endpoint string
	Pending, Raw                          bool
	FilterPolicy, FilterScope             string
	DLQArn                                string
	Queues                                []queueRow
}

func (q *req) subscriptionEditView(s emulator.Subscription, f subscriptionEditForm) *view {
	id := arnName(s.ARN)
	return q.view("sns", "Edit subscription "+id, f, q.subscriptionCrumbs(s, crumb{"Subscription: " + id, q.base() + "/sns/subscriptions/" + id}, crumb{"Edit", ""})...)
}

// dlqChoices are the account's queues, and the current dead-letter queue
// when it is not one of them, so that a save keeps it.
func (c *Console) dlqChoices(q *req, current string) []queueRow {
	rows := c.queueChoices(q, "")
	for _, r := range rows {
		if r.ARN == current {
			return rows
		}
	}
	if current != "" {
		rows = append(rows, queueRow{Name: arnName(current), ARN: current})
	}
	return rows
}

func (c *Console) editSubscriptionForm(q *req) {
	s, attrs, ok := c.subscription(q, "Edit subscription")
	if !ok {
		return
	}
	f := subscriptionEditForm{
		ID: arnName(s.ARN), ARN: s.ARN, TopicARN: s.TopicARN, Protocol: attrs["Protocol"], Endpoint: attrs["Endpoint"],
		Pending: attrs["PendingConfirmation"] == "true", Raw: attrs["RawMessageDelivery"] == "true",
		FilterPolicy: prettyJSON(attrs["FilterPolicy"]), FilterScope: attrs["FilterPolicyScope"], DLQArn: deadLetterTarget(attrs["RedrivePolicy"]),
	}
	if f.FilterScope == "" {
		f.FilterScope = scopeAttributes
	}
	f.Queues = c.dlqChoices(q, f.DLQArn)
	q.render("subscription_edit.html", q.subscriptionEditView(s, f))
}

// changes are the SetSubscriptionAttributes calls that take the
// subscription from cur to the form: only what changed. A filter policy and
// its scope are set in the order in which each call's check passes: SNS
// checks a FilterPolicy against the scope in force and a FilterPolicyScope
// against the policy in force, and a message-body scope accepts every
// policy a message-attributes scope does (and nested ones), so the step
// under MessageBody goes first. An empty filter policy removes it.
func (f subscriptionEditForm) changes(cur map[string]string) []attrSet {
	var out []attrSet
	if f.Raw != (cur["RawMessageDelivery"] == "true") {
		raw := "false"
		if f.Raw {
			raw = "true"
		}
		out = append(out, attrSet{"RawMessageDelivery", raw})
	}
	policy, was := strings.TrimSpace(f.FilterPolicy), cur["FilterPolicy"]
	scope, wasScope := f.FilterScope, cur["FilterPolicyScope"]
	if scope == "" {
		scope = scopeAttributes
	}
	if wasScope == "" {
		wasScope = scopeAttributes
	}
	switch {
	case policy == "" && was != "":
		out = append(out, attrSet{"FilterPolicy", ""})
	case policy != "":
		var steps []attrSet
		if !sameJSON(policy, was) {
			steps = append(steps, attrSet{"FilterPolicy", policy})
		}
		if scope != wasScope {
			s := attrSet{"FilterPolicyScope", scope}
			if scope == scopeBody {
				steps = append([]attrSet{s}, steps...)
			} else {
				steps = append(steps, s)
			}
		}
		out = append(out, steps...)
	}
	if f.DLQArn != deadLetterTarget(cur["RedrivePolicy"]) {
		rp := ""
		if f.DLQArn != "" {
			b, _ := json.Marshal(map[string]string{"deadLetterTargetArn": f.DLQArn})
			rp = string(b)
		}
		out = append(out, attrSet{"RedrivePolicy", rp})
	}
	return out
}

func (c *Console) editSubscription(q *req) {
	s, attrs, ok := c.subscription(q, "Edit subscription")
	if !ok {
		return
	}
	p := q.r.PostForm
	f := subscriptionEditForm{
		ID: arnName(s.ARN), ARN: s.ARN, TopicARN: s.TopicARN, Protocol: attrs["Protocol"], Endpoint: attrs["Endpoint"],
		Pending: attrs["PendingConfirmation"] == "true", Raw: p.Get("raw") == "on",
		FilterPolicy: textarea(p, "filter_policy"), FilterScope: p.Get("filter_scope"), DLQArn: p.Get("dlq_arn"),
	}
	arn := s.ARN
	if f.Pending {
		arn = listedPendingARN
	}
	var err error
	for _, a := range f.changes(attrs) {
		if _, err = q.cl.sns.SetSubscriptionAttributes(q.r.Context(), &sns.SetSubscriptionAttributesInput{
			SubscriptionArn: aws.String(arn), AttributeName: aws.String(a.Name), AttributeValue: aws.String(a.Value)}); err != nil {
			break
		}
	}
	if err != nil {
		f.Queues = c.dlqChoices(q, f.DLQArn)
		v := q.subscriptionEditView(s, f)
		v.Error = toAPIErr("Save subscription", err)
		q.render("subscription_edit.html", v)
		return
	}
	q.redirect("/sns/subscriptions/"+f.ID, "sub-updated", s.ARN)
}
