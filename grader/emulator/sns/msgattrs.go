package sns

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// maxAttributeNameBytes is AWS's bound on a message attribute name (exclusive).
const maxAttributeNameBytes = 256

// messageAttributeEntry is one message attribute on the wire:
// "MessageAttributes.entry.N.Name" and ".Value.{DataType,StringValue,
// BinaryValue}", each value a pointer, as AWS tells an empty value from
// none. They stay a list, in member order, so that the first invalid one
// is the one AWS names.
type messageAttributeEntry struct {
	Name  string
	Value struct {
		DataType, StringValue, BinaryValue *string
	}
}

// messageAttributes validates a message's attributes. path is the member
// path AWS names in validation errors ("messageAttributes" or
// "publishBatchRequestEntries.1.member.messageAttributes").
func messageAttributes(entries []messageAttributeEntry, path string) (map[string]msgattr.Value, *awserr.Error) {
	if len(entries) == 0 {
		return nil, nil
	}
	out := make(map[string]msgattr.Value, len(entries))
	for i := range entries {
		e := &entries[i]
		name := e.Name
		if e.Value.DataType == nil {
			return nil, errValidation.Newf("1 validation error detected: Value null at '%s.%s.member.dataType' failed to satisfy constraint: Member must not be null", path, name)
		}
		dataType := *e.Value.DataType
		if err := validateAttributeName(name); err != nil {
			return nil, err
		}
		str, hasString := deref(e.Value.StringValue)
		bin, hasBinary := deref(e.Value.BinaryValue)
		v, err := attributeValue(name, dataType, str, hasString, bin, hasBinary)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

// deref is *p and whether p was sent.
func deref(p *string) (string, bool) {
	if p == nil {
		return "", false
	}
	return *p, true
}

func attributeValue(name, dataType, str string, hasString bool, bin string, hasBinary bool) (msgattr.Value, *awserr.Error) {
	base := msgattr.BaseType(dataType)
	custom, hasCustom := strings.CutPrefix(dataType, base+".")
	if (base != "String" && base != "Number" && base != "Binary") || (hasCustom && custom == "") {
		return msgattr.Value{}, errParameterValueInvalid.Newf("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
	}
	v := msgattr.Value{DataType: dataType}
	if base == "Binary" {
		if hasString && !hasBinary {
			return v, errParameterValueInvalid.Newf("The message attribute '%s' with type 'Binary' must use field 'Binary'.", name)
		}
		raw, err := base64.StdEncoding.DecodeString(bin)
		if err != nil {
			return v, errParameterValueInvalid.Newf("The message attribute '%s' has an invalid Base64 binary value.", name)
		}
		if len(raw) == 0 {
			return v, emptyAttributeValue(name, base)
		}
		v.BinaryValue = raw
		return v, nil
	}
	if hasBinary && !hasString {
		return v, errParameterValueInvalid.Newf("The message attribute '%s' with type '%s' must use field 'String'.", name, base)
	}
	if str == "" {
		return v, emptyAttributeValue(name, base)
	}
	if base == "Number" {
		if _, err := strconv.ParseFloat(strings.TrimSpace(str), 64); err != nil {
			return v, errParameterValueInvalid.Newf("Could not cast message attribute '%s' value to number.", name)
		}
	}
	if dataType == "String.Array" && !json.Valid([]byte(str)) {
		return v, errParameterValueInvalid.Newf("The message attribute '%s' with type 'String.Array' has an invalid value: it must be a JSON array.", name)
	}
	v.StringValue = str
	return v, nil
}

func emptyAttributeValue(name, base string) *awserr.Error {
	return errParameterValueInvalid.Newf("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, base)
}

// validateAttributeName applies AWS's rules for message attribute names.
func validateAttributeName(name string) *awserr.Error {
	if len(name) >= maxAttributeNameBytes {
		return errParameterValueInvalid.Newf("Length of message attribute name must be less than 256 bytes.")
	}
	if name == "" {
		return errParameterValueInvalid.Newf("The message attribute name must not be empty.")
	}
	for _, r := range name {
		if !isAttributeNameChar(r) {
			return errParameterValueInvalid.Newf("Invalid non-alphanumeric character '#x%X' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.", r)
		}
	}
	switch {
	case strings.HasPrefix(name, "."):
		return errParameterValueInvalid.Newf("Invalid message attribute name starting with character '.' was found.")
	case strings.HasSuffix(name, "."):
		return errParameterValueInvalid.Newf("Invalid message attribute name ending with character '.' was found.")
	case strings.Contains(name, ".."):
		return errParameterValueInvalid.Newf("Message attribute name can not have successive '.' character.")
	}
	return nil
}

func isAttributeNameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
}

// attributesSize is what message attributes count towards the message size.
func attributesSize(attrs map[string]msgattr.Value) int {
	n := 0
	for name, v := range attrs {
		n += len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
	}
	return n
}

// envelopeValue is an attribute as the notification envelope shows it:
// binary values base64-encoded.
func envelopeValue(v msgattr.Value) string {
	if v.IsBinary() {
		return base64.StdEncoding.EncodeToString(v.BinaryValue)
	}
	return v.StringValue
}
