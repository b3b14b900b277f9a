package sqs

import (
	"encoding/base64"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue.

func (s *Service) createQueue(r *request, in *createQueueInput) (*queueURLOutput, *awserr.Error) {
	if in.QueueName == "" {
		return nil, missingParam("QueueName")
	}
	fifo, err := checkQueueName(in.QueueName, in.Attributes["FifoQueue"])
	if err != nil {
		return nil, err
	}
	attrs, err := validateAttributes(in.Attributes, fifo, true)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	k := queueKey{account: r.caller.Account, region: r.caller.Region, name: in.QueueName}
	if err := s.checkRedriveTarget(k, fifo, attrs["RedrivePolicy"]); err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if q, ok := s.queues[k]; ok {
		if err := q.sameAttributes(attrs); err != nil {
			return nil, err
		}
		return &queueURLOutput{QueueURL: q.url(r.caller.BaseURL())}, nil
	}
	q := newQueue(k, fifo, attrs, r.now, s.idSource)
	for tk, tv := range in.Tags {
		q.tags[tk] = tv
	}
	if s.persist != nil {
		q.persist, q.sid = s.persist, s.idSource.New().String()
		q.recordQueue()
		if err := q.flush(); err != nil {
			return nil, err
		}
	}
	s.queues[k] = q
	return &queueURLOutput{QueueURL: q.url(r.caller.BaseURL())}, nil
}

// checkQueueName applies AWS's naming rules and says whether the queue is FIFO.
func checkQueueName(name, fifoAttr string) (bool, *awserr.Error) {
	fifo := strings.EqualFold(fifoAttr, "true")
	base, hasSuffix := strings.CutSuffix(name, ".fifo")
	valid := len(name) <= 80 && base != "" && validNameChars(base)
	switch {
	case fifo && (!hasSuffix || !valid):
		return false, errInvalidParameterValue.Newf("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
	case !fifo && (hasSuffix || !valid):
		return false, errInvalidParameterValue.Newf("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	return fifo, nil
}

func validNameChars(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// sameAttributes reports, as CreateQueue does for an existing name, the
// first given attribute whose value differs from the queue's.
func (q *queue) sameAttributes(given map[string]string) *awserr.Error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, name := range sortedKeys(given) {
		if q.attrs[name] != given[name] {
			return errQueueNameExists.Newf("A queue already exists with the same name and a different value for attribute %s", name)
		}
	}
	return nil
}

func (s *Service) getQueueURL(r *request, in *getQueueURLInput) (*queueURLOutput, *awserr.Error) {
	if in.QueueName == "" {
		return nil, missingParam("QueueName")
	}
	account := r.caller.Account
	if in.QueueOwnerAWSAccountID != "" {
		account = in.QueueOwnerAWSAccountID
	}
	q := s.lookup(queueKey{account: account, region: r.caller.Region, name: in.QueueName})
	if q == nil {
		return nil, queueDoesNotExist()
	}
	return &queueURLOutput{QueueURL: q.url(r.caller.BaseURL())}, nil
}

func (s *Service) listQueues(r *request, in *listQueuesInput) (*listQueuesOutput, *awserr.Error) {
	max, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return nil, err
	}
	after, err := decodeNextToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	var urls []string
	for _, q := range s.accountQueues(r.caller.Account, r.caller.Region) {
		if strings.HasPrefix(q.key.name, in.QueueNamePrefix) && q.key.name > after {
			urls = append(urls, q.url(r.caller.BaseURL()))
		}
	}
	page, next := paginate(urls, max, in.MaxResults != nil)
	return &listQueuesOutput{QueueUrls: page, NextToken: next}, nil
}

// paginate cuts urls to max and returns the token for the rest.
func paginate(urls []string, max int, limited bool) ([]string, string) {
	if !limited || len(urls) <= max {
		if len(urls) > max {
			urls = urls[:max]
		}
		return urls, ""
	}
	page := urls[:max]
	return page, base64.StdEncoding.EncodeToString([]byte(page[len(page)-1]))
}

// checkMaxResults reads MaxResults (1-1000); absent means 1000.
func checkMaxResults(p *int) (int, *awserr.Error) {
	if p == nil {
		return 1000, nil
	}
	if *p < 1 || *p > 1000 {
		return 0, invalidParam(*p, "MaxResults", "MaxResults must be an integer between 1 and 1000.")
	}
	return *p, nil
}

// decodeNextToken returns the queue name a NextToken continues after. The
// token is the base64 of the last URL returned, as AWS's looks.
func decodeNextToken(tok string) (string, *awserr.Error) {
	if tok == "" {
		return "", nil
	}
	raw, err := base64.StdEncoding.DecodeString(tok)
	if err != nil {
		return "", errInvalidParameterValue.Newf("Invalid NextToken value.")
	}
	_, name, ok := parseQueueURL(string(raw))
	if !ok {
		return "", errInvalidParameterValue.Newf("Invalid NextToken value.")
	}
	return name, nil
}

func (s *Service) deleteQueue(r *request, in *queueInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.queues[q.key] == q {
		delete(s.queues, q.key)
	}
	s.mu.Unlock()
	if err := q.markDeleted(); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) purgeQueue(r *request, in *queueInput) (*empty, *awserr.Error) {
	q, err := s.queueFor(r, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := q.purge(r.now); err != nil {
		return nil, err
	}
	return &empty{}, nil
}
