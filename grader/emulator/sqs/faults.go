package sqs

import (
	"net/http"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// Injected faults (package faults): the errors a fault rule may make SQS
// answer with, each as AWS sends it. RequestThrottled is SQS's own
// throttling error, ThrottlingException the one common to every AWS API;
// both are HTTP 400 with fault Sender (SQS API reference, "Common Errors"
// and each action's errors), and aws-sdk-go-v2's default retryer retries
// both, as it retries every 5xx.
var (
	errRequestThrottled = errorTable.Add(awserr.Kind{Code: "RequestThrottled",
		Status: http.StatusBadRequest, Fault: awserr.Sender, Message: "The request was denied due to request throttling."})
	errThrottling = errorTable.Add(awserr.Kind{Code: "ThrottlingException",
		Status: http.StatusBadRequest, Fault: awserr.Sender, Message: "Rate exceeded"})
)

// faults are the injectable errors by the codes a rule may name:
// InternalError is the query protocol's name of InternalFailure.
var faults = awserr.NewFaults(map[string]*awserr.Kind{
	"RequestThrottled":    errRequestThrottled,
	"ThrottlingException": errThrottling,
	"InternalFailure":     errInternal,
	"InternalError":       errInternal,
	"ServiceUnavailable":  errServiceUnavailable,
}, map[*awserr.Kind]string{
	// Its default message is the one of a closing emulator.
	errServiceUnavailable: "The request has failed due to a temporary failure of the server.",
})

// FaultCodes lists the error codes a fault rule may make SQS answer with.
func FaultCodes() []string { return faults.Codes() }

// FaultError returns the error SQS answers an injected fault named code
// with, and whether there is one.
func FaultError(code string) (*awserr.Error, bool) { return faults.Error(code) }

// IsOperation reports whether op is an SQS operation.
func IsOperation(op string) bool {
	_, ok := operations()[op]
	return ok
}

// WriteError answers a request with e, in the request's protocol: AWS JSON
// 1.0 when json is true (the X-Amz-Target requests), else the query
// protocol. The emulator answers injected faults with it.
func (s *Service) WriteError(w http.ResponseWriter, json bool, e *awserr.Error) {
	if json {
		s.writeJSONError(w, s.newRequestID(), e)
		return
	}
	queryDialect.WriteError(w, s.idSource.New().String(), e)
}
