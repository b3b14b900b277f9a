package sns

import (
	"slices"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/ids"
)

// Mobile push endpoints: one device (its token) of a platform application.
// A publish to an endpoint is recorded in the delivery log, not sent.

// platformEndpoint is one endpoint.
type platformEndpoint struct {
	arn, app string
	// attrs are Enabled, Token and CustomUserData, as AWS shows them.
	attrs map[string]string
}

func (e *platformEndpoint) enabled() bool { return e.attrs[attrEnabled] == "true" }

// Endpoint attribute names.
const (
	endpointCustomUserData = "CustomUserData"
	endpointToken          = "Token"
	maxCustomUserData      = 2048
)

// checkEndpointAttributes applies AWS's rules (recorded wording:
// test_create_platform_endpoint_with_invalid_attributes) and returns the
// attributes as stored.
func checkEndpointAttributes(attrs map[string]string) (map[string]string, *awserr.Error) {
	out := make(map[string]string, len(attrs))
	for _, k := range sortedKeys(attrs) {
		v := attrs[k]
		switch k {
		case endpointCustomUserData:
			if len(v) > maxCustomUserData {
				return nil, invalidParamReason("Attributes", "Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding")
			}
		case endpointToken:
		case attrEnabled:
			b, err := parseBool(v)
			if err != nil {
				// Not recorded: worded as the CustomUserData one.
				return nil, invalidParamReason("Attributes", "Invalid value for attribute: Enabled: must be a boolean")
			}
			if b {
				v = "true"
			} else {
				v = "false"
			}
		default:
			return nil, invalidParamReason("Attributes", "Invalid attribute name: "+k)
		}
		out[k] = v
	}
	return out, nil
}

type createEndpointInput struct {
	appARNInput
	Token, CustomUserData string
	Attributes            map[string]string `query:"Attributes.entry,key,value"`
}

type createEndpointResult struct {
	EndpointArn string `xml:"EndpointArn"`
}

