package sns

import "sort"

// The shapes SNS's forms share, which package query decodes: lists are
// "<Name>.member.N", maps "<Name>.entry.N.key" / ".value". AWS treats an
// empty query parameter as a member not sent, so a required string member
// is "sent" when it is not empty; a pointer member tells a parameter sent
// empty (Subject, Name) from one not sent.

// pair is one tag: "Tags.member.N.Key" / ".Value".
type pair struct{ Key, Value string }

// noInput is the input of an operation that takes no parameter.
type noInput struct{}

// nextTokenInput is the input of the List* operations that take only a
// NextToken.
type nextTokenInput struct {
	NextToken string
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
