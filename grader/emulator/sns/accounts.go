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

// Reset deletes everything of account (topics, subscriptions, platform
// applications, SMS settings), or of every account when account is "",
// from memory and from the store. It returns how many topics it deleted.
func (s *Service) Reset(account string) int {
	s.mu.Lock()
	n := 0
	for id, a := range s.accounts {
		if account == "" || id == account {
			n += len(a.topics)
			delete(s.accounts, id)
			s.changedLocked(id)
		}
	}
	s.mu.Unlock()
	_ = s.flush() // logged
	return n
}