// createPlatformEndpoint creates an endpoint for a device token. The same
// token with the same attributes answers the same endpoint; with others,
// AWS's error (recorded: test_create_platform_endpoint_idempotency). The
// CustomUserData parameter wins over the attribute of that name.
func (s *Service) createPlatformEndpoint(rq *request, in *createEndpointInput) (*createEndpointResult, *awserr.Error) {
	if err := missingMembers(member("platformApplicationArn", in.PlatformApplicationArn != ""), member("token", in.Token != "")); err != nil {
		return nil, err
	}
	if len(in.CustomUserData) > maxCustomUserData {
		return nil, invalidParamReason("CustomUserData", "must be at most 2048 bytes long in UTF-8 encoding")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appLocked(rq, &in.appARNInput)
	if err != nil {
		return nil, err
	}
	attrs, err := checkEndpointAttributes(in.Attributes)
	if err != nil {
		return nil, err
	}
	if attrs[attrEnabled] == "" {
		attrs[attrEnabled] = "true"
	}
	attrs[endpointToken] = in.Token
	if in.CustomUserData != "" {
		attrs[endpointCustomUserData] = in.CustomUserData
	}
	acct := s.accounts[rq.caller.Account]
	for _, arn := range app.endpoints {
		e := acct.endpoints[arn]
		if e.attrs[endpointToken] != in.Token {
			continue
		}
		if !sameAttributes(e.attrs, attrs) {
			return nil, invalidParamReason("Token", "Endpoint "+e.arn+" already exists with the same Token, but different attributes.")
		}
		return &createEndpointResult{EndpointArn: e.arn}, nil
	}
	e := &platformEndpoint{
		arn:   strings.Replace(app.arn, ":app/", ":endpoint/", 1) + "/" + ids.UUID(),
		app:   app.arn,
		attrs: attrs,
	}
	acct.endpoints[e.arn] = e
	app.endpoints = append(app.endpoints, e.arn)
	s.changedLocked(acct.id)
	return &createEndpointResult{EndpointArn: e.arn}, nil
}

func sameAttributes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// endpointInput is the input of the operations on one endpoint.
type endpointInput struct {
	EndpointArn string
	Attributes  map[string]string `query:"Attributes.entry,key,value"`
}

func endpointNotFound() *awserr.Error { return errNotFound.Newf("Endpoint does not exist") }

// endpointLocked finds the endpoint an ARN names, for the caller. The
// caller holds s.mu.
func (s *Service) endpointLocked(rq *request, arnStr string) (*platformEndpoint, *awserr.Error) {
	a, err := checkResourceARN("EndpointArn", arnStr, "endpoint", 4)
	if err != nil {
		return nil, err
	}
	acct := s.accounts[rq.caller.Account]
	if acct == nil || a.Account != rq.caller.Account || a.Region != rq.caller.Region || acct.endpoints[arnStr] == nil {
		return nil, endpointNotFound()
	}
	return acct.endpoints[arnStr], nil
}

func (s *Service) getEndpointAttributes(rq *request, in *endpointInput) (*attributesResult, *awserr.Error) {
	if err := missingMembers(member("endpointArn", in.EndpointArn != "")); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointLocked(rq, in.EndpointArn)
	if err != nil {
		return nil, err
	}
	return &attributesResult{Attributes: toXMLAttributes(e.attrs)}, nil
}

// setEndpointAttributes: AWS asks for the attributes, then for the
// endpoint, then checks the attributes (recorded:
// test_set_platform_endpoint_attributes_*).
func (s *Service) setEndpointAttributes(rq *request, in *endpointInput) (*noResult, *awserr.Error) {
	if err := missingMembers(member("endpointArn", in.EndpointArn != ""), member("attributes", in.Attributes != nil)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointLocked(rq, in.EndpointArn)
	if err != nil {
		return nil, err
	}
	attrs, err := checkEndpointAttributes(in.Attributes)
	if err != nil {
		return nil, err
	}
	for k, v := range attrs {
		e.attrs[k] = v
	}
	s.changedLocked(rq.caller.Account)
	return nil, nil
}

// deleteEndpoint deletes an endpoint; it succeeds for one that is gone, and
// leaves subscriptions to it in place, as AWS does (recorded:
// test_delete_platform_endpoint_with_subscription).
func (s *Service) deleteEndpoint(rq *request, in *endpointInput) (*noResult, *awserr.Error) {
	if err := missingMembers(member("endpointArn", in.EndpointArn != "")); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.endpointLocked(rq, in.EndpointArn)
	if isKind(err, errNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	acct := s.accounts[rq.caller.Account]
	delete(acct.endpoints, e.arn)
	s.changedLocked(acct.id)
	if app := acct.apps[e.app]; app != nil {
		app.endpoints = slices.DeleteFunc(app.endpoints, func(a string) bool { return a == e.arn })
	}
	return nil, nil
}

type endpointMember struct {
	EndpointArn string        `xml:"EndpointArn"`
	Attributes  xmlAttributes `xml:"Attributes"`
}

type listEndpointsResult struct {
	Endpoints xmlList[endpointMember] `xml:"Endpoints"`
	NextToken string                  `xml:"NextToken,omitempty"`
}

type listEndpointsInput struct {
	appARNInput
	NextToken string
}

func (s *Service) listEndpointsByPlatformApplication(rq *request, in *listEndpointsInput) (*listEndpointsResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appLocked(rq, &in.appARNInput)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(app.endpoints, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := listEndpointsResult{NextToken: next}
	acct := s.accounts[rq.caller.Account]
	for _, arn := range page {
		out.Endpoints.Members = append(out.Endpoints.Members,
			endpointMember{EndpointArn: arn, Attributes: toXMLAttributes(acct.endpoints[arn].attrs)})
	}
	return &out, nil
}

// endpointDelivery is what a push to an endpoint would send, or why it
// cannot be sent. The caller holds s.mu.
func (s *Service) endpointDeliveryLocked(accountID, endpointARN string, in *publishInput) (Delivery, *awserr.Error) {
	d := Delivery{Protocol: "application", Endpoint: endpointARN, Type: TypeNotification, Status: StatusNotEmulated}
	acct := s.accounts[accountID]
	var e *platformEndpoint
	if acct != nil {
		e = acct.endpoints[endpointARN]
	}
	if e == nil {
		return d, invalidParamReason("TargetArn", "No endpoint found for the target arn specified")
	}
	app := acct.apps[e.app]
	switch {
	case app == nil:
		return d, invalidParamReason("TargetArn", "No endpoint found for the target arn specified")
	case app.attrs[attrEnabled] == "false":
		return d, errPlatformApplicationDisabled.New()
	case !e.enabled():
		return d, errEndpointDisabled.New()
	}
	// MessageStructure json: the platform's own entry ("GCM", "APNS", ...).
	d.Body = in.messageFor(app.platform)
	return d, nil
}

// publishToEndpoint records what a Publish with an endpoint's TargetArn
// would have pushed. A disabled endpoint answers AWS's EndpointDisabled.
func (s *Service) publishToEndpoint(rq *request, endpointARN string, in *publishInput) (*publishResult, *awserr.Error) {
	s.mu.Lock()
	var d Delivery
	_, err := s.endpointLocked(rq, endpointARN)
	if err == nil {
		d, err = s.endpointDeliveryLocked(rq.caller.Account, endpointARN, in)
	} else if isKind(err, errNotFound) {
		err = invalidParamReason("TargetArn", "No endpoint found for the target arn specified")
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	d.MessageID = ids.UUID()
	s.record(rq.caller.Account, d)
	return &publishResult{MessageId: d.MessageID}, nil
}
