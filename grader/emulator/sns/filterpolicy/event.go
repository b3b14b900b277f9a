package filterpolicy

import (
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// leaf is one value of a message under its full dotted key name, with the
// array elements it sits in, so that values matched for different keys can
// be required to come from the same element of an array they share.
type leaf struct {
	val    value
	arrays []arrayPos
}

type arrayPos struct{ id, index int }

// flattener turns a JSON value into leaves, keeping only the names the
// policy tests.
type flattener struct {
	p      *Policy
	leaves map[string][]leaf
	nextID int
}

func (f *flattener) add(name string, v value, arrays []arrayPos) {
	if _, ok := f.p.names[name]; !ok {
		return
	}
	if f.leaves == nil {
		f.leaves = map[string][]leaf{}
	}
	f.leaves[name] = append(f.leaves[name], leaf{val: v, arrays: arrays})
}

// walk visits a parsed JSON value.
func (f *flattener) walk(name string, n *node, arrays []arrayPos) {
	switch n.kind {
	case kindObject:
		for _, m := range n.members {
			k := joinName(name, m.key)
			if f.reaches(k) {
				f.walk(k, m.value, arrays)
			}
		}
	case kindArray:
		f.nextID++
		id := f.nextID
		for i, item := range n.items {
			inner := make([]arrayPos, len(arrays), len(arrays)+1)
			copy(inner, arrays)
			f.walk(name, item, append(inner, arrayPos{id: id, index: i}))
		}
	case kindString:
		f.add(name, stringValue(n.text), arrays)
	case kindNumber:
		f.add(name, numberValue(n.text), arrays)
	case kindTrue:
		f.add(name, value{kind: valTrue}, arrays)
	case kindFalse:
		f.add(name, value{kind: valFalse}, arrays)
	case kindNull:
		f.add(name, value{kind: valNull}, arrays)
	}
}

// reaches reports whether a key name is, or leads to, a name the policy tests.
func (f *flattener) reaches(name string) bool {
	if _, ok := f.p.names[name]; ok {
		return true
	}
	_, ok := f.p.prefixes[name]
	return ok
}

// bodyLeaves flattens a JSON object body; ok is false when the body is not
// a JSON object. Like AWS's JSON reader, it ignores text after the object.
func (p *Policy) bodyLeaves(body string) (map[string][]leaf, bool) {
	root, err := readTree(body)
	if err != nil || root.kind != kindObject {
		return nil, false
	}
	f := flattener{p: p}
	f.walk("", root, nil)
	return f.leaves, true
}

// attributeLeaves turns message attributes into leaves: String as a string,
// Number as a number, String.Array as its elements; Binary is left out.
func (p *Policy) attributeLeaves(attrs map[string]msgattr.Value) map[string][]leaf {
	f := flattener{p: p}
	for name := range p.names {
		a, ok := attrs[name]
		if !ok {
			continue
		}
		switch {
		case a.DataType == "String.Array":
			if root, err := readTree(a.StringValue); err == nil && root.kind == kindArray {
				f.walk(name, root, nil)
			}
		case msgattr.BaseType(a.DataType) == "Binary":
		case msgattr.BaseType(a.DataType) == "Number" && isNumber(a.StringValue):
			f.add(name, numberValue(strings.TrimSpace(a.StringValue)), nil)
		default:
			f.add(name, stringValue(a.StringValue), nil)
		}
	}
	return f.leaves
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}
