package filterpolicy

// The SNS limits on top of the rule syntax. AWS reports them without a
// position.

const (
	maxKeys       = 5
	maxComplexity = 150
)

// checkLimits applies the key count, the scope's nesting rule and the
// complexity limit to a policy that compiled.
func checkLimits(root *node, scope Scope) *Error {
	// Only the top-level keys count, for a nested policy too.
	if len(root.members) > maxKeys {
		return policyError("Filter policy can not have more than 5 keys")
	}
	if !scope.isBody() && nested(root) {
		return &Error{Reason: "Filter policy scope MessageAttributes does not support nested filter policy"}
	}
	if complexity(root, 1) > maxComplexity {
		return policyError("Filter policy is too complex")
	}
	return nil
}

// nested reports whether a key has an object as its value (the objects of
// $or do not count: they are alternatives at the same level).
func nested(obj *node) bool {
	for _, m := range obj.members {
		if m.key == "$or" && m.value.kind == kindArray {
			for _, alt := range m.value.items {
				if alt.kind == kindObject && nested(alt) {
					return true
				}
			}
			continue
		}
		if m.value.kind == kindObject {
			return true
		}
	}
	return false
}

// complexity is AWS's "total combination" count: the product, over the keys
// that must all match, of the number of values of each key times the key's
// nesting depth, with $or alternatives adding up. It saturates well above the
// limit so that large policies cannot overflow it.
func complexity(obj *node, depth uint64) uint64 {
	total := uint64(1)
	for _, m := range obj.members {
		var c uint64
		switch {
		case m.key == "$or" && m.value.kind == kindArray:
			for _, alt := range m.value.items {
				if alt.kind == kindObject {
					c = saturatingAdd(c, complexity(alt, depth))
				}
			}
		case m.value.kind == kindObject:
			c = complexity(m.value, depth+1)
		case m.value.kind == kindArray:
			c = saturatingMul(uint64(len(m.value.items)), depth)
		default:
			c = 1
		}
		total = saturatingMul(total, c)
	}
	return total
}

const saturation = 1 << 32

func saturatingAdd(a, b uint64) uint64 { return min(a+b, saturation) }

func saturatingMul(a, b uint64) uint64 {
	if a != 0 && b > saturation/a {
		return saturation
	}
	return min(a*b, saturation)
}
