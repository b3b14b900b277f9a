package filterpolicy

import (
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// Policy is a compiled filter policy. It is immutable and safe for
// concurrent use. A nil *Policy (no filter policy) matches every message.
type Policy struct {
	scope    Scope
	branches []branch
	// names holds every key name the policy tests; prefixes every dotted
	// prefix of those names, so the body walk can skip what no key reaches.
	names    map[string]struct{}
	prefixes map[string]struct{}
}

// Message is what a policy is matched against: the published message's
// attributes and body.
type Message struct {
	Attributes map[string]msgattr.Value
	Body       string
}

// Parse validates a FilterPolicy JSON document as AWS does and compiles it
// for the given scope (the zero Scope means MessageAttributes). A rejected
// policy gives an *Error worded as AWS words it.
func Parse(policy string, scope Scope) (*Policy, error) {
	if scope == "" {
		scope = MessageAttributes
	}
	if _, err := ParseScope(string(scope)); err != nil {
		return nil, err
	}
	root, perr := readTree(policy)
	if perr != nil {
		return nil, perr
	}
	// Rule syntax errors come first, then the SNS limits. Branches are only
	// built for a policy within the complexity limit, which bounds their number.
	tooComplex := root.kind == kindObject && complexity(root, 1) > maxComplexity
	branches, perr := compileText(compact(root), !tooComplex)
	if perr != nil {
		return nil, perr
	}
	if perr := checkLimits(root, scope); perr != nil {
		return nil, perr
	}
	p := &Policy{
		scope:    scope,
		branches: branches,
		names:    map[string]struct{}{},
		prefixes: map[string]struct{}{},
	}
	for _, b := range branches {
		for _, f := range b {
			p.names[f.name] = struct{}{}
			for i := 0; i < len(f.name); i++ {
				if f.name[i] == '.' {
					p.prefixes[f.name[:i]] = struct{}{}
				}
			}
		}
	}
	return p, nil
}

// Scope returns the scope the policy was compiled for.
func (p *Policy) Scope() Scope { return p.scope }

// Match reports whether the message passes the policy.
func (p *Policy) Match(m Message) bool {
	if p == nil {
		return true
	}
	var leaves map[string][]leaf
	if p.scope.isBody() {
		var ok bool
		if leaves, ok = p.bodyLeaves(m.Body); !ok {
			return false // AWS filters out a body that is not a JSON object
		}
	} else {
		leaves = p.attributeLeaves(m.Attributes)
	}
	for _, b := range p.branches {
		if matchBranch(b, leaves) {
			return true
		}
	}
	return false
}
