package sqs

import (
	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility,
// ChangeMessageVisibilityBatch.

func (s *Service) deleteMessage(r *request, in *deleteMessageInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if in.ReceiptHandle == "" {
		return nil, missingParam("ReceiptHandle")
	}
	if err := q.deleteMessage(r.now, in.ReceiptHandle); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) deleteMessageBatch(r *request, in *deleteMessageBatchInput) (*deleteMessageBatchOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.ID
	}
	if err := checkBatchIDs("DeleteMessageBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	out := &deleteMessageBatchOutput{Successful: []batchIDEntry{}, Failed: []batchResultErrorEntry{}}
	for _, e := range in.Entries {
		// The error is made only for an entry that fails: formatting one
		// for every entry cost more than deleting it.
		var err *awserr.Error
		if e.ReceiptHandle == "" {
			err = missingParam("ReceiptHandle")
		} else {
			err = q.deleteMessage(r.now, e.ReceiptHandle)
		}
		if err != nil {
			out.Failed = append(out.Failed, batchFailure(e.ID, err))
			continue
		}
		out.Successful = append(out.Successful, batchIDEntry{ID: e.ID})
	}
	return out, nil
}

func checkVisibility(p *int) (int, *awserr.Error) {
	if p == nil {
		return 0, missingParam("VisibilityTimeout")
	}
	if *p < 0 || *p > 43200 {
		return 0, invalidParam(*p, "VisibilityTimeout", "Must be between 0 and 43200, if provided.")
	}
	return *p, nil
}

func (s *Service) changeMessageVisibility(r *request, in *changeVisibilityInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if in.ReceiptHandle == "" {
		return nil, missingParam("ReceiptHandle")
	}
	timeout, err := checkVisibility(in.VisibilityTimeout)
	if err != nil {
		return nil, err
	}
	if err := q.changeVisibility(r.now, in.ReceiptHandle, timeout); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) changeMessageVisibilityBatch(r *request, in *changeVisibilityBatchInput) (*changeVisibilityBatchOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.ID
	}
	if err := checkBatchIDs("ChangeMessageVisibilityBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	out := &changeVisibilityBatchOutput{Successful: []batchIDEntry{}, Failed: []batchResultErrorEntry{}}
	for _, e := range in.Entries {
		timeout, err := checkVisibility(e.VisibilityTimeout)
		if err == nil && e.ReceiptHandle == "" {
			err = missingParam("ReceiptHandle")
		}
		if err == nil {
			err = q.changeVisibility(r.now, e.ReceiptHandle, timeout)
		}
		if err != nil {
			out.Failed = append(out.Failed, batchFailure(e.ID, err))
			continue
		}
		out.Successful = append(out.Successful, batchIDEntry{ID: e.ID})
	}
	return out, nil
}
