// Package awserr holds the shape of the errors the emulator answers with, so that
// every service declares its errors as data (one Table of kinds, each declared
// once) and every wire protocol encodes them the same way AWS does.
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

// Table is a service's error table, built once from a single list: each
// Add declares one kind and returns it, so the kinds the handlers use are
// the table, with no second list to keep beside them.
//
//	var errorTable awserr.Table
//	var errQueueDoesNotExist = errorTable.Add(awserr.Kind{Code: "QueueDoesNotExist", ...})
//
// Add refuses a kind without a code, a status or a fault, and one whose
// code or legacy code the table already has, by panicking: a duplicate
// stops the package from initialising, so every test and every build that
// runs fails at once. The zero Table is empty and ready.
type Table struct {
	kinds  []*Kind
	byCode map[string]*Kind
	legacy map[string]*Kind
}

// Add adds k to the table and returns it; it panics with the reason if k
// is refused.
func (t *Table) Add(k Kind) *Kind {
	kind := &k
	if err := t.add(kind); err != nil {
		panic(err)
	}
	return kind
}

func (t *Table) add(k *Kind) error {
	switch {
	case k.Code == "":
		return errors.New("awserr: a kind has no code")
	case k.Status == 0:
		return fmt.Errorf("awserr: kind %s has no HTTP status", k.Code)
	case k.Fault != Sender && k.Fault != Receiver:
		return fmt.Errorf("awserr: kind %s has no fault", k.Code)
	}
	if _, dup := t.byCode[k.Code]; dup {
		return fmt.Errorf("awserr: kind %s is declared twice", k.Code)
	}
	if other, dup := t.legacy[k.LegacyCode()]; dup {
		return fmt.Errorf("awserr: kinds %s and %s share the query code %s", other.Code, k.Code, k.LegacyCode())
	}
	if t.byCode == nil {
		t.byCode, t.legacy = map[string]*Kind{}, map[string]*Kind{}
	}
	t.byCode[k.Code], t.legacy[k.LegacyCode()] = k, k
	t.kinds = append(t.kinds, k)
	return nil
}

// Kinds returns the table's kinds in the order they were added.
func (t *Table) Kinds() []*Kind { return append([]*Kind(nil), t.kinds...) }

// ByCode returns the table's kinds by code, for lookups in tests and docs.
func (t *Table) ByCode() map[string]*Kind {
	out := make(map[string]*Kind, len(t.byCode))
	for code, k := range t.byCode {
		out[code] = k
	}
	return out
}
