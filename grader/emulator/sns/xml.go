package sns

// The shapes of SNS's XML replies; package query writes them.

// xmlEntry is one key/value pair of an Attributes map.
type xmlEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

// xmlAttributes encodes a string map as AWS does: <entry><key/><value/></entry>,
// in key order so that responses are stable.
type xmlAttributes struct {
	Entries []xmlEntry `xml:"entry"`
}

func toXMLAttributes(m map[string]string) xmlAttributes {
	keys := sortedKeys(m)
	out := xmlAttributes{Entries: make([]xmlEntry, 0, len(keys))}
	for _, k := range keys {
		out.Entries = append(out.Entries, xmlEntry{Key: k, Value: m[k]})
	}
	return out
}

// noResult is the reply of an operation that AWS answers with no Result
// element (DeleteTopic, SetTopicAttributes, ...): its handler returns a nil
// *noResult. An operation whose reply is an empty Result element returns an
// emptyResult instead.
type noResult struct{}

// xmlList is a list as AWS encodes it: <Name><member/>...</Name>. The
// wrapper element is written even for an empty list, as AWS does, so that
// boto3 shows an empty list rather than no key.
type xmlList[T any] struct {
	Members []T `xml:"member"`
}
