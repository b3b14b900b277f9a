package filterpolicy

// The compiler walks the policy's tokens in the order AWS's rule compiler
// (event-ruler) does and stops at the first fault with AWS's message and
// position. It produces the policy in disjunctive form: each branch is one
// way through the $or choices, a set of keys that must all match.

// field is one policy key within a branch: its full dotted name and the
// patterns of which at least one must match.
type field struct {
	name     string
	patterns []pattern
}

// branch is a list of fields that must all match. A key written twice (for
// example "a.b" and {"a":{"b":...}}) keeps the last list, as AWS does.
type branch []field

func (b branch) put(f field) branch {
	for i := range b {
		if b[i].name == f.name {
			b[i] = f
			return b
		}
	}
	return append(b, f)
}

type compiler struct {
	lx       *lexer
	branches []branch
	// build is false when the policy is only checked: a policy over the
	// complexity limit could have exponentially many branches.
	build bool
}

// orReserved are the names that cannot be keys inside $or.
var orReserved = map[string]bool{
	"anything-but": true, "cidr": true, "equals-ignore-case": true, "exists": true,
	"numeric": true, "prefix": true, "suffix": true,
}

// fail returns AWS's message for a fault at the current position.
func (c *compiler) fail(reason string) *Error {
	return &Error{Param: paramPolicy, Reason: reason, Location: location(c.lx.src, c.lx.column())}
}

// compileText checks the policy text and, when build is true, returns its
// branches.
func compileText(src string, build bool) ([]branch, *Error) {
	c := &compiler{lx: newLexer(src), build: build}
	if c.lx.next() != tokStartObject {
		return nil, c.fail("Filter is not an object")
	}
	if err := c.object("", false); err != nil {
		return nil, err
	}
	return c.branches, nil
}

func joinName(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// object reads the members of an object whose start was just read.
func (c *compiler) object(path string, inOr bool) *Error {
	present := false
	for {
		switch c.lx.next() {
		case tokEndObject:
			if !present {
				return c.fail("Empty objects are not allowed")
			}
			return nil
		case tokField:
		default:
			return c.fail("Unexpected token in object")
		}
		present = true
		name := c.lx.text()
		if name == "$or" {
			if err := c.or(path); err != nil {
				return err
			}
			continue
		}
		if inOr && orReserved[name] {
			return c.fail(name + " is Ruler reserved fieldName which cannot be used inside $or.")
		}
		var err *Error
		switch c.lx.next() {
		case tokStartObject:
			err = c.object(joinName(path, name), inOr)
		case tokStartArray:
			err = c.values(joinName(path, name))
		default:
			err = c.fail(`"` + name + `" must be an object or an array`)
		}
		if err != nil {
			return err
		}
	}
}

// or reads the array after "$or": each object in it forks the branches built
// so far.
func (c *compiler) or(path string) *Error {
	before := c.branches
	c.branches = nil
	if c.lx.next() != tokStartArray {
		return c.fail("It must be an Array followed with $or.")
	}
	count := 0
	for {
		tok := c.lx.next()
		if tok == tokEndArray {
			break
		}
		count++
		if tok != tokStartObject {
			return c.fail("Only JSON object is allowed in array of $or relationship.")
		}
		if !c.build {
			if err := c.object(path, true); err != nil {
				return err
			}
			continue
		}
		done := c.branches
		c.branches = copyBranches(before)
		if len(c.branches) == 0 {
			c.branches = []branch{nil}
		}
		if err := c.object(path, true); err != nil {
			return err
		}
		c.branches = append(done, c.branches...)
	}
	if count < 2 {
		return c.fail("There must have at least 2 Objects in $or relationship.")
	}
	return nil
}

func copyBranches(bs []branch) []branch {
	out := make([]branch, len(bs))
	for i, b := range bs {
		out[i] = append(branch(nil), b...)
	}
	return out
}

// values reads a key's list of values, whose '[' was just read.
func (c *compiler) values(name string) *Error {
	var pats []pattern
	for {
		tok := c.lx.next()
		if tok == tokEndArray {
			break
		}
		switch tok {
		case tokStartObject:
			p, err := c.matchExpression()
			if err != nil {
				return err
			}
			pats = append(pats, p)
		case tokString:
			pats = append(pats, pattern{op: opExactString, text: c.lx.text()})
		case tokNumber:
			lit := c.lx.text()
			cn, ok := comparable(parseNumber(lit))
			pats = append(pats, pattern{op: opExactNumber, text: lit, cn: cn, cnOK: ok})
		case tokTrue:
			pats = append(pats, pattern{op: opExactLiteral, kind: valTrue})
		case tokFalse:
			pats = append(pats, pattern{op: opExactLiteral, kind: valFalse})
		case tokNull:
			pats = append(pats, pattern{op: opExactLiteral, kind: valNull})
		default:
			return c.fail("Match value must be String, number, true, false, or null")
		}
	}
	if len(pats) == 0 {
		return c.fail("Empty arrays are not allowed")
	}
	if !c.build {
		return nil
	}
	if len(c.branches) == 0 {
		c.branches = []branch{nil}
	}
	for i := range c.branches {
		c.branches[i] = c.branches[i].put(field{name: name, patterns: pats})
	}
	return nil
}

// endObject requires the end of a one-key match expression.
func (c *compiler) endObject(reason string) *Error {
	if c.lx.next() != tokEndObject {
		return c.fail(reason)
	}
	return nil
}

const oneKey = "Only one key allowed in match expression"

// matchExpression reads {"operator": operand}, whose '{' was just read.
func (c *compiler) matchExpression() (pattern, *Error) {
	if c.lx.next() != tokField {
		return pattern{}, c.fail("Match expression name not found")
	}
	op := c.lx.text()
	switch op {
	case "prefix", "suffix", "equals-ignore-case":
		if c.lx.next() != tokString {
			return pattern{}, c.fail(op + " match pattern must be a string")
		}
		p := pattern{op: stringOps[op], text: c.lx.text()}
		return p, c.endObject(oneKey)
	case "numeric":
		if c.lx.next() != tokStartArray {
			return pattern{}, c.fail("Value of numeric must be an array.")
		}
		p, err := c.numeric()
		if err != nil {
			return pattern{}, err
		}
		return p, c.endObject(tooManyElements)
	case "anything-but":
		return c.anythingBut()
	case "exists":
		var p pattern
		switch c.lx.next() {
		case tokTrue:
			p.op = opExists
		case tokFalse:
			p.op = opAbsent
		default:
			return pattern{}, c.fail("exists match pattern must be either true or false.")
		}
		return p, c.endObject(oneKey)
	case "cidr":
		if c.lx.next() != tokString {
			// AWS's message names the wrong operator; kept as AWS sends it.
			return pattern{}, c.fail("prefix match pattern must be a string")
		}
		prefix, err := parseCIDR(c.lx.text())
		if err != nil {
			return pattern{}, err
		}
		return pattern{op: opCIDR, net: prefix}, c.endObject(oneKey)
	}
	return pattern{}, c.fail("Unrecognized match type " + op)
}

var stringOps = map[string]patternOp{
	"prefix": opPrefix, "suffix": opSuffix, "equals-ignore-case": opEqualsIgnoreCase,
}
