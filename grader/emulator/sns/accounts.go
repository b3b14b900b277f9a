package sns

import "sort"

// Accounts returns, sorted, the accounts that hold at least one topic or
// subscription.
func (s *Service) Accounts() []string {
	s.mu.Lock()
	out := make([]string, 0, len(s.accounts))
	for id, a := range s.accounts {
		if len(a.topics) > 0 || len(a.subs) > 0 {
			out = append(out, id)
		}
	}
	s.mu.Unlock()
	sort.Strings(out)
	return out
}
