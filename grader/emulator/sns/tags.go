package sns

import (
	"unicode/utf8"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// maxTags is AWS's bound on the tags of one topic.
const maxTags = 50

// validateTags applies AWS's tag rules to the tags of one request.
func validateTags(tags []pair) *awserr.Error {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if seen[t.Key] {
			return invalidParam("Duplicated keys are not allowed.")
		}
		seen[t.Key] = true
		if t.Key == "" || utf8.RuneCountInString(t.Key) > 128 {
			return errTagPolicy.Newf("Tag key must be between 1 and 128 characters: %q", t.Key)
		}
		if utf8.RuneCountInString(t.Value) > 256 {
			return errTagPolicy.Newf("Tag value must be at most 256 characters for key %q", t.Key)
		}
	}
	if len(tags) > maxTags {
		return errTagLimit.New()
	}
	return nil
}

// mergeTags sets tags on existing, replacing values of keys it already has
// and keeping the first-set order.
func mergeTags(existing, tags []pair) []pair {
	out := append([]pair(nil), existing...)
	for _, t := range tags {
		replaced := false
		for i := range out {
			if out[i].Key == t.Key {
				out[i].Value = t.Value
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	return out
}

// sameTags reports whether two tag sets hold the same keys and values.
func sameTags(a, b []pair) bool {
	if len(a) != len(b) {
		return false
	}
	m := make(map[string]string, len(a))
	for _, t := range a {
		m[t.Key] = t.Value
	}
	for _, t := range b {
		if v, ok := m[t.Key]; !ok || v != t.Value {
			return false
		}
	}
	return true
}

// tagTopicLocked resolves the ResourceArn of a tagging request. AWS answers
// ResourceNotFound, not NotFound, for these. The caller holds s.mu.
func (s *Service) tagTopicLocked(rq *request, resourceARN, action string) (*topic, *awserr.Error) {
	t, err := s.topicLocked(rq.caller, "ResourceArn", resourceARN, action)
	if err != nil {
		if isKind(err, errNotFound) {
			return nil, errResourceNotFound.New()
		}
		return nil, err
	}
	return t, nil
}

// resourceInput is the input of ListTagsForResource, and what the other
// tagging operations add to.
type resourceInput struct {
	ResourceArn string
}

type tagResourceInput struct {
	ResourceArn string
	Tags        []pair `query:"Tags.member"`
}

func (s *Service) tagResource(rq *request, in *tagResourceInput) (*emptyResult, *awserr.Error) {
	tags := in.Tags
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.tagTopicLocked(rq, in.ResourceArn, "TagResource")
	if err != nil {
		return nil, err
	}
	merged := mergeTags(t.tags, tags)
	if len(merged) > maxTags {
		return nil, errTagLimit.New()
	}
	t.tags = merged
	s.changedLocked(t.account)
	return &emptyResult{}, nil // AWS sends an empty TagResourceResult, which SDKs expect
}

type untagResourceInput struct {
	ResourceArn string
	TagKeys     []string `query:"TagKeys.member"`
}

func (s *Service) untagResource(rq *request, in *untagResourceInput) (*emptyResult, *awserr.Error) {
	keys := in.TagKeys
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.tagTopicLocked(rq, in.ResourceArn, "UntagResource")
	if err != nil {
		return nil, err
	}
	drop := make(map[string]bool, len(keys))
	for _, k := range keys {
		drop[k] = true
	}
	kept := t.tags[:0:0]
	for _, tag := range t.tags {
		if !drop[tag.Key] {
			kept = append(kept, tag)
		}
	}
	t.tags = kept
	s.changedLocked(t.account)
	return &emptyResult{}, nil
}

type tagMember struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type listTagsResult struct {
	Tags xmlList[tagMember] `xml:"Tags"`
}

func (s *Service) listTagsForResource(rq *request, in *resourceInput) (*listTagsResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.tagTopicLocked(rq, in.ResourceArn, "ListTagsForResource")
	if err != nil {
		return nil, err
	}
	out := listTagsResult{}
	for _, tag := range t.tags {
		out.Tags.Members = append(out.Tags.Members, tagMember(tag))
	}
	return &out, nil
}
