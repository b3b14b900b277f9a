package sns

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// The query protocol flattens lists and maps into numbered form keys:
// "Tags.member.1.Key", "Attributes.entry.1.key". These helpers read them back
// in index order.

// indices returns the distinct numbers N of keys "<prefix>.N..." in form, in
// ascending order. Keys whose N is not a positive number are ignored, as AWS
// ignores them.
func indices(form url.Values, prefix string) []int {
	p := prefix + "."
	seen := map[int]bool{}
	for k := range form {
		rest, ok := strings.CutPrefix(k, p)
		if !ok {
			continue
		}
		if i := strings.IndexByte(rest, '.'); i >= 0 {
			rest = rest[:i]
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			continue
		}
		seen[n] = true
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// members reads a list "<prefix>.member.N".
func members(form url.Values, prefix string) []string {
	var out []string
	for _, n := range indices(form, prefix+".member") {
		out = append(out, form.Get(prefix+".member."+strconv.Itoa(n)))
	}
	return out
}

// pair is one key/value read from a flattened map or tag list.
type pair struct{ Key, Value string }

// entries reads a map "<prefix>.entry.N.<keyName>" / ".<valueName>" in order.
func entries(form url.Values, prefix, keyName, valueName string) []pair {
	var out []pair
	for _, n := range indices(form, prefix+".entry") {
		base := prefix + ".entry." + strconv.Itoa(n) + "."
		out = append(out, pair{Key: form.Get(base + keyName), Value: form.Get(base + valueName)})
	}
	return out
}

// attributeMap reads the "Attributes" map of CreateTopic and Subscribe.
func attributeMap(form url.Values) map[string]string { return stringMap(form, "Attributes") }

// stringMap reads a map "<prefix>.entry.N.key" / ".value"; nil when the
// request has no entry, which AWS treats as a map not sent (an SDK sends an
// empty map as a bare "<prefix>=").
func stringMap(form url.Values, prefix string) map[string]string {
	es := entries(form, prefix, "key", "value")
	if len(es) == 0 {
		return nil
	}
	m := make(map[string]string, len(es))
	for _, e := range es {
		m[e.Key] = e.Value
	}
	return m
}

// present returns a form value and whether it was sent non-empty: AWS
// treats an empty query parameter as a member not sent.
func present(form url.Values, key string) (string, bool) {
	v := form.Get(key)
	return v, v != ""
}

// tagList reads "Tags.member.N.Key" / ".Value".
func tagList(form url.Values) []pair {
	var out []pair
	for _, n := range indices(form, "Tags.member") {
		base := "Tags.member." + strconv.Itoa(n) + "."
		out = append(out, pair{Key: form.Get(base + "Key"), Value: form.Get(base + "Value")})
	}
	return out
}

// optional returns a form value and whether the key was sent at all, since
// AWS tells an empty Subject apart from a missing one.
func optional(form url.Values, key string) (string, bool) {
	vs, ok := form[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
