package sns

import (
	"slices"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// Mobile push: platform applications (the credentials of a push service:
// FCM, APNS, ADM, ...). Nothing connects to a push service: credentials
// are kept, never checked nor shown, as AWS never shows them.

// platformApp is one platform application.
type platformApp struct {
	arn, name, platform, region string
	// attrs are the attributes AWS shows (Enabled and those set), never
	// the credentials.
	attrs map[string]string
	// endpoints lists the application's endpoint ARNs in creation order.
	endpoints []string
}

// Platform application attribute names.
const (
	appPlatformCredential = "PlatformCredential"
	appPlatformPrincipal  = "PlatformPrincipal"
	attrEnabled           = "Enabled"
)

// platforms are the push services CreatePlatformApplication accepts.
var platforms = []string{"ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM", "MACOS", "MACOS_SANDBOX", "MPNS", "WNS"}

// needsPrincipal reports whether a platform's credential comes with a
// principal (a client id, a certificate, a package SID, a signing key id):
// every platform's but FCM's (GCM), whose server key stands alone.
func needsPrincipal(platform string) bool { return platform != "GCM" }

// settableAppAttribute lists the attributes Create- and
// SetPlatformApplicationAttributes accept.
func settableAppAttribute(name string) bool {
	switch name {
	case appPlatformCredential, appPlatformPrincipal, "EventEndpointCreated", "EventEndpointDeleted",
		"EventEndpointUpdated", "EventDeliveryFailure", "SuccessFeedbackRoleArn", "FailureFeedbackRoleArn",
		"SuccessFeedbackSampleRate", "ApplePlatformTeamID", "ApplePlatformBundleID", "AuthenticationMethod":
		return true
	}
	return false
}

// checkAppAttributes applies AWS's rules to the attributes of a create
// (creating) or a set: known names, and a principal only with a credential
// (recorded: test_create_platform_application_invalid_attributes).
func checkAppAttributes(platform string, attrs map[string]string, creating bool) *awserr.Error {
	for _, k := range sortedKeys(attrs) {
		if !settableAppAttribute(k) {
			return invalidParamReason("Attributes", "Invalid attribute name: "+k)
		}
	}
	_, hasCredential := attrs[appPlatformCredential]
	_, hasPrincipal := attrs[appPlatformPrincipal]
	switch {
	case hasPrincipal && !hasCredential:
		return invalidParamReason("Attributes", "PlatformPrincipal attribute provided without PlatformCredential")
	case hasCredential && !hasPrincipal && needsPrincipal(platform):
		return invalidParamReason("Attributes", "PlatformCredential attribute provided without PlatformPrincipal")
	case creating && !hasCredential:
		// Not recorded: worded as the two above.
		return invalidParamReason("Attributes", "PlatformCredential attribute is required")
	}
	return nil
}

// storeAppAttributes keeps what AWS shows of attrs.
func (a *platformApp) storeAttributes(attrs map[string]string) {
	for k, v := range attrs {
		if k == appPlatformCredential || k == appPlatformPrincipal {
			continue
		}
		if v == "" {
			delete(a.attrs, k)
		} else {
			a.attrs[k] = v
		}
	}
}

// checkAppName applies AWS's rule (recorded wording): 1 to 256 letters, digits, '_', '-' and '.'.
func checkAppName(name string) *awserr.Error {
	switch {
	case name == "":
		return invalidParamReason("", "cannot be empty")
	case len(name) > 256:
		return invalidParamReason(name, "must be at most 256 characters long")
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return invalidParamReason(name, "must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'")
		}
	}
	return nil
}

// createAppInput: Name and Platform are pointers, as AWS tells a member
// sent empty from one not sent.
type createAppInput struct {
	Name, Platform *string
	Attributes     map[string]string `query:"Attributes.entry,key,value"`
}

type createAppResult struct {
	PlatformApplicationArn string `xml:"PlatformApplicationArn"`
}

// createPlatformApplication creates an application, or, for a name the
// region already has on that platform, updates its attributes and answers
// its ARN.
func (s *Service) createPlatformApplication(rq *request, in *createAppInput) (*createAppResult, *awserr.Error) {
	if err := missingMembers(member("name", in.Name != nil), member("platform", in.Platform != nil),
		member("attributes", in.Attributes != nil)); err != nil {
		return nil, err
	}
	name, platform, attrs := *in.Name, *in.Platform, in.Attributes
	if err := checkAppName(name); err != nil {
		return nil, err
	}
	if !slices.Contains(platforms, platform) {
		return nil, invalidParamReason("Platform", platform+" is not supported")
	}
	if err := checkAppAttributes(platform, attrs, true); err != nil {
		return nil, err
	}
	arn := "arn:aws:sns:" + rq.caller.Region + ":" + rq.caller.Account + ":app/" + platform + "/" + name
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountLocked(rq.caller.Account)
	app := acct.apps[arn]
	if app == nil {
		app = &platformApp{arn: arn, name: name, platform: platform, region: rq.caller.Region,
			attrs: map[string]string{attrEnabled: "true"}}
		acct.apps[arn] = app
		acct.appOrder = append(acct.appOrder, arn)
	}
	app.storeAttributes(attrs)
	s.changedLocked(acct.id)
	return &createAppResult{PlatformApplicationArn: arn}, nil
}

