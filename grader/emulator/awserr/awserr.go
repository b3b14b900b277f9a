// Package awserr holds the shape of the errors the emulator answers with, so that
// every service declares its errors as data (one table of kinds) and every wire
// protocol encodes them the same way AWS does.
package awserr

import (
	"errors"
	"fmt"
)

// Fault says whose fault an error is, as AWS reports it ("Sender" or "Receiver").
type Fault string

// The two faults AWS reports.
const (
	Sender   Fault = "Sender"
	Receiver Fault = "Receiver"
)

// Kind is one entry of a service's error table: everything about an error but
// the message of one occurrence.
type Kind struct {
	// Code is the modern error code (the JSON protocol's `__type` suffix), for
	// example "QueueDoesNotExist".
	Code string
	// QueryCode is the code the query protocol and the x-amzn-query-error header
	// carry, for example "AWS.SimpleQueueService.NonExistentQueue". Empty means
	// the same as Code.
	QueryCode string
	// Status is the HTTP status code.
	Status int
	// Fault is Sender or Receiver.
	Fault Fault
	// Message is the default message, used when an occurrence gives none.
	Message string
}

// LegacyCode returns the query-protocol code of the kind.
func (k *Kind) LegacyCode() string {
	if k.QueryCode != "" {
		return k.QueryCode
	}
	return k.Code
}

// New returns an occurrence of the kind with the kind's default message.
func (k *Kind) New() *Error { return &Error{Kind: k, Message: k.Message} }

// Newf returns an occurrence of the kind with its own message.
func (k *Kind) Newf(format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Error is one occurrence of an AWS error.
type Error struct {
	Kind    *Kind
	Message string
	// QueryMessage, when set, replaces Message in query-protocol responses:
	// AWS words a few errors differently there.
	QueryMessage string
}

func (e *Error) Error() string { return e.Kind.Code + ": " + e.Message }

// Is reports whether target is an *Error of the same kind, so that
// errors.Is(err, kind.New()) works.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Kind == e.Kind
}

// MessageFor returns the message for the given protocol ("query" or "json").
func (e *Error) MessageFor(protocol string) string {
	if protocol == "query" && e.QueryMessage != "" {
		return e.QueryMessage
	}
	return e.Message
}

// Table checks a service's error kinds when the service starts: no two kinds
// share a code, and every kind has a status and a fault. It returns the kinds
// by code, for lookups in tests.
func Table(kinds ...*Kind) (map[string]*Kind, error) {
	byCode := make(map[string]*Kind, len(kinds))
	for _, k := range kinds {
		switch {
		case k.Code == "":
			return nil, errors.New("awserr: a kind has no code")
		case k.Status == 0:
			return nil, fmt.Errorf("awserr: kind %s has no HTTP status", k.Code)
		case k.Fault != Sender && k.Fault != Receiver:
			return nil, fmt.Errorf("awserr: kind %s has no fault", k.Code)
		}
		if _, dup := byCode[k.Code]; dup {
			return nil, fmt.Errorf("awserr: kind %s is declared twice", k.Code)
		}
		byCode[k.Code] = k
	}
	return byCode, nil
}
