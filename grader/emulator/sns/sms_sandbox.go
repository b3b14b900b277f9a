package sns

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// The SMS sandbox: a new account may send SMS only to destination numbers
// it verified with a one-time password. The password AWS would text is in
// the delivery log (Token), so that a learner can verify without a phone.
// ListOriginationNumbers answers an empty list: the emulator owns no
// numbers.

// TypeSMSSandboxVerification is the delivery log's Type for the one-time
// password CreateSMSSandboxPhoneNumber texts.
const TypeSMSSandboxVerification = "SMSSandboxVerification"

// Sandbox number statuses, as AWS names them.
const (
	sandboxPending  = "Pending"
	sandboxVerified = "Verified"
)

type sandboxNumber struct {
	phone, status, otp string
}

// languageCodes are CreateSMSSandboxPhoneNumber's LanguageCode values.
var languageCodes = []string{"en-US", "en-GB", "es-419", "es-ES", "de-DE", "fr-CA", "fr-FR", "it-IT", "ja-JP", "pt-BR", "kr-KR", "zh-CN", "zh-TW"}

type sandboxStatusResult struct {
	IsInSandbox bool `xml:"IsInSandbox"`
}

// getSMSSandboxAccountStatus: every emulated account is in the sandbox, as
// a new AWS account is.
func (s *Service) getSMSSandboxAccountStatus(*request, *noInput) (*sandboxStatusResult, *awserr.Error) {
	return &sandboxStatusResult{IsInSandbox: true}, nil
}

type createSandboxNumberInput struct {
	PhoneNumber, LanguageCode string
}

func (s *Service) createSMSSandboxPhoneNumber(rq *request, in *createSandboxNumberInput) (*emptyResult, *awserr.Error) {
	if err := missingMembers(member("phoneNumber", in.PhoneNumber != "")); err != nil {
		return nil, err
	}
	if in.LanguageCode != "" && !slices.Contains(languageCodes, in.LanguageCode) {
		return nil, errValidation.Newf("1 validation error detected: Value '%s' at 'languageCode' failed to satisfy constraint: Member must satisfy enum value set: [%s]",
			in.LanguageCode, strings.Join(languageCodes, ", "))
	}
	phone := in.PhoneNumber
	if !validPhoneNumber(phone, false) {
		return nil, badPhoneNumber()
	}
	otp := fmt.Sprintf("%06d", rand.IntN(1_000_000))
	s.mu.Lock()
	acct := s.accountLocked(rq.caller.Account)
	if acct.optedOut[phone] {
		s.mu.Unlock()
		return nil, errOptedOut.New()
	}
	n := acct.sandbox[phone]
	if n == nil {
		n = &sandboxNumber{phone: phone, status: sandboxPending}
		acct.sandbox[phone] = n
	}
	if n.status == sandboxPending {
		n.otp = otp
		s.changedLocked(acct.id)
	}
	s.mu.Unlock()
	if n.status == sandboxPending {
		s.record(rq.caller.Account, Delivery{
			Protocol: "sms", Endpoint: phone, Type: TypeSMSSandboxVerification, Token: otp,
			Body: "Your Amazon SNS verification code is " + otp, Status: StatusNotEmulated,
		})
	}
	return &emptyResult{}, nil
}

type verifySandboxNumberInput struct {
	PhoneNumber, OneTimePassword string
}

func (s *Service) verifySMSSandboxPhoneNumber(rq *request, in *verifySandboxNumberInput) (*emptyResult, *awserr.Error) {
	if err := missingMembers(member("phoneNumber", in.PhoneNumber != ""), member("oneTimePassword", in.OneTimePassword != "")); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.accountLocked(rq.caller.Account).sandbox[in.PhoneNumber]
	switch {
	case n == nil:
		return nil, errResourceNotFound.New()
	case n.status == sandboxVerified:
		return &emptyResult{}, nil
	case in.OneTimePassword != n.otp:
		return nil, errVerification.New()
	}
	n.status, n.otp = sandboxVerified, ""
	s.changedLocked(rq.caller.Account)
	return &emptyResult{}, nil
}

type sandboxNumberInput struct {
	PhoneNumber string
}

func (s *Service) deleteSMSSandboxPhoneNumber(rq *request, in *sandboxNumberInput) (*emptyResult, *awserr.Error) {
	if err := missingMembers(member("phoneNumber", in.PhoneNumber != "")); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountLocked(rq.caller.Account)
	if acct.sandbox[in.PhoneNumber] == nil {
		return nil, errResourceNotFound.New()
	}
	delete(acct.sandbox, in.PhoneNumber)
	s.changedLocked(acct.id)
	return &emptyResult{}, nil
}

// listPage is the input of the List* operations that page: NextToken and,
// for some, MaxResults.
type listPage struct {
	NextToken, MaxResults string
}

// size returns the page size MaxResults asks for (limit when not sent), or
// AWS's ValidationError when it is outside 1..limit.
func (p *listPage) size(limit int) (int, *awserr.Error) {
	if p.MaxResults == "" {
		return limit, nil
	}
	n, err := strconv.Atoi(p.MaxResults)
	switch {
	case err != nil:
		return 0, errValidation.Newf("1 validation error detected: Value '%s' at 'maxResults' failed to satisfy constraint: Member must be a number", p.MaxResults)
	case n < 1:
		return 0, errValidation.Newf("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1", n)
	case n > limit:
		return 0, errValidation.Newf("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to %d", n, limit)
	}
	return n, nil
}

type sandboxNumberMember struct {
	PhoneNumber string `xml:"PhoneNumber"`
	Status      string `xml:"Status"`
}

type listSandboxNumbersResult struct {
	PhoneNumbers xmlList[sandboxNumberMember] `xml:"PhoneNumbers"`
	NextToken    string                       `xml:"NextToken,omitempty"`
}

func (s *Service) listSMSSandboxPhoneNumbers(rq *request, in *listPage) (*listSandboxNumbersResult, *awserr.Error) {
	size, err := in.size(100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	acct := s.accountLocked(rq.caller.Account)
	phones := sortedKeys(acct.sandbox)
	status := make(map[string]string, len(phones))
	for _, p := range phones {
		status[p] = acct.sandbox[p].status
	}
	s.mu.Unlock()
	page, next, err := paginateBy(phones, in.NextToken, size)
	if err != nil {
		return nil, err
	}
	out := listSandboxNumbersResult{NextToken: next}
	for _, p := range page {
		out.PhoneNumbers.Members = append(out.PhoneNumbers.Members, sandboxNumberMember{PhoneNumber: p, Status: status[p]})
	}
	return &out, nil
}

type listOriginationNumbersResult struct {
	PhoneNumbers xmlList[struct{}] `xml:"PhoneNumbers"`
}

func (s *Service) listOriginationNumbers(_ *request, in *listPage) (*listOriginationNumbersResult, *awserr.Error) {
	if _, err := in.size(30); err != nil {
		return nil, err
	}
	if _, _, err := paginate(nil, in.NextToken); err != nil {
		return nil, err
	}
	return &listOriginationNumbersResult{}, nil
}
