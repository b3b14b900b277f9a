package filterpolicy

// anythingBut reads the operand of anything-but: one string or number, a
// list of strings or of numbers, or {"prefix": "..."}. AWS's SNS rejects the
// other nested forms (suffix, equals-ignore-case, ...), as recorded.
func (c *compiler) anythingBut() (pattern, *Error) {
	tok := c.lx.next()
	if tok == tokStartObject {
		return c.anythingButPrefix()
	}
	var p pattern
	switch tok {
	case tokStartArray:
		list, err := c.anythingButList()
		if err != nil {
			return pattern{}, err
		}
		p = list
	case tokString:
		p = pattern{op: opAnythingBut, set: map[string]struct{}{c.lx.text(): {}}}
	case tokNumber:
		cn, ok := comparable(parseNumber(c.lx.text()))
		if !ok {
			return pattern{}, c.fail(errNumberRange)
		}
		p = pattern{op: opAnythingButNumbers, nums: map[int64]struct{}{cn: {}}}
	default:
		return pattern{}, c.fail("Value of anything-but must be an array or single string/number value.")
	}
	return p, c.endObject(tooManyElements)
}

func (c *compiler) anythingButPrefix() (pattern, *Error) {
	if c.lx.next() != tokField {
		return pattern{}, c.fail("Anything-But expression name not found")
	}
	if op := c.lx.text(); op != "prefix" {
		return pattern{}, c.fail("Unsupported anything-but pattern: " + op)
	}
	if c.lx.next() != tokString {
		return pattern{}, c.fail("prefix match pattern must be a string")
	}
	text := c.lx.text()
	if text == "" {
		return pattern{}, c.fail("Null prefix not allowed")
	}
	if err := c.endObject(oneKey); err != nil {
		return pattern{}, err
	}
	if err := c.endObject(oneKey); err != nil {
		return pattern{}, err
	}
	return pattern{op: opAnythingButPrefix, text: text}, nil
}

// anythingButList reads a list of excluded values, whose '[' was just read.
// The values must be all strings or all numbers.
func (c *compiler) anythingButList() (pattern, *Error) {
	strs := map[string]struct{}{}
	nums := map[int64]struct{}{}
	for {
		switch c.lx.next() {
		case tokEndArray:
			switch {
			case len(strs) > 0 && len(nums) == 0:
				return pattern{op: opAnythingBut, set: strs}, nil
			case len(nums) > 0 && len(strs) == 0:
				return pattern{op: opAnythingButNumbers, nums: nums}, nil
			}
			return pattern{}, c.fail("Inside anything but list, either all values are number or string, mixed type is not supported")
		case tokString:
			strs[c.lx.text()] = struct{}{}
		case tokNumber:
			cn, ok := comparable(parseNumber(c.lx.text()))
			if !ok {
				return pattern{}, c.fail(errNumberRange)
			}
			nums[cn] = struct{}{}
		default:
			return pattern{}, c.fail("Inside anything but list, start|null|boolean is not supported.")
		}
	}
}
