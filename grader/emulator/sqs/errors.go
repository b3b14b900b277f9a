package sqs

import (
	"net/http"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// errorTable is the SQS error table, made by the declarations below: each
// kind is declared once, and a duplicate code stops the package from
// initialising (awserr.Table).
var errorTable awserr.Table

// The SQS error kinds. Code is the name AWS JSON 1.0 puts in `__type` (and
// aws-sdk-go-v2 maps to a typed error); QueryCode is the legacy code the query
// protocol and the x-amzn-query-error header carry. Codes, statuses and
// messages are those recorded against real AWS (aws-parity/test_sqs*.json).
var (
	errQueueDoesNotExist = errorTable.Add(awserr.Kind{Code: "QueueDoesNotExist", QueryCode: "AWS.SimpleQueueService.NonExistentQueue",
		Status: http.StatusBadRequest, Fault: awserr.Sender, Message: "The specified queue does not exist."})
	errQueueNameExists = errorTable.Add(awserr.Kind{Code: "QueueNameExists", QueryCode: "QueueAlreadyExists",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errInvalidParameterValue = errorTable.Add(awserr.Kind{Code: "InvalidParameterValueException", QueryCode: "InvalidParameterValue",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errMissingParameter = errorTable.Add(awserr.Kind{Code: "MissingRequiredParameterException", QueryCode: "MissingParameter",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errInvalidAttributeName = errorTable.Add(awserr.Kind{Code: "InvalidAttributeName",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errInvalidAttributeValue = errorTable.Add(awserr.Kind{Code: "InvalidAttributeValue",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errTooManyEntries = errorTable.Add(awserr.Kind{Code: "TooManyEntriesInBatchRequest", QueryCode: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errEmptyBatch = errorTable.Add(awserr.Kind{Code: "EmptyBatchRequest", QueryCode: "AWS.SimpleQueueService.EmptyBatchRequest",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errBatchIDsNotDistinct = errorTable.Add(awserr.Kind{Code: "BatchEntryIdsNotDistinct", QueryCode: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errBatchTooLong = errorTable.Add(awserr.Kind{Code: "BatchRequestTooLong", QueryCode: "AWS.SimpleQueueService.BatchRequestTooLong",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errInvalidBatchEntryID = errorTable.Add(awserr.Kind{Code: "InvalidBatchEntryId", QueryCode: "AWS.SimpleQueueService.InvalidBatchEntryId",
		Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."})
	errReceiptHandleInvalid = errorTable.Add(awserr.Kind{Code: "ReceiptHandleIsInvalid",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errMessageNotInflight = errorTable.Add(awserr.Kind{Code: "MessageNotInflight", QueryCode: "AWS.SimpleQueueService.MessageNotInflight",
		Status: http.StatusBadRequest, Fault: awserr.Sender, Message: "The message referred to isn't in flight."})
	errPurgeInProgress = errorTable.Add(awserr.Kind{Code: "PurgeQueueInProgress", QueryCode: "AWS.SimpleQueueService.PurgeQueueInProgress",
		Status: http.StatusForbidden, Fault: awserr.Sender})
	errOverLimit = errorTable.Add(awserr.Kind{Code: "OverLimit",
		Status: http.StatusForbidden, Fault: awserr.Sender})
	errInvalidMessageContents = errorTable.Add(awserr.Kind{Code: "InvalidMessageContents",
		Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"})
	// In AWS's SQS error list; no emulated operation answers it.
	_ = errorTable.Add(awserr.Kind{Code: "UnsupportedOperation", QueryCode: "AWS.SimpleQueueService.UnsupportedOperation",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errResourceNotFound = errorTable.Add(awserr.Kind{Code: "ResourceNotFoundException",
		Status: http.StatusNotFound, Fault: awserr.Sender})
	// In AWS's SQS error list; no emulated operation answers it.
	_ = errorTable.Add(awserr.Kind{Code: "InvalidAddress",
		Status: http.StatusNotFound, Fault: awserr.Sender, Message: "The address is not valid for this endpoint."})
	errAccessDenied = errorTable.Add(awserr.Kind{Code: "AccessDenied", QueryCode: "AccessDenied",
		Status: http.StatusForbidden, Fault: awserr.Sender})
	// Protocol-level errors, answered before an operation runs.
	errUnknownOperation = errorTable.Add(awserr.Kind{Code: "UnknownOperationException",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errSerialization = errorTable.Add(awserr.Kind{Code: "SerializationException",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errInvalidAction = errorTable.Add(awserr.Kind{Code: "InvalidAction",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errMissingAction = errorTable.Add(awserr.Kind{Code: "MissingAction",
		Status: http.StatusBadRequest, Fault: awserr.Sender, Message: "The request must contain the parameter Action."})
	errMalformedQuery = errorTable.Add(awserr.Kind{Code: "MalformedQueryString",
		Status: http.StatusBadRequest, Fault: awserr.Sender})
	errInternal = errorTable.Add(awserr.Kind{Code: "InternalFailure", QueryCode: "InternalError",
		Status: http.StatusInternalServerError, Fault: awserr.Receiver,
		Message: "The request processing has failed because of an unknown error, exception or failure."})
	errServiceUnavailable = errorTable.Add(awserr.Kind{Code: "ServiceUnavailable",
		Status: http.StatusServiceUnavailable, Fault: awserr.Receiver, Message: "The emulator is shutting down."})
)

// ErrorKinds returns the service's error table by code, for tests and docs.
func ErrorKinds() map[string]*awserr.Kind { return errorTable.ByCode() }

// queueDoesNotExist is the one error AWS words differently per protocol.
func queueDoesNotExist() *awserr.Error {
	e := errQueueDoesNotExist.New()
	e.QueryMessage = "The specified queue does not exist for this wsdl version."
	return e
}

// invalidParam is AWS's usual "Value X for parameter P is invalid. Reason: R."
func invalidParam(value any, param, reason string) *awserr.Error {
	return errInvalidParameterValue.Newf("Value %v for parameter %s is invalid. Reason: %s", value, param, reason)
}

func missingParam(param string) *awserr.Error {
	return errMissingParameter.Newf("The request must contain the parameter %s.", param)
}

func unknownAttribute(name string) *awserr.Error {
	return errInvalidAttributeName.Newf("Unknown Attribute %s.", name)
}

func invalidAttributeValue(name string) *awserr.Error {
	return errInvalidAttributeValue.Newf("Invalid value for the parameter %s.", name)
}

func invalidReceiptHandle(h string) *awserr.Error {
	return errReceiptHandleInvalid.Newf("The input receipt handle %q is not a valid receipt handle.", h)
}

func expiredReceiptHandle(h string) *awserr.Error {
	return invalidParam(h, "ReceiptHandle", "The receipt handle has expired.")
}

func tooManyEntries(n int) *awserr.Error {
	return errTooManyEntries.Newf("Maximum number of entries per request are 10. You have sent %d.", n)
}

func emptyBatch(entryName string) *awserr.Error {
	return errEmptyBatch.Newf("There should be at least one %s in the request.", entryName)
}

func batchIDsNotDistinct(id string) *awserr.Error {
	return errBatchIDsNotDistinct.Newf("Id %s repeated.", id)
}

func batchTooLong(n int) *awserr.Error {
	return errBatchTooLong.Newf("Batch requests cannot be longer than 1048576 bytes. You have sent %d bytes.", n)
}

func resourceNotFound(param string) *awserr.Error {
	return errResourceNotFound.Newf("The resource that you specified for the %s parameter doesn't exist.", param)
}
