// Package query is the AWS query protocol as SQS and SNS both speak it:
// requests are forms (Action=...) that Decode reads into typed inputs,
// replies are XML documents and errors XML ErrorResponses that a Dialect
// writes. A service gives its own namespace and error kinds; everything
// else is shared.
package query

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MaxMember bounds the member numbers a strict decoder accepts, so that a
// hostile "Entry.999999999.Id" is refused before anything is allocated.
const MaxMember = 1000

// Members says what Decode does with a list or map member whose number is
// not one: "Tag.x.Key", "Tag.0.Key", "Tag.1001.Key".
type Members uint8

const (
	// Strict refuses such a member: SQS answers MalformedQueryString.
	Strict Members = iota
	// Lenient skips it, as SNS does; any positive number is a member.
	Lenient
)

// Decode fills the struct dst points to from a query-protocol form. Each
// exported field is read from the key its `query` tag names (else its
// `json` tag's name, else its own name), under the prefix of the structs
// that hold it; an embedded struct shares its holder's prefix:
//
//   - a string, int, bool or []byte (base64) field from its key; a pointer
//     field is left nil when the key is not sent, so that a handler can tell
//     a member not sent from one sent empty;
//   - a slice from "<Name>.N" (scalars) or "<Name>.N.<Field>" (structs), in
//     member-number order: `query:"AttributeName"`, `query:"TagKeys.member"`;
//   - a map from "<Name>.N.<Key>" and "<Name>.N.<Value>", the entry's key and
//     value names given after the name (default Name and Value):
//     `query:"Attribute,Name,Value"`, `query:"Attributes.entry,key,value"`.
//
// A slice or map with no member is left nil. The error says which key is
// malformed: an integer or boolean that does not parse, base64 that does
// not decode, or (Strict) a member number that is not one.
func Decode(form url.Values, dst any, members Members) error {
	d := decoder{form: form, members: members}
	return d.decodeStruct("", reflect.ValueOf(dst).Elem())
}

type decoder struct {
	form    url.Values
	members Members
}

// field is what Decode needs of one struct field, read once per type.
type field struct {
	index              int
	name               string
	keyName, valueName string
	// embedded is an embedded struct, decoded under its holder's prefix.
	embedded bool
}

var fieldsCache sync.Map // reflect.Type -> []field

// fieldsOf returns the fields Decode fills of struct type t.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldsCache.Load(t); ok {
		return fs.([]field)
	}
	fs := make([]field, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			fs = append(fs, field{index: i, embedded: true})
			continue
		}
		if !f.IsExported() {
			continue
		}
		fd := field{index: i, name: f.Name, keyName: "Name", valueName: "Value"}
		if tag, ok := f.Tag.Lookup("query"); ok {
			parts := strings.Split(tag, ",")
			fd.name = parts[0]
			if len(parts) == 3 {
				fd.keyName, fd.valueName = parts[1], parts[2]
			}
		} else if tag, ok := f.Tag.Lookup("json"); ok {
			fd.name, _, _ = strings.Cut(tag, ",")
		}
		fs = append(fs, fd)
	}
	actual, _ := fieldsCache.LoadOrStore(t, fs)
	return actual.([]field)
}

func (d *decoder) decodeStruct(prefix string, v reflect.Value) error {
	for _, f := range fieldsOf(v.Type()) {
		if f.embedded {
			if err := d.decodeStruct(prefix, v.Field(f.index)); err != nil {
				return err
			}
			continue
		}
		if err := d.decodeField(prefix+f.name, f.keyName, f.valueName, v.Field(f.index)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) decodeField(key, keyName, valueName string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer:
		s, ok := d.value(key)
		if !ok {
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if err := decodeScalar(s, key, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // []byte
			if s, ok := d.value(key); ok {
				return decodeScalar(s, key, v)
			}
			return nil
		}
		return d.decodeList(key, v)
	case reflect.Map:
		return d.decodeMap(key, keyName, valueName, v)
	case reflect.Struct:
		return d.decodeStruct(key+".", v)
	default:
		if s, ok := d.value(key); ok {
			return decodeScalar(s, key, v)
		}
		return nil
	}
}

// value is the key's first value and whether the key was sent.
func (d *decoder) value(key string) (string, bool) {
	vs, ok := d.form[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func decodeScalar(s, key string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("value %q for parameter %s is not a valid integer", s, key)
		}
		v.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("value %q for parameter %s is not a valid boolean", s, key)
		}
		v.SetBool(b)
	case reflect.Slice: // []byte, base64 on the wire
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return fmt.Errorf("value for parameter %s is not valid base64", key)
		}
		v.SetBytes(b)
	default:
		return fmt.Errorf("parameter %s has an unsupported type %s", key, v.Type())
	}
	return nil
}

// indexes returns the member numbers N present as "prefix.N" or
// "prefix.N.*", in order.
func (d *decoder) indexes(prefix string) ([]int, error) {
	var seen map[int]bool
	p := prefix + "."
	for k := range d.form {
		rest, ok := strings.CutPrefix(k, p)
		if !ok {
			continue
		}
		numStr, _, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(numStr)
		if err != nil || n < 1 || (d.members == Strict && n > MaxMember) {
			if d.members == Lenient {
				continue
			}
			return nil, fmt.Errorf("parameter %s has an invalid member number %q", prefix, numStr)
		}
		if seen == nil {
			seen = map[int]bool{}
		}
		seen[n] = true
	}
	if len(seen) == 0 {
		return nil, nil
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

func (d *decoder) decodeList(key string, v reflect.Value) error {
	idx, err := d.indexes(key)
	if err != nil || len(idx) == 0 {
		return err
	}
	list := reflect.MakeSlice(v.Type(), len(idx), len(idx))
	for i, n := range idx {
		if err := d.decodeField(key+"."+strconv.Itoa(n), "Name", "Value", list.Index(i)); err != nil {
			return err
		}
	}
	v.Set(list)
	return nil
}

func (d *decoder) decodeMap(key, keyName, valueName string, v reflect.Value) error {
	idx, err := d.indexes(key)
	if err != nil || len(idx) == 0 {
		return err
	}
	m := reflect.MakeMapWithSize(v.Type(), len(idx))
	for _, n := range idx {
		entry := key + "." + strconv.Itoa(n) + "."
		name := d.form.Get(entry + keyName)
		val := reflect.New(v.Type().Elem()).Elem()
		if err := d.decodeField(entry+valueName, "Name", "Value", val); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(name).Convert(v.Type().Key()), val)
	}
	v.Set(m)
	return nil
}
