package sqs

import "sort"

// Accounts returns, sorted, the accounts that hold at least one queue.
func (s *Service) Accounts() []string {
	s.mu.RLock()
	seen := map[string]bool{}
	for k := range s.queues {
		seen[k.account] = true
	}
	s.mu.RUnlock()
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