// appARNInput is the input of the operations on one application.
type appARNInput struct {
	PlatformApplicationArn string
}

type setAppAttributesInput struct {
	appARNInput
	Attributes map[string]string `query:"Attributes.entry,key,value"`
}

// checkResourceARN parses an application or endpoint ARN: six elements,
// then a resource of kind ("app" or "endpoint") with slashes separated
// parts (recorded: "Wrong number of slashes in relative portion of the
// ARN.").
func checkResourceARN(param, s, kind string, parts int) (arn, *awserr.Error) {
	a, err := parseARN(param, s)
	if err != nil {
		return a, err
	}
	fields := strings.Split(a.Resource, "/")
	if len(fields) != parts {
		return a, invalidParamReason(param, "Wrong number of slashes in relative portion of the ARN.")
	}
	if a.Service != "sns" || fields[0] != kind || slices.Contains(fields, "") {
		return a, invalidParam(param)
	}
	return a, nil
}

func appNotFound() *awserr.Error { return errNotFound.Newf("PlatformApplication does not exist") }

// appLocked finds the application an ARN names, for the caller. The caller
// holds s.mu.
func (s *Service) appLocked(rq *request, in *appARNInput) (*platformApp, *awserr.Error) {
	arn := in.PlatformApplicationArn
	if err := missingMembers(member("platformApplicationArn", arn != "")); err != nil {
		return nil, err
	}
	a, err := checkResourceARN("PlatformApplicationArn", arn, "app", 3)
	if err != nil {
		return nil, err
	}
	acct := s.accounts[rq.caller.Account]
	if acct == nil || a.Account != rq.caller.Account || a.Region != rq.caller.Region || acct.apps[arn] == nil {
		return nil, appNotFound()
	}
	return acct.apps[arn], nil
}

type attributesResult struct {
	Attributes xmlAttributes `xml:"Attributes"`
}

func (s *Service) getPlatformApplicationAttributes(rq *request, in *appARNInput) (*attributesResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appLocked(rq, in)
	if err != nil {
		return nil, err
	}
	return &attributesResult{Attributes: toXMLAttributes(app.attrs)}, nil
}

// setPlatformApplicationAttributes: AWS asks for the attributes first,
// then for the application, then checks the attributes (recorded:
// test_set_platform_application_attributes_non_existing_app).
func (s *Service) setPlatformApplicationAttributes(rq *request, in *setAppAttributesInput) (*noResult, *awserr.Error) {
	if err := missingMembers(member("platformApplicationArn", in.PlatformApplicationArn != ""), member("attributes", in.Attributes != nil)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appLocked(rq, &in.appARNInput)
	if err != nil {
		return nil, err
	}
	if err := checkAppAttributes(app.platform, in.Attributes, false); err != nil {
		return nil, err
	}
	app.storeAttributes(in.Attributes)
	s.changedLocked(rq.caller.Account)
	return nil, nil
}

// deletePlatformApplication deletes an application and its endpoints; it
// succeeds for an application that is gone, as on AWS.
func (s *Service) deletePlatformApplication(rq *request, in *appARNInput) (*noResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	app, err := s.appLocked(rq, in)
	if isKind(err, errNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	acct := s.accounts[rq.caller.Account]
	for _, e := range app.endpoints {
		delete(acct.endpoints, e)
	}
	delete(acct.apps, app.arn)
	acct.appOrder = slices.DeleteFunc(acct.appOrder, func(a string) bool { return a == app.arn })
	s.changedLocked(acct.id)
	return nil, nil
}

type platformAppMember struct {
	PlatformApplicationArn string        `xml:"PlatformApplicationArn"`
	Attributes             xmlAttributes `xml:"Attributes"`
}

type listAppsResult struct {
	PlatformApplications xmlList[platformAppMember] `xml:"PlatformApplications"`
	NextToken            string                     `xml:"NextToken,omitempty"`
}

func (s *Service) listPlatformApplications(rq *request, in *listPage) (*listAppsResult, *awserr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountLocked(rq.caller.Account)
	var arns []string
	for _, arn := range acct.appOrder {
		if acct.apps[arn].region == rq.caller.Region {
			arns = append(arns, arn)
		}
	}
	page, next, err := paginate(arns, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := listAppsResult{NextToken: next}
	for _, arn := range page {
		out.PlatformApplications.Members = append(out.PlatformApplications.Members,
			platformAppMember{PlatformApplicationArn: arn, Attributes: toXMLAttributes(acct.apps[arn].attrs)})
	}
	return &out, nil
}
