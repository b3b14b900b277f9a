package sns

import (
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// arn is a parsed Amazon Resource Name.
type arn struct {
	Partition, Service, Region, Account, Resource string
}

func (a arn) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// parseARN splits s as AWS does, answering AWS's error, named after the
// request parameter param, when s has fewer than six elements.
func parseARN(param, s string) (arn, *awserr.Error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return arn{}, invalidParamReason(param, "An ARN must have at least 6 elements, not "+strconv.Itoa(len(parts)))
	}
	if parts[0] != "arn" {
		return arn{}, invalidParam(param)
	}
	return arn{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}, nil
}

// topicARNOf checks that s names an SNS topic in the caller's region.
func topicARNOf(param, s, region string) (arn, *awserr.Error) {
	a, err := parseARN(param, s)
	if err != nil {
		return a, err
	}
	if a.Service != "sns" || a.Region != region || a.Resource == "" || strings.Contains(a.Resource, ":") {
		return a, invalidParam(param)
	}
	return a, nil
}

// subscriptionARNOf checks that s names an SNS subscription: a topic ARN
// followed by ":<subscription id>".
func subscriptionARNOf(s string) (arn, *awserr.Error) {
	if s == "" {
		return arn{}, invalidParamReason("SubscriptionArn", "no value for required parameter")
	}
	a, err := parseARN("SubscriptionArn", s)
	if err != nil {
		return a, err
	}
	topic, id, ok := strings.Cut(a.Resource, ":")
	if a.Service != "sns" || !ok || topic == "" || id == "" {
		return a, invalidParam("SubscriptionId")
	}
	return a, nil
}

// sqsARN checks an SQS endpoint ARN: arn:<partition>:sqs:<region>:<account>:<name>.
func sqsARN(s string) (arn, bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[3] == "" || parts[4] == "" || parts[5] == "" {
		return arn{}, false
	}
	return arn{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}, true
}
