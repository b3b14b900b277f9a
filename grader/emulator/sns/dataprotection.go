package sns

import (
	"encoding/json"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// Data protection policies: stored on the topic and answered back; the
// emulator does not audit or mask messages with them.

type dataProtectionInput struct {
	ResourceArn, DataProtectionPolicy string
}

type dataProtectionResult struct {
	DataProtectionPolicy string `xml:"DataProtectionPolicy"`
}

func (s *Service) getDataProtectionPolicy(rq *request, in *dataProtectionInput) (*dataProtectionResult, *awserr.Error) {
	if err := missingMembers(member("resourceArn", in.ResourceArn != "")); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "ResourceArn", in.ResourceArn, "GetDataProtectionPolicy")
	if err != nil {
		return nil, err
	}
	policy := t.dataProtection
	if policy == "" {
		policy = t.attrs["DataProtectionPolicy"]
	}
	return &dataProtectionResult{DataProtectionPolicy: policy}, nil
}

func (s *Service) putDataProtectionPolicy(rq *request, in *dataProtectionInput) (*noResult, *awserr.Error) {
	if err := missingMembers(member("resourceArn", in.ResourceArn != ""), member("dataProtectionPolicy", in.DataProtectionPolicy != "")); err != nil {
		return nil, err
	}
	if !json.Valid([]byte(in.DataProtectionPolicy)) {
		return nil, invalidParamReason("DataProtectionPolicy", "failed to parse JSON")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "ResourceArn", in.ResourceArn, "PutDataProtectionPolicy")
	if err != nil {
		return nil, err
	}
	t.dataProtection = in.DataProtectionPolicy
	s.changedLocked(t.account)
	return nil, nil
}
