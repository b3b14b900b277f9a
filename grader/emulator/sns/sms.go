package sns

import (
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/ids"
)

// SMS: the account's SMS attributes, opt-outs, and the phone-number rule of
// sms subscriptions and Publish with PhoneNumber. Nothing is sent: a
// message to a phone number goes to the delivery log as not emulated.

// validPhoneNumber applies AWS's phone-number rule: E.164 (an optional "+",
// then 2 to 15 digits, the first not 0). With separators, single ".", "-"
// or "/" may stand between digits, as sms subscriptions and Publish accept
// ("+1-555-123-4567"; recorded: "+15--551234567", "+15551234567.",
// "/+15551234567" and "NAA+15551234567" are refused).
func validPhoneNumber(s string, separators bool) bool {
	digits := 0
	afterSeparator := true // a separator may not come first, nor two in a row
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			if digits == 0 && r == '0' {
				return false
			}
			digits++
			afterSeparator = false
		case separators && (r == '.' || r == '-' || r == '/'):
			if afterSeparator {
				return false
			}
			afterSeparator = true
		default:
			return false
		}
	}
	return !afterSeparator && digits >= 2 && digits <= 15
}

// badPhoneNumber is AWS's answer for a malformed phoneNumber of the opt-out
// operations (recorded: test_opt_in_invalid_number).
func badPhoneNumber() *awserr.Error {
	return invalidParamReason("PhoneNumber", "input incorrectly formatted")
}

// phoneNumberInput is the input of CheckIfPhoneNumberIsOptedOut and
// OptInPhoneNumber.
type phoneNumberInput struct {
	PhoneNumber string `query:"phoneNumber"`
}

func (in *phoneNumberInput) check() *awserr.Error {
	if err := missingMembers(member("phoneNumber", in.PhoneNumber != "")); err != nil {
		return err
	}
	if !validPhoneNumber(in.PhoneNumber, false) {
		return badPhoneNumber()
	}
	return nil
}

type checkOptedOutResult struct {
	IsOptedOut bool `xml:"isOptedOut"`
}

func (s *Service) checkIfPhoneNumberIsOptedOut(rq *request, in *phoneNumberInput) (*checkOptedOutResult, *awserr.Error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return &checkOptedOutResult{IsOptedOut: s.accountLocked(rq.caller.Account).optedOut[in.PhoneNumber]}, nil
}

// optInPhoneNumber opts a number back in. AWS answers success for a number
// that never opted out (recorded: test_opt_in_non_existing_phone_number).
func (s *Service) optInPhoneNumber(rq *request, in *phoneNumberInput) (*emptyResult, *awserr.Error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.accountLocked(rq.caller.Account).optedOut, in.PhoneNumber)
	s.changedLocked(rq.caller.Account)
	return &emptyResult{}, nil
}

type listOptedOutResult struct {
	PhoneNumbers xmlList[string] `xml:"phoneNumbers"`
	NextToken    string          `xml:"nextToken,omitempty"`
}

type listPhoneNumbersOptedOutInput struct {
	NextToken string `query:"nextToken"`
}

func (s *Service) listPhoneNumbersOptedOut(rq *request, in *listPhoneNumbersOptedOutInput) (*listOptedOutResult, *awserr.Error) {
	s.mu.Lock()
	numbers := sortedKeys(s.accountLocked(rq.caller.Account).optedOut)
	s.mu.Unlock()
	page, next, err := paginate(numbers, in.NextToken)
	if err != nil {
		return nil, err
	}
	return &listOptedOutResult{PhoneNumbers: xmlList[string]{Members: page}, NextToken: next}, nil
}

// OptOutPhoneNumber records that the holder of a phone number replied STOP:
// AWS has no API for it, so tests and instructors opt a number out here.
// CheckIfPhoneNumberIsOptedOut then answers true, ListPhoneNumbersOptedOut
// lists it, and a publish to it is logged as opted out.
func (s *Service) OptOutPhoneNumber(accountID, phoneNumber string) {
	s.mu.Lock()
	s.accountLocked(accountID).optedOut[phoneNumber] = true
	s.changedLocked(accountID)
	s.mu.Unlock()
	_ = s.flush() // logged
}

// emptyResult is the answer of an operation whose output has no members
// but exists, so that AWS writes an empty <ActionResult/> (which the SDKs
// expect) rather than none.
type emptyResult struct{}

