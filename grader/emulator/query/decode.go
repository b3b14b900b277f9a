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
	return d.decodeStruct(d.key[:0], reflect.ValueOf(dst).Elem())
}

// decoder builds each key it looks up in key, so that a lookup allocates
// nothing: form[string(b)] does not copy b.
type decoder struct {
	form    url.Values
	members Members
	key     [128]byte
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

// decodeStruct decodes v's fields under prefix; it may write past
// len(prefix), never before.
func (d *decoder) decodeStruct(prefix []byte, v reflect.Value) error {
	for _, f := range fieldsOf(v.Type()) {
		if f.embedded {
			if err := d.decodeStruct(prefix, v.Field(f.index)); err != nil {
				return err
			}
			continue
		}
		if err := d.decodeField(append(prefix, f.name...), f.keyName, f.valueName, v.Field(f.index)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) decodeField(key []byte, keyName, valueName string, v reflect.Value) error {
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
		return d.decodeStruct(append(key, '.'), v)
	default:
		if s, ok := d.value(key); ok {
			return decodeScalar(s, key, v)
		}
		return nil
	}
}

// value is the key's first value and whether the key was sent.
func (d *decoder) value(key []byte) (string, bool) {
	vs, ok := d.form[string(key)]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func decodeScalar(s string, key []byte, v reflect.Value) error {
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
func (d *decoder) indexes(prefix []byte) ([]int, error) {
	var out []int
	for k := range d.form {
		if len(k) <= len(prefix) || k[len(prefix)] != '.' || k[:len(prefix)] != string(prefix) {
			continue
		}
		numStr, _, _ := strings.Cut(k[len(prefix)+1:], ".")
		n, err := strconv.Atoi(numStr)
		if err != nil || n < 1 || (d.members == Strict && n > MaxMember) {
			if d.members == Lenient {
				continue
			}
			return nil, fmt.Errorf("parameter %s has an invalid member number %q", prefix, numStr)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func (d *decoder) decodeList(key []byte, v reflect.Value) error {
	idx, err := d.indexes(key)
	if err != nil || len(idx) == 0 {
		return err
	}
	list := reflect.MakeSlice(v.Type(), len(idx), len(idx))
	for i, n := range idx {
		member := strconv.AppendInt(append(key, '.'), int64(n), 10)
		if err := d.decodeField(member, "Name", "Value", list.Index(i)); err != nil {
			return err
		}
	}
	v.Set(list)
	return nil
}

func (d *decoder) decodeMap(key []byte, keyName, valueName string, v reflect.Value) error {
	idx, err := d.indexes(key)
	if err != nil || len(idx) == 0 {
		return err
	}
	m := reflect.MakeMapWithSize(v.Type(), len(idx))
	for _, n := range idx {
		entry := append(strconv.AppendInt(append(key, '.'), int64(n), 10), '.')
		name, _ := d.value(append(entry, keyName...))
		val := reflect.New(v.Type().Elem()).Elem()
		if err := d.decodeField(append(entry, valueName...), "Name", "Value", val); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(name).Convert(v.Type().Key()), val)
	}
	v.Set(m)
	return nil
}
