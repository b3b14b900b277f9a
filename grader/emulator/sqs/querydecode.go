package sqs

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// maxQueryIndex bounds the member numbers a query request may use, so that a
// hostile "Entry.999999999.Id" cannot make the decoder allocate.
const maxQueryIndex = 1000

// decodeQuery fills the struct that dst points to from a query-protocol form,
// following the `query` tags described in types.go.
func decodeQuery(form url.Values, dst any) error {
	return decodeStruct(form, "", reflect.ValueOf(dst).Elem())
}

func decodeStruct(form url.Values, prefix string, v reflect.Value) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts := queryName(f)
		if err := decodeField(form, prefix+name, opts, v.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

func queryName(f reflect.StructField) (string, []string) {
	if tag, ok := f.Tag.Lookup("query"); ok {
		parts := strings.Split(tag, ",")
		return parts[0], parts[1:]
	}
	if tag, ok := f.Tag.Lookup("json"); ok {
		name, _, _ := strings.Cut(tag, ",")
		return name, nil
	}
	return f.Name, nil
}

func decodeField(form url.Values, key string, opts []string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer:
		if _, ok := form[key]; !ok {
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if err := decodeScalar(form.Get(key), key, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // []byte
			if _, ok := form[key]; !ok {
				return nil
			}
			return decodeScalar(form.Get(key), key, v)
		}
		return decodeList(form, key, v)
	case reflect.Map:
		keyName, valueName := "Name", "Value"
		if len(opts) == 2 {
			keyName, valueName = opts[0], opts[1]
		}
		return decodeMap(form, key, keyName, valueName, v)
	case reflect.Struct:
		return decodeStruct(form, key+".", v)
	default:
		if _, ok := form[key]; !ok {
			return nil
		}
		return decodeScalar(form.Get(key), key, v)
	}
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

// indexes returns the member numbers N present as "prefix.N" or "prefix.N.*",
// in order.
func indexes(form url.Values, prefix string) ([]int, error) {
	seen := map[int]bool{}
	p := prefix + "."
	for k := range form {
		rest, ok := strings.CutPrefix(k, p)
		if !ok {
			continue
		}
		numStr, _, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(numStr)
		if err != nil || n < 1 || n > maxQueryIndex {
			return nil, fmt.Errorf("parameter %s has an invalid member number %q", prefix, numStr)
		}
		seen[n] = true
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

func decodeList(form url.Values, key string, v reflect.Value) error {
	idx, err := indexes(form, key)
	if err != nil || len(idx) == 0 {
		return err
	}
	list := reflect.MakeSlice(v.Type(), len(idx), len(idx))
	for i, n := range idx {
		if err := decodeField(form, key+"."+strconv.Itoa(n), nil, list.Index(i)); err != nil {
			return err
		}
	}
	v.Set(list)
	return nil
}

func decodeMap(form url.Values, key, keyName, valueName string, v reflect.Value) error {
	idx, err := indexes(form, key)
	if err != nil || len(idx) == 0 {
		return err
	}
	m := reflect.MakeMapWithSize(v.Type(), len(idx))
	for _, n := range idx {
		entry := key + "." + strconv.Itoa(n) + "."
		name := form.Get(entry + keyName)
		val := reflect.New(v.Type().Elem()).Elem()
		if err := decodeField(form, entry+valueName, nil, val); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(name), val)
	}
	v.Set(m)
	return nil
}
