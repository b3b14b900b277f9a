package emulator

import "sort"

// Accounts returns, sorted, every account that holds a queue, a topic or a
// subscription: where a learner's resources are, whichever access key
// their client used.
func (e *Emulator) Accounts() []string {
	seen := map[string]bool{}
	for _, a := range e.sqs.Accounts() {
		seen[a] = true
	}
	for _, a := range e.sns.Accounts() {
		seen[a] = true
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
