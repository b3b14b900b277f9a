package sqs

import (
	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// GetQueueAttributes, SetQueueAttributes.

func (s *Service) getQueueAttributes(r *request, in *getQueueAttributesInput) (*getQueueAttributesOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	attrs, err := q.renderAttributes(in.AttributeNames, r.now)
	if err != nil {
		return nil, err
	}
	return &getQueueAttributesOutput{Attributes: attrs}, nil
}

func (s *Service) setQueueAttributes(r *request, in *setQueueAttributesInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	attrs, err := validateAttributes(in.Attributes, q.fifo, false)
	if err != nil {
		return nil, err
	}
	if rp, ok := attrs["RedrivePolicy"]; ok {
		if err := s.checkRedriveTarget(q.key, q.fifo, rp); err != nil {
			return nil, err
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for name, v := range attrs {
		q.attrs[name] = v
	}
	// One kind of server-side encryption at a time: turning one on turns the
	// other off (asking for both at once was refused above).
	switch {
	case attrs["KmsMasterKeyId"] != "":
		q.attrs["SqsManagedSseEnabled"] = "false"
	case attrs["SqsManagedSseEnabled"] == "true":
		delete(q.attrs, "KmsMasterKeyId")
	}
	q.modified = r.now
	q.applyDerived()
	q.wake() // a shorter delay or longer retention may change what is visible
	q.recordQueue()
	if err := q.flush(); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

// checkRedriveTarget checks a RedrivePolicy against its target: the
// dead-letter queue must exist, be of the same type, and allow the source.
func (s *Service) checkRedriveTarget(source queueKey, fifo bool, raw string) *awserr.Error {
	if raw == "" {
		return nil
	}
	rp, err := parseRedrivePolicy(raw)
	if err != nil {
		return err
	}
	dlq := s.queueByARN(rp.DeadLetterTargetArn)
	if dlq == nil {
		e := invalidParam(raw, "RedrivePolicy", "Dead letter target does not exist.")
		e.Kind = errQueueDoesNotExist
		return e
	}
	if dlq.fifo != fifo {
		return invalidParam(raw, "RedrivePolicy", "Dead-letter queue must be same type of queue as the source.")
	}
	dlq.mu.Lock()
	allow, _ := parseRedriveAllowPolicy(dlq.attrs["RedriveAllowPolicy"])
	dlq.mu.Unlock()
	if !allow.allows(queueARN(source)) {
		return invalidParam(raw, "RedrivePolicy", "Queue "+dlq.arn+" does not allow this queue to use it as a dead-letter queue.")
	}
	return nil
}
