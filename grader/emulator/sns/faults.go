package sns

import (
	"net/http"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/ids"
)

// Injected faults (package faults): the errors a fault rule may make SNS
// answer with, each as AWS sends it. Throttled is SNS's own throttling
// error (ThrottledException, HTTP 429, SNS API reference), which
// aws-sdk-go-v2's default retryer does not retry, as SNS models it;
// ThrottlingException is the one common to every AWS API (HTTP 400), which
// it does.
var (
	errThrottled = errorTable.Add(awserr.Kind{Code: "Throttled", Status: http.StatusTooManyRequests, Fault: awserr.Sender,
		Message: "Rate exceeded"})
	errThrottling = errorTable.Add(awserr.Kind{Code: "ThrottlingException", Status: http.StatusBadRequest, Fault: awserr.Sender,
		Message: "Rate exceeded"})
)

// faults are the injectable errors by the codes a rule may name.
var faults = awserr.NewFaults(map[string]*awserr.Kind{
	"Throttled":           errThrottled,
	"ThrottlingException": errThrottling,
	"InternalError":       errInternal,
	"ServiceUnavailable":  errServiceUnavailable,
}, map[*awserr.Kind]string{
	// Its default message is the one of a closing emulator.
	errServiceUnavailable: "The request has failed due to a temporary failure of the server.",
})

// FaultCodes lists the error codes a fault rule may make SNS answer with.
func FaultCodes() []string { return faults.Codes() }

// FaultError returns the error SNS answers an injected fault named code
// with, and whether there is one.
func FaultError(code string) (*awserr.Error, bool) { return faults.Error(code) }

// IsOperation reports whether op is an SNS operation (AddPermission and
// RemovePermission included, which SQS has too).
func IsOperation(op string) bool { return operations()[op] != nil }

// WriteError answers a request with e, as the query protocol does. The
// emulator answers injected faults with it.
func (s *Service) WriteError(w http.ResponseWriter, e *awserr.Error) {
	queryDialect.WriteError(w, ids.UUID(), e)
}
