package sqs

import (
	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// SendMessage, SendMessageBatch.

// maxBatchBytes is the most a batch's messages may add up to.
const maxBatchBytes = 1 << 20

func (s *Service) sendMessage(r *request, in *sendMessageInput) (*sendMessageOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	req, err := buildSend(r, sendFields{in.MessageBody, in.DelaySeconds, in.MessageAttributes,
		in.MessageSystemAttributes, in.MessageGroupID, in.MessageDeduplicationID}, false)
	if err != nil {
		return nil, err
	}
	res, err := q.send(r.now, req, &s.history, FromSendMessage)
	if err != nil {
		return nil, err
	}
	out := sendOutput(res, req.trace)
	return &out, nil
}

// sendFields are the members SendMessage and a batch entry share.
type sendFields struct {
	body     *string
	delay    *int
	attrs    map[string]AttributeValue
	sysAttrs map[string]AttributeValue
	groupID  *string
	dedupID  *string
}

// buildSend validates what does not depend on the queue.
func buildSend(r *request, f sendFields, batch bool) (sendRequest, *awserr.Error) {
	if f.body == nil || *f.body == "" {
		return sendRequest{}, missingParam("MessageBody")
	}
	if err := checkBody(*f.body); err != nil {
		return sendRequest{}, err
	}
	if f.delay != nil && (*f.delay < 0 || *f.delay > 900) {
		return sendRequest{}, invalidParam(*f.delay, "DelaySeconds", "DelaySeconds must be >= 0 and <= 900.")
	}
	attrs, size, err := convertAttributes(f.attrs)
	if err != nil {
		return sendRequest{}, err
	}
	trace, err := checkSystemAttributes(f.sysAttrs)
	if err != nil {
		return sendRequest{}, err
	}
	if err := checkGroupOrDedupID("MessageGroupId", f.groupID); err != nil {
		return sendRequest{}, err
	}
	if err := checkGroupOrDedupID("MessageDeduplicationId", f.dedupID); err != nil {
		return sendRequest{}, err
	}
	sender := r.caller.AccessKeyID
	if sender == "" {
		sender = r.caller.Account
	}
	return sendRequest{
		body: *f.body, attrs: attrs, attrSize: size, delay: f.delay,
		groupID: deref(f.groupID), dedupID: deref(f.dedupID), trace: trace,
		senderID: sender, batch: batch,
	}, nil
}

func sendOutput(res sendResult, trace string) sendMessageOutput {
	out := sendMessageOutput{
		MD5OfMessageBody:       res.md5Body,
		MD5OfMessageAttributes: res.md5Attrs,
		MessageID:              res.messageID,
		SequenceNumber:         res.seq,
	}
	if trace != "" {
		out.MD5OfMessageSystemAttributes = msgattr.MD5(map[string]msgattr.Value{
			"AWSTraceHeader": {DataType: "String", StringValue: trace},
		})
	}
	return out
}

func (s *Service) sendMessageBatch(r *request, in *sendMessageBatchInput) (*sendMessageBatchOutput, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	total := 0
	for i, e := range in.Entries {
		ids[i] = e.ID
		total += len(deref(e.MessageBody))
		for name, a := range e.MessageAttributes {
			total += len(name) + len(a.DataType) + len(a.StringValue) + len(a.BinaryValue)
		}
	}
	if err := checkBatchIDs("SendMessageBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	if total > maxBatchBytes {
		return nil, batchTooLong(total)
	}
	if err := q.checkFIFOBatch(in.Entries); err != nil {
		return nil, err
	}
	out := &sendMessageBatchOutput{Successful: []sendMessageBatchResultEntry{}, Failed: []batchResultErrorEntry{}}
	for _, e := range in.Entries {
		req, err := buildSend(r, sendFields{e.MessageBody, e.DelaySeconds, e.MessageAttributes,
			e.MessageSystemAttributes, e.MessageGroupID, e.MessageDeduplicationID}, true)
		var res sendResult
		if err == nil {
			res, err = q.send(r.now, req, &s.history, FromSendMessage)
		}
		if err != nil {
			if err.Kind == errQueueDoesNotExist {
				return nil, err
			}
			out.Failed = append(out.Failed, batchFailure(e.ID, err))
			continue
		}
		out.Successful = append(out.Successful, sendMessageBatchResultEntry{ID: e.ID, sendMessageOutput: sendOutput(res, req.trace)})
	}
	return out, nil
}

// checkFIFOBatch applies the FIFO rules AWS checks for the whole batch
// before sending any entry.
func (q *queue) checkFIFOBatch(entries []sendMessageBatchEntry) *awserr.Error {
	if !q.fifo {
		return nil
	}
	q.mu.Lock()
	contentDedup := q.cfg.contentDedup
	q.mu.Unlock()
	for _, e := range entries {
		if deref(e.MessageGroupID) == "" {
			return errInvalidParameterValue.Newf("The request must contain the parameter MessageGroupId.")
		}
		if deref(e.MessageDeduplicationID) == "" && !contentDedup {
			return errInvalidParameterValue.Newf("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
		}
	}
	return nil
}

func batchFailure(id string, err *awserr.Error) batchResultErrorEntry {
	return batchResultErrorEntry{
		ID:          id,
		SenderFault: err.Kind.Fault == awserr.Sender,
		Code:        err.Kind.LegacyCode(),
		Message:     err.Message,
	}
}
