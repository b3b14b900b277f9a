package faults

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Call is what a rule matches: one API call, as the emulator routed it.
type Call struct {
	Service   string // "sqs" or "sns"
	Operation string // "ReceiveMessage"
	Account   string // the caller's account
	Queue     string // the queue's name, for a call that names one
	Topic     string // the topic's name, for a call that names one
}

// Decision is what the rules decided for one call. The zero Decision lets
// the call through.
type Decision struct {
	// Error is the AWS error code to answer with, or "" to serve the call.
	Error string
	// Rule is the id of the rule whose error answers.
	Rule int
	// Latency is how long to wait first: the sum of the latencies of the
	// rules that fired.
	Latency time.Duration
}

// Status is one active rule, with what it did so far.
type Status struct {
	// ID names the rule for removal; ids are never reused in a Set.
	ID int `json:"id"`
	// Seed and Index are what its generator was seeded with: the
	// configuration's seed and the rule's place in it (from 0).
	Seed  uint64 `json:"seed"`
	Index int    `json:"index"`
	Rule
	// Matched counts the calls the rule matched; Injected, those it
	// faulted.
	Matched  int `json:"matched"`
	Injected int `json:"injected"`
}

// Set holds the active rules of one emulator; it is safe for concurrent
// use. Its zero value is not usable: call NewSet.
type Set struct {
	v Validator

	mu     sync.Mutex
	lastID int
	rules  []*active
	// count mirrors len(rules), so that an emulator without faults pays one
	// atomic load per call.
	count atomic.Int32
}

type active struct {
	Status
	rng *rand.Rand
}

// NewSet returns an empty Set whose rules are checked with v (nil checks
// only their shape).
func NewSet(v Validator) *Set { return &Set{v: v} }

// Active reports whether the set holds any rule.
func (s *Set) Active() bool { return s.count.Load() > 0 }

// Add validates cfg and appends its rules after those already active,
// returning them with their ids. Nothing is added when a rule is invalid.
func (s *Set) Add(cfg Config) ([]Status, error) {
	if err := cfg.Validate(s.v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	added := make([]Status, 0, len(cfg.Rules))
	for i, r := range cfg.Rules {
		s.lastID++
		a := &active{
			Status: Status{ID: s.lastID, Seed: cfg.Seed, Index: i, Rule: r},
			rng:    rand.New(rand.NewPCG(cfg.Seed, uint64(i))),
		}
		s.rules = append(s.rules, a)
		added = append(added, a.Status)
	}
	s.count.Store(int32(len(s.rules)))
	return added, nil
}

// Remove removes the rules for which drop returns true and returns how
// many it removed.
func (s *Set) Remove(drop func(Status) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.rules[:0]
	for _, a := range s.rules {
		if !drop(a.Status) {
			kept = append(kept, a)
		}
	}
	n := len(s.rules) - len(kept)
	clear(s.rules[len(kept):])
	s.rules = kept
	s.count.Store(int32(len(s.rules)))
	return n
}

// Clear removes every rule and returns how many there were.
func (s *Set) Clear() int { return s.Remove(func(Status) bool { return true }) }

// Status lists the active rules, in the order they are tried.
func (s *Set) Status() []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Status, len(s.rules))
	for i, a := range s.rules {
		out[i] = a.Status
	}
	return out
}

// Decide runs the rules on one call. Every rule that matches the call draws
// once from its generator, whether or not an earlier rule fired, so that a
// rule's decisions depend only on the calls it matches. A rule fires when
// its draw falls within its share and it has times left, unless it has an
// error and an earlier rule's error already answers. The latencies of the
// rules that fire add up.
func (s *Set) Decide(c Call) Decision {
	if !s.Active() {
		return Decision{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var d Decision
	for _, a := range s.rules {
		if !a.Rule.matches(c) {
			continue
		}
		a.Matched++
		draw := a.rng.Float64()
		switch {
		case draw >= a.Rule.share(), a.Rule.Times > 0 && a.Injected >= a.Rule.Times:
			continue
		case a.Rule.Error != "" && d.Error != "":
			// An earlier rule's error answers: this one has no effect,
			// and keeps its times.
			continue
		}
		a.Injected++
		d.Latency += time.Duration(a.Rule.Latency)
		if a.Rule.Error != "" {
			d.Error, d.Rule = a.Rule.Error, a.ID
		}
	}
	return d
}

func (r Rule) matches(c Call) bool {
	return (r.Service == "" || r.Service == c.Service) &&
		(r.Operation == "" || r.Operation == c.Operation) &&
		(r.Account == "" || r.Account == c.Account) &&
		(r.Queue == "" || r.Queue == c.Queue) &&
		(r.Topic == "" || r.Topic == c.Topic)
}
