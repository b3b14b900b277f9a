package sqs

import (
	"encoding/json"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// AddPermission, RemovePermission: both edit the queue's Policy attribute,
// one statement per label, as AWS does.

// permissionActions are the actions AddPermission may grant.
var permissionActions = map[string]bool{
	"*": true, "SendMessage": true, "ReceiveMessage": true, "DeleteMessage": true,
	"ChangeMessageVisibility": true, "GetQueueAttributes": true, "GetQueueUrl": true,
	"ListDeadLetterSourceQueues": true, "PurgeQueue": true, "ListQueueTags": true,
}

// ownerOnlyActions are the queue actions that cannot be shared: AWS names
// them apart from actions it does not know.
var ownerOnlyActions = map[string]bool{
	"AddPermission": true, "RemovePermission": true, "CreateQueue": true, "DeleteQueue": true,
	"SetQueueAttributes": true, "TagQueue": true, "UntagQueue": true,
}

// maxPermissionActions is how many actions one AddPermission may grant.
const maxPermissionActions = 7

// checkPermissionAction says why AddPermission cannot grant action, or nil.
func checkPermissionAction(action string) *awserr.Error {
	switch {
	case permissionActions[action]:
		return nil
	case ownerOnlyActions[action]:
		return invalidParam("SQS:"+action, "ActionName", "Only the queue owner is allowed to invoke this action.")
	}
	return invalidParam("SQS:"+action, "ActionName", "Please refer to the appropriate WSDL for a list of valid actions.")
}

type queuePolicy struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id,omitempty"`
	Statement []json.RawMessage `json:"Statement"`
}

type permissionStatement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal"`
	Action    any            `json:"Action"`
	Resource  string         `json:"Resource"`
}

// oneOrMany writes a single value as itself and several as a list, as AWS
// writes policy principals and actions.
func oneOrMany(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	return v
}

func (s *Service) addPermission(r *request, in *addPermissionInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	switch {
	case in.Label == "":
		return nil, missingParam("Label")
	case !validBatchID(in.Label):
		return nil, invalidParam(in.Label, "Label", "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.")
	case len(in.AWSAccountIDs) == 0:
		return nil, missingParam("AWSAccountIds")
	case len(in.Actions) == 0:
		return nil, missingParam("Actions")
	case len(in.Actions) > maxPermissionActions:
		return nil, errOverLimit.Newf("%d Actions were found, maximum allowed is %d.", len(in.Actions), maxPermissionActions)
	}
	principals := make([]string, len(in.AWSAccountIDs))
	for i, a := range in.AWSAccountIDs {
		principals[i] = "arn:aws:iam::" + a + ":root"
	}
	actions := make([]string, len(in.Actions))
	for i, a := range in.Actions {
		if err := checkPermissionAction(a); err != nil {
			return nil, err
		}
		actions[i] = "SQS:" + a
	}
	stmt, _ := json.Marshal(permissionStatement{
		Sid: in.Label, Effect: "Allow",
		Principal: map[string]any{"AWS": oneOrMany(principals)},
		Action:    oneOrMany(actions), Resource: q.arn,
	})

	q.mu.Lock()
	defer q.mu.Unlock()
	p := q.parsedPolicy()
	if p.findSid(in.Label) >= 0 {
		return nil, invalidParam(in.Label, "Label", "Already exists.")
	}
	p.Statement = append(p.Statement, stmt)
	q.storePolicy(p, r)
	q.recordQueue()
	if err := q.flush(); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) removePermission(r *request, in *removePermissionInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if in.Label == "" {
		return nil, missingParam("Label")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	p := q.parsedPolicy()
	i := p.findSid(in.Label)
	if i < 0 {
		return nil, invalidParam(in.Label, "Label", "can't find label.")
	}
	p.Statement = append(p.Statement[:i], p.Statement[i+1:]...)
	q.storePolicy(p, r)
	q.recordQueue()
	if err := q.flush(); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

// parsedPolicy reads the queue's policy, or starts the default one. The
// caller holds q.mu.
func (q *queue) parsedPolicy() queuePolicy {
	p := queuePolicy{Version: "2008-10-17", ID: q.arn + "/SQSDefaultPolicy"}
	raw := q.attrs["Policy"]
	if raw == "" {
		return p
	}
	var doc struct {
		Version   string          `json:"Version"`
		ID        string          `json:"Id"`
		Statement json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal([]byte(raw), &doc) != nil {
		return p
	}
	if doc.Version != "" {
		p.Version = doc.Version
	}
	if doc.ID != "" {
		p.ID = doc.ID
	}
	if json.Unmarshal(doc.Statement, &p.Statement) != nil && len(doc.Statement) > 0 {
		p.Statement = []json.RawMessage{doc.Statement} // a single statement object
	}
	return p
}

func (p queuePolicy) findSid(sid string) int {
	for i, raw := range p.Statement {
		var st struct {
			Sid string `json:"Sid"`
		}
		if json.Unmarshal(raw, &st) == nil && st.Sid == sid {
			return i
		}
	}
	return -1
}

// storePolicy writes p back, removing the attribute when no statement is
// left. The caller holds q.mu.
func (q *queue) storePolicy(p queuePolicy, r *request) {
	if len(p.Statement) == 0 {
		delete(q.attrs, "Policy")
	} else {
		b, _ := json.Marshal(p)
		q.attrs["Policy"] = string(b)
	}
	q.modified = r.now
}