// SMS attribute names (SetSMSAttributes).
const (
	smsMonthlySpendLimit        = "MonthlySpendLimit"
	smsDeliveryStatusIAMRole    = "DeliveryStatusIAMRole"
	smsDeliveryStatusSampleRate = "DeliveryStatusSuccessSamplingRate"
	smsDefaultSenderID          = "DefaultSenderID"
	smsDefaultSMSType           = "DefaultSMSType"
	smsUsageReportS3Bucket      = "UsageReportS3Bucket"
)

// defaultSMSAttributes are what GetSMSAttributes answers in a region where
// none was set (recorded: test_get_sms_attributes_from_unmodified_region).
func defaultSMSAttributes() map[string]string { return map[string]string{smsMonthlySpendLimit: "1"} }

// validateSMSAttribute checks one SetSMSAttributes entry, with AWS's
// wording (recorded: "X is not a valid attribute", "DefaultSMSType is
// invalid"; the other values are worded the same way).
func validateSMSAttribute(name, value string) *awserr.Error {
	invalid := func() *awserr.Error { return errInvalidParameter.Newf("%s is invalid", name) }
	switch name {
	case smsDeliveryStatusIAMRole, smsUsageReportS3Bucket:
	case smsDefaultSMSType:
		if value != "Promotional" && value != "Transactional" {
			return invalid()
		}
	case smsMonthlySpendLimit:
		if n, err := strconv.Atoi(value); err != nil || n < 0 {
			return invalid()
		}
	case smsDeliveryStatusSampleRate:
		if n, err := strconv.Atoi(value); err != nil || n < 0 || n > 100 {
			return invalid()
		}
	case smsDefaultSenderID:
		if !validSenderID(value) {
			return invalid()
		}
	default:
		return errInvalidParameter.Newf("%s is not a valid attribute", name)
	}
	return nil
}

// validSenderID: 1 to 11 letters and digits, at least one a letter.
func validSenderID(v string) bool {
	if v == "" || len(v) > 11 {
		return false
	}
	letter := false
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letter
}

type setSMSAttributesInput struct {
	Attributes map[string]string `query:"attributes.entry,key,value"`
}

func (s *Service) setSMSAttributes(rq *request, in *setSMSAttributesInput) (*emptyResult, *awserr.Error) {
	attrs := in.Attributes
	if err := missingMembers(member("attributes", attrs != nil)); err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(attrs) {
		if err := validateSMSAttribute(k, attrs[k]); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountLocked(rq.caller.Account)
	stored := acct.smsAttrs[rq.caller.Region]
	if stored == nil {
		stored = defaultSMSAttributes()
		acct.smsAttrs[rq.caller.Region] = stored
	}
	for k, v := range attrs {
		stored[k] = v
	}
	s.changedLocked(acct.id)
	return &emptyResult{}, nil
}

type smsAttributesResult struct {
	Attributes xmlAttributes `xml:"attributes"`
}

type getSMSAttributesInput struct {
	Attributes []string `query:"attributes.member"`
}

// getSMSAttributes answers the region's attributes, or those named.
func (s *Service) getSMSAttributes(rq *request, in *getSMSAttributesInput) (*smsAttributesResult, *awserr.Error) {
	names := in.Attributes
	s.mu.Lock()
	stored := s.accountLocked(rq.caller.Account).smsAttrs[rq.caller.Region]
	if stored == nil {
		stored = defaultSMSAttributes()
	}
	out := make(map[string]string, len(stored))
	for k, v := range stored {
		out[k] = v
	}
	s.mu.Unlock()
	if len(names) > 0 {
		picked := make(map[string]string, len(names))
		for _, n := range names {
			if v, ok := out[n]; ok {
				picked[n] = v
			}
		}
		out = picked
	}
	return &smsAttributesResult{Attributes: toXMLAttributes(out)}, nil
}

// notSentOptedOut is the delivery log's Error for a message to a number
// that opted out: AWS accepts the publish and sends nothing.
const notSentOptedOut = "the phone number opted out: AWS would not send it"

// publishToPhone records what a Publish with PhoneNumber would have sent:
// the message (its "sms" entry for MessageStructure json) as a text.
func (s *Service) publishToPhone(rq *request, phone string, in *publishInput) *publishResult {
	messageID := ids.UUID()
	d := Delivery{
		Protocol: "sms", Endpoint: phone, MessageID: messageID, Type: TypeNotification,
		Body: in.messageFor("sms"), Status: StatusNotEmulated,
	}
	s.mu.Lock()
	if s.accountLocked(rq.caller.Account).optedOut[phone] {
		d.Error = notSentOptedOut
	}
	s.mu.Unlock()
	s.record(rq.caller.Account, d)
	return &publishResult{MessageId: messageID}
}
