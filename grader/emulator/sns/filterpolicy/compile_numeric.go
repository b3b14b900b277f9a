package filterpolicy

const tooManyElements = "Too many elements in numeric expression"

// numeric reads the operand list of a numeric pattern, whose '[' was just
// read: ["=", n], [">"|">=", n], ["<"|"<=", n] or [">"|">=", n, "<"|"<=", m].
func (c *compiler) numeric() (pattern, *Error) {
	if c.lx.next() != tokString {
		return pattern{}, c.fail("Invalid member in numeric match: " + c.lx.text())
	}
	op := c.lx.text()
	tok := c.lx.next()
	switch op {
	case "=":
		if tok != tokNumber {
			return pattern{}, c.fail("Value of equals must be numeric")
		}
		f := parseNumber(c.lx.text())
		if c.lx.next() != tokEndArray {
			return pattern{}, c.fail(tooManyElements)
		}
		cn, ok := comparable(f)
		if !ok {
			return pattern{}, c.fail(errNumberRange)
		}
		return numericPattern(numericRange{lo: cn, hi: cn, hasLo: true, hasHi: true}), nil
	case ">", ">=":
		if tok != tokNumber {
			return pattern{}, c.fail("Value of " + op + " must be numeric")
		}
		bottom := parseNumber(c.lx.text())
		if c.lx.next() == tokEndArray {
			cn, ok := comparable(bottom)
			if !ok {
				return pattern{}, c.fail(errNumberRange)
			}
			return numericPattern(numericRange{lo: cn, hasLo: true, loOpen: op == ">"}), nil
		}
		return c.numericRange(bottom, op == ">")
	case "<", "<=":
		if tok != tokNumber {
			return pattern{}, c.fail("Value of " + op + " must be numeric")
		}
		top := parseNumber(c.lx.text())
		if c.lx.next() != tokEndArray {
			return pattern{}, c.fail(tooManyElements)
		}
		cn, ok := comparable(top)
		if !ok {
			return pattern{}, c.fail(errNumberRange)
		}
		return numericPattern(numericRange{hi: cn, hasHi: true, hiOpen: op == "<"}), nil
	}
	return pattern{}, c.fail("Unrecognized numeric range operator: " + op)
}

// numericRange reads the upper half of a two-sided range; the token after
// the lower bound is current.
func (c *compiler) numericRange(bottom float64, openBottom bool) (pattern, *Error) {
	if c.lx.tok != tokString {
		return pattern{}, c.fail("Bad value in numeric range: " + c.lx.text())
	}
	op := c.lx.text()
	if op != "<" && op != "<=" {
		return pattern{}, c.fail("Bad numeric range operator: " + op)
	}
	if c.lx.next() != tokNumber {
		return pattern{}, c.fail("Value of " + op + " must be numeric")
	}
	top := parseNumber(c.lx.text())
	if c.lx.next() != tokEndArray {
		return pattern{}, c.fail("Too many terms in numeric range expression")
	}
	if !(bottom < top) {
		return pattern{}, c.fail("Bottom must be less than top")
	}
	lo, okLo := comparable(bottom)
	hi, okHi := comparable(top)
	if !okLo || !okHi {
		return pattern{}, c.fail(errNumberRange)
	}
	return numericPattern(numericRange{
		lo: lo, hasLo: true, loOpen: openBottom,
		hi: hi, hasHi: true, hiOpen: op == "<",
	}), nil
}

func numericPattern(r numericRange) pattern { return pattern{op: opNumeric, rng: r} }
