package sns

import (
	"strconv"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// Limits AWS applies to PublishBatch.
const (
	maxBatchEntries  = 10
	maxBatchIDLength = 80
)

type publishBatchInput struct {
	TopicArn string
	Entries  []publishBatchRequestEntry `query:"PublishBatchRequestEntries.member"`
}

type publishBatchRequestEntry struct {
	ID string `query:"Id"`
	publishMessage
}

type batchSuccess struct {
	Id             string `xml:"Id"`
	MessageId      string `xml:"MessageId"`
	SequenceNumber string `xml:"SequenceNumber,omitempty"`
}

type batchFailure struct {
	Id          string `xml:"Id"`
	Code        string `xml:"Code"`
	Message     string `xml:"Message"`
	SenderFault bool   `xml:"SenderFault"`
}

type publishBatchResult struct {
	Successful xmlList[batchSuccess] `xml:"Successful"`
	Failed     xmlList[batchFailure] `xml:"Failed"`
}

type batchEntry struct {
	id  string
	in  publishInput
	err *awserr.Error
}

func (s *Service) publishBatch(rq *request, req *publishBatchInput) (*publishBatchResult, *awserr.Error) {
	topicARNStr := req.TopicArn
	switch {
	case len(req.Entries) == 0:
		return nil, errEmptyBatch.New()
	case len(req.Entries) > maxBatchEntries:
		return nil, errTooManyEntries.New()
	}
	entries := make([]batchEntry, 0, len(req.Entries))
	seen := make(map[string]bool, len(req.Entries))
	total := 0
	for i := range req.Entries {
		id := req.Entries[i].ID
		if err := validateBatchID(id); err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, errBatchIDsNotDistinct.New()
		}
		seen[id] = true
		in, err := readPublishInput(&req.Entries[i].publishMessage, "publishBatchRequestEntries."+strconv.Itoa(i+1)+".member.messageAttributes")
		if isKind(err, errValidation) {
			return nil, err
		}
		total += len(in.message) + attributesSize(in.attrs)
		entries = append(entries, batchEntry{id: id, in: in, err: err})
	}
	if total > maxMessageBytes {
		return nil, errBatchTooLong.New()
	}

	s.mu.Lock()
	t, err := s.topicLocked(rq.caller, "TopicArn", topicARNStr, "Publish")
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	for i := range entries {
		if entries[i].err == nil {
			if err := entries[i].in.checkTopic(t); err != nil {
				s.mu.Unlock()
				return nil, err
			}
		}
	}
	type prepared struct {
		n       *notification
		targets []target
	}
	preps := make([]prepared, len(entries))
	for i := range entries {
		if entries[i].err == nil {
			n, targets := s.prepareLocked(t, &entries[i].in, rq.caller.BaseURL())
			preps[i] = prepared{n, targets}
		}
	}
	s.mu.Unlock()

	out := publishBatchResult{}
	for i, e := range entries {
		if e.err != nil {
			out.Failed.Members = append(out.Failed.Members, batchFailure{Id: e.id, Code: e.err.Kind.Code, Message: e.err.Message, SenderFault: true})
			continue
		}
		p := preps[i]
		if !p.n.duplicate {
			s.fanOut(rq.ctx, t.account, p.n, p.targets)
		}
		out.Successful.Members = append(out.Successful.Members, batchSuccess{Id: e.id, MessageId: p.n.messageID, SequenceNumber: p.n.sequence})
	}
	return &out, nil
}

// validateBatchID applies AWS's rule for batch entry ids: 1 to 80 letters,
// digits, hyphens and underscores.
func validateBatchID(id string) *awserr.Error {
	if len(id) > maxBatchIDLength {
		return errInvalidBatchEntryID.Newf("The Id of a batch entry in the batch request is too long: %s", id)
	}
	if id == "" {
		return errInvalidBatchEntryID.Newf("The Id of a batch entry in the batch request contains an impermissible character: %s", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errInvalidBatchEntryID.Newf("The Id of a batch entry in the batch request contains an impermissible character: %s", id)
		}
	}
	return nil
}
