package sqs

import (
	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// ListDeadLetterSourceQueues.

func (s *Service) listDeadLetterSourceQueues(r *request, in *listDeadLetterSourceQueuesInput) (*listDeadLetterSourceQueuesOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	max, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return nil, err
	}
	after, err := decodeNextToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	urls := []string{}
	for _, src := range s.sourcesOf(q) {
		if src.key.name > after {
			urls = append(urls, src.url(r.caller.BaseURL()))
		}
	}
	page, next := paginate(urls, max, in.MaxResults != nil)
	return &listDeadLetterSourceQueuesOutput{QueueUrls: page, NextToken: next}, nil
}

// sourcesOf returns the queues of dlq's account and region whose redrive
// policy targets dlq, by name.
func (s *Service) sourcesOf(dlq *queue) []*queue {
	var out []*queue
	for _, src := range s.accountQueues(dlq.key.account, dlq.key.region) {
		if rp := src.redrive(); rp != nil && rp.DeadLetterTargetArn == dlq.arn {
			out = append(out, src)
		}
	}
	return out
}
