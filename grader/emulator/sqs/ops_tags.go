package sqs

import (
	"unicode/utf8"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// TagQueue, UntagQueue, ListQueueTags.

const maxTags = 50

func checkTags(tags map[string]string) *awserr.Error {
	if len(tags) > maxTags {
		return errInvalidParameterValue.Newf("Too many tags added for queue. The maximum number of tags is %d.", maxTags)
	}
	for k, v := range tags {
		if k == "" || utf8.RuneCountInString(k) > 128 {
			return invalidParam(k, "Tags", "Tag keys must be between 1 and 128 characters in length.")
		}
		if utf8.RuneCountInString(v) > 256 {
			return invalidParam(v, "Tags", "Tag values must be at most 256 characters in length.")
		}
	}
	return nil
}

func (s *Service) tagQueue(r *request, in *tagQueueInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, missingParam("Tags")
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	merged := len(q.tags)
	for k := range in.Tags {
		if _, ok := q.tags[k]; !ok {
			merged++
		}
	}
	if merged > maxTags {
		return nil, errInvalidParameterValue.Newf("Too many tags added for queue. The maximum number of tags is %d.", maxTags)
	}
	for k, v := range in.Tags {
		q.tags[k] = v
	}
	q.recordQueue()
	if err := q.flush(); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) untagQueue(r *request, in *untagQueueInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if len(in.TagKeys) == 0 {
		return nil, missingParam("TagKeys")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range in.TagKeys {
		delete(q.tags, k)
	}
	q.recordQueue()
	if err := q.flush(); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) listQueueTags(r *request, in *queueInput) (*listQueueTagsOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	out := &listQueueTagsOutput{}
	if len(q.tags) > 0 {
		out.Tags = make(keyValueMap, len(q.tags))
		for k, v := range q.tags {
			out.Tags[k] = v
		}
	}
	return out, nil
}
