package sns

import (
	"encoding/json"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// snsActionName reports whether name is an SNS API action a topic policy
// may grant (AddPermission's ActionName values).
func snsActionName(name string) bool {
	switch name {
	case "AddPermission", "ConfirmSubscription", "CreateTopic", "DeleteTopic", "GetTopicAttributes",
		"ListSubscriptionsByTopic", "ListTopics", "Publish", "RemovePermission", "SetTopicAttributes",
		"Subscribe", "Unsubscribe", "GetDataProtectionPolicy", "PutDataProtectionPolicy":
		return true
	}
	return false
}

// policyDoc reads a topic's access policy as generic JSON, so that
// statements added by hand through SetTopicAttributes survive untouched.
func policyDoc(t *topic) (map[string]any, []any, *awserr.Error) {
	var doc map[string]any
	if err := json.Unmarshal([]byte(effectiveTopicAttribute(t, attrPolicy)), &doc); err != nil {
		return nil, nil, invalidParamReason("Policy", "the topic's policy is not valid JSON")
	}
	stmts, _ := doc["Statement"].([]any)
	return doc, stmts, nil
}

func statementSid(s any) string {
	m, _ := s.(map[string]any)
	sid, _ := m["Sid"].(string)
	return sid
}

type addPermissionInput struct {
	TopicArn, Label string
	AWSAccountID    []string `query:"AWSAccountId.member"`
	ActionName      []string `query:"ActionName.member"`
}

func (s *Service) addPermission(rq *request, in *addPermissionInput) (*noResult, *awserr.Error) {
	label, accounts, actions := in.Label, in.AWSAccountID, in.ActionName
	if label == "" {
		return nil, invalidParamReason("Label", "no value for required parameter")
	}
	if len(accounts) == 0 || len(actions) == 0 {
		return nil, invalidParam("AWSAccountId and ActionName are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "TopicArn", in.TopicArn, "AddPermission")
	if err != nil {
		return nil, err
	}
	for _, a := range actions {
		if !snsActionName(a) {
			return nil, invalidParam("Policy statement action out of service scope!")
		}
	}
	doc, stmts, err := policyDoc(t)
	if err != nil {
		return nil, err
	}
	for _, st := range stmts {
		if statementSid(st) == label {
			return nil, invalidParam("Statement already exists")
		}
	}
	principals := make([]any, 0, len(accounts))
	for _, acct := range accounts {
		principals = append(principals, "arn:aws:iam::"+acct+":root")
	}
	grants := make([]any, 0, len(actions))
	for _, a := range actions {
		grants = append(grants, "SNS:"+a)
	}
	doc["Statement"] = append(stmts, map[string]any{
		"Sid":       label,
		"Effect":    "Allow",
		"Principal": map[string]any{"AWS": oneOrMany(principals)},
		"Action":    oneOrMany(grants),
		"Resource":  t.arn,
	})
	return nil, s.storePolicyLocked(t, doc)
}

type removePermissionInput struct {
	TopicArn, Label string
}

func (s *Service) removePermission(rq *request, in *removePermissionInput) (*noResult, *awserr.Error) {
	label := in.Label
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "TopicArn", in.TopicArn, "RemovePermission")
	if err != nil {
		return nil, err
	}
	doc, stmts, err := policyDoc(t)
	if err != nil {
		return nil, err
	}
	kept := make([]any, 0, len(stmts))
	for _, st := range stmts {
		if statementSid(st) != label {
			kept = append(kept, st)
		}
	}
	doc["Statement"] = kept
	return nil, s.storePolicyLocked(t, doc)
}

// storePolicyLocked writes doc as t's access policy.
func (s *Service) storePolicyLocked(t *topic, doc map[string]any) *awserr.Error {
	b, err := json.Marshal(doc)
	if err != nil {
		return errInternal.Newf("could not write the topic policy: %v", err)
	}
	t.attrs[attrPolicy] = string(b)
	s.changedLocked(t.account)
	return nil
}

// oneOrMany is how AWS writes a policy element: a lone value bare, several
// as a list.
func oneOrMany(vs []any) any {
	if len(vs) == 1 {
		return vs[0]
	}
	return vs
}

// sharedWithSQS lists SNS actions whose names SQS also has: an unsigned
// request naming them goes to SQS.
func sharedWithSQS(action string) bool {
	return action == "AddPermission" || action == "RemovePermission"
}
