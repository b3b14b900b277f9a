package sns

import (
	"net/http"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// errorTable is the SNS error table, made by the declarations below: each
// kind is declared once, and a duplicate code stops the package from
// initialising (awserr.Table).
var errorTable awserr.Table

// The SNS error kinds: every error the service answers with, with AWS's
// code, HTTP status and default message, as recorded against real AWS.
var (
	errInvalidParameter = errorTable.Add(awserr.Kind{Code: "InvalidParameter", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Invalid parameter"})
	errParameterValueInvalid = errorTable.Add(awserr.Kind{Code: "ParameterValueInvalid", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Invalid parameter value"})
	errValidation = errorTable.Add(awserr.Kind{Code: "ValidationError", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "1 validation error detected"})
	errNotFound = errorTable.Add(awserr.Kind{Code: "NotFound", Status: http.StatusNotFound, Fault: awserr.Sender,
		Message: "Topic does not exist"})
	errResourceNotFound = errorTable.Add(awserr.Kind{Code: "ResourceNotFound", Status: http.StatusNotFound, Fault: awserr.Sender,
		Message: "Resource does not exist"})
	errAuthorization = errorTable.Add(awserr.Kind{Code: "AuthorizationError", Status: http.StatusForbidden, Fault: awserr.Sender,
		Message: "You are not authorized to perform this action"})
	errInvalidAction = errorTable.Add(awserr.Kind{Code: "InvalidAction", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "The action or operation requested is invalid."})
	errMissingAction = errorTable.Add(awserr.Kind{Code: "MissingAction", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Missing Action"})
	errEmptyBatch = errorTable.Add(awserr.Kind{Code: "EmptyBatchRequest", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "The batch request doesn't contain any entries."})
	errTooManyEntries = errorTable.Add(awserr.Kind{Code: "TooManyEntriesInBatchRequest", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "The batch request contains more entries than permissible."})
	errBatchIDsNotDistinct = errorTable.Add(awserr.Kind{Code: "BatchEntryIdsNotDistinct", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Two or more batch entries in the request have the same Id."})
	errInvalidBatchEntryID = errorTable.Add(awserr.Kind{Code: "InvalidBatchEntryId", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "The Id of a batch entry in the batch request is invalid."})
	errBatchTooLong = errorTable.Add(awserr.Kind{Code: "BatchRequestTooLong", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "The length of all the messages put together is more than the limit."})
	errTagLimit = errorTable.Add(awserr.Kind{Code: "TagLimitExceeded", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Could not complete request: tag quota of per resource exceeded"})
	errTagPolicy = errorTable.Add(awserr.Kind{Code: "TagPolicy", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Tag policy violation"})
	errEndpointDisabled = errorTable.Add(awserr.Kind{Code: "EndpointDisabled", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Endpoint is disabled"})
	errPlatformApplicationDisabled = errorTable.Add(awserr.Kind{Code: "PlatformApplicationDisabled", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Platform application is disabled"})
	errVerification = errorTable.Add(awserr.Kind{Code: "VerificationException", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Invalid one-time password"})
	errOptedOut = errorTable.Add(awserr.Kind{Code: "OptedOut", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "The phone number has opted out"})
	errServiceUnavailable = errorTable.Add(awserr.Kind{Code: "ServiceUnavailable", Status: http.StatusServiceUnavailable, Fault: awserr.Receiver,
		Message: "The emulator is shutting down"})
	errInternal = errorTable.Add(awserr.Kind{Code: "InternalError", Status: http.StatusInternalServerError, Fault: awserr.Receiver,
		Message: "The request processing has failed because of an unknown error, exception or failure."})
)

// ErrorKinds returns the service's error table by code, for tests and docs.
func ErrorKinds() map[string]*awserr.Kind { return errorTable.ByCode() }

// invalidParam returns AWS's "Invalid parameter: <what>" error.
func invalidParam(what string) *awserr.Error {
	return errInvalidParameter.Newf("Invalid parameter: %s", what)
}

// invalidParamReason returns "Invalid parameter: <param> Reason: <reason>".
func invalidParamReason(param, reason string) *awserr.Error {
	return errInvalidParameter.Newf("Invalid parameter: %s Reason: %s", param, reason)
}

// missingMembers returns AWS's ValidationError for required members that
// were not sent, named as AWS names them ('attributes', 'phoneNumber'):
// "1 validation error detected: Value null at 'attributes' failed to satisfy
// constraint: Member must not be null", joined with "; " for more than one.
// It returns nil when none is missing; present pairs a member name with
// whether it was sent.
func missingMembers(required ...memberPresence) *awserr.Error {
	var missing []string
	for _, p := range required {
		if !p.sent {
			missing = append(missing, "Value null at '"+p.name+"' failed to satisfy constraint: Member must not be null")
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return errValidation.Newf("1 validation error detected: %s", missing[0])
	}
	return errValidation.Newf("%d validation errors detected: %s", len(missing), strings.Join(missing, "; "))
}

// memberPresence is one required member for missingMembers.
type memberPresence struct {
	name string
	sent bool
}

func member(name string, sent bool) memberPresence { return memberPresence{name: name, sent: sent} }

func topicNotFound() *awserr.Error        { return errNotFound.New() }
func subscriptionNotFound() *awserr.Error { return errNotFound.Newf("Subscription does not exist") }

// isKind reports whether err is an occurrence of kind k.
func isKind(err *awserr.Error, k *awserr.Kind) bool {
	return err != nil && err.Kind == k
}
