package sns

import (
	"encoding/json"
	"net/url"
)

// Data protection policies: stored on the topic and answered back; the
// emulator does not audit or mask messages with them.

type dataProtectionInput struct {
	resourceARN, policy string
	sentARN, sentPolicy bool
}

func decodeGetDataProtectionPolicy(form url.Values) dataProtectionInput {
	arn, ok := present(form, "ResourceArn")
	return dataProtectionInput{resourceARN: arn, sentARN: ok}
}

func decodePutDataProtectionPolicy(form url.Values) dataProtectionInput {
	in := decodeGetDataProtectionPolicy(form)
	in.policy, in.sentPolicy = present(form, "DataProtectionPolicy")
	return in
}

type dataProtectionResult struct {
	DataProtectionPolicy string `xml:"DataProtectionPolicy"`
}

func (s *Service) getDataProtectionPolicy(rq *request, in dataProtectionInput) (any, error) {
	if err := missingMembers(member("resourceArn", in.sentARN)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "ResourceArn", in.resourceARN, "GetDataProtectionPolicy")
	if err != nil {
		return nil, err
	}
	policy := t.dataProtection
	if policy == "" {
		policy = t.attrs["DataProtectionPolicy"]
	}
	return dataProtectionResult{DataProtectionPolicy: policy}, nil
}

func (s *Service) putDataProtectionPolicy(rq *request, in dataProtectionInput) (any, error) {
	if err := missingMembers(member("resourceArn", in.sentARN), member("dataProtectionPolicy", in.sentPolicy)); err != nil {
		return nil, err
	}
	if !json.Valid([]byte(in.policy)) {
		return nil, invalidParamReason("DataProtectionPolicy", "failed to parse JSON")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicLocked(rq.caller, "ResourceArn", in.resourceARN, "PutDataProtectionPolicy")
	if err != nil {
		return nil, err
	}
	t.dataProtection = in.policy
	return nil, nil
}
