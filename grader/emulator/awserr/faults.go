package awserr

import (
	"maps"
	"slices"
)

// Faults are the errors a service lets a fault-injection rule name, by the
// code the rule uses (package faults). Several codes may name one kind: the
// query protocol's InternalError is the JSON protocol's InternalFailure.
type Faults struct {
	kinds map[string]*Kind
	// messages replace a kind's default message where the default says
	// something untrue of a fault (ServiceUnavailable's is a closing
	// emulator's).
	messages map[*Kind]string
}

// NewFaults makes the fault table of a service from its kinds by code, and
// the messages that replace some kinds' defaults.
func NewFaults(kinds map[string]*Kind, messages map[*Kind]string) Faults {
	return Faults{kinds: kinds, messages: messages}
}

// Codes lists the codes a rule may name, sorted.
func (f Faults) Codes() []string {
	return slices.Sorted(maps.Keys(f.kinds))
}

// Error returns the error an injected fault named code answers with, and
// whether there is one.
func (f Faults) Error(code string) (*Error, bool) {
	k, ok := f.kinds[code]
	if !ok {
		return nil, false
	}
	e := k.New()
	if m, ok := f.messages[k]; ok {
		e.Message = m
	}
	return e, true
}
