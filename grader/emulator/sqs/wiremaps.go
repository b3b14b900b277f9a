package sqs

import (
	"encoding/base64"
	"encoding/xml"
	"slices"
	"strings"
)

// The query protocol flattens maps into repeated elements; these map types
// marshal to JSON as plain objects and to XML the way AWS writes them.

// nameValueMap is a map written as <X><Name/><Value/></X> (queue and message
// system attributes).
type nameValueMap map[string]string

// keyValueMap is a map written as <X><Key/><Value/></X> (tags).
type keyValueMap map[string]string

// messageAttrs is a map of message attributes written as
// <MessageAttribute><Name/><Value>...</Value></MessageAttribute>.
type messageAttrs map[string]AttributeValue

func (m nameValueMap) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalPairs(e, start, "Name", m)
}

func (m keyValueMap) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalPairs(e, start, "Key", m)
}

func marshalPairs(e *xml.Encoder, start xml.StartElement, keyName string, m map[string]string) error {
	for _, k := range sortedKeys(m) {
		if err := e.EncodeToken(start); err != nil {
			return err
		}
		if err := e.EncodeElement(k, xml.StartElement{Name: xml.Name{Local: keyName}}); err != nil {
			return err
		}
		if err := e.EncodeElement(m[k], xml.StartElement{Name: xml.Name{Local: "Value"}}); err != nil {
			return err
		}
		if err := e.EncodeToken(start.End()); err != nil {
			return err
		}
	}
	return nil
}

func (m messageAttrs) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	el := func(name, v string) error {
		return e.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}})
	}
	for _, k := range sortedKeys(m) {
		v := m[k]
		valueStart := xml.StartElement{Name: xml.Name{Local: "Value"}}
		steps := []func() error{
			func() error { return e.EncodeToken(start) },
			func() error { return el("Name", k) },
			func() error { return e.EncodeToken(valueStart) },
		}
		if strings.HasPrefix(v.DataType, "Binary") {
			steps = append(steps, func() error { return el("BinaryValue", base64.StdEncoding.EncodeToString(v.BinaryValue)) })
		} else {
			steps = append(steps, func() error { return el("StringValue", v.StringValue) })
		}
		steps = append(steps,
			func() error { return el("DataType", v.DataType) },
			func() error { return e.EncodeToken(valueStart.End()) },
			func() error { return e.EncodeToken(start.End()) },
		)
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
