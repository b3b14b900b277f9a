package sns

import (
	"cmp"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/store"
)

// Writing state through to a store (Config.Store). An operation that
// changes an account marks it (changedLocked) while it holds s.mu; once the
// operation is done, and before it is answered, dispatch writes every
// marked account whole (flush). A write that fails answers InternalError,
// so that nothing unstored is acknowledged, and leaves the accounts marked
// for the next flush. Without a store, both do nothing.
//
// Not kept: the delivery log and HTTP deliveries under way.

// persister is where a service writes its accounts.
type persister struct {
	store store.Store
	// mu orders the writes: a flush snapshots and writes under it, so a
	// later snapshot is never overwritten by an earlier one.
	mu sync.Mutex
	// dirty holds the ids of the accounts changed since the last flush;
	// guarded by Service.mu.
	dirty map[string]bool
}

// changedLocked marks an account to write at the next flush. The caller
// holds s.mu.
func (s *Service) changedLocked(accountID string) {
	if s.persist != nil {
		s.persist.dirty[accountID] = true
	}
}

// flush writes the accounts changed since the last flush.
func (s *Service) flush() *awserr.Error {
	p := s.persist
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s.mu.Lock()
	if len(p.dirty) == 0 {
		s.mu.Unlock()
		return nil
	}
	accounts := sortedKeys(p.dirty)
	changes := make([]store.Change, 0, len(accounts))
	for _, id := range accounts {
		if a := s.accounts[id]; a != nil && !a.empty() {
			changes = append(changes, store.PutSNSAccount{Account: a.snapshot(s.cfg.Clock.Now())})
		} else {
			changes = append(changes, store.DeleteSNSAccount{Account: id})
		}
	}
	clear(p.dirty)
	s.mu.Unlock()
	if err := p.store.Apply(changes...); err != nil {
		s.mu.Lock()
		for _, id := range accounts {
			p.dirty[id] = true
		}
		s.mu.Unlock()
		s.cfg.Logger.Error("write the SNS state", "accounts", accounts, "err", err)
		return errInternal.New()
	}
	return nil
}

// empty reports whether the account holds nothing a store keeps.
func (a *account) empty() bool {
	return len(a.topics) == 0 && len(a.subs) == 0 && len(a.apps) == 0 && len(a.endpoints) == 0 &&
		len(a.smsAttrs) == 0 && len(a.optedOut) == 0 && len(a.sandbox) == 0
}

// snapshot copies what a store keeps of the account. The caller holds s.mu.
func (a *account) snapshot(now time.Time) *store.SNSAccount {
	out := &store.SNSAccount{Account: a.id}
	for _, arn := range a.order {
		t := a.topics[arn]
		tags := make([][2]string, len(t.tags))
		for i, tag := range t.tags {
			tags[i] = [2]string{tag.Key, tag.Value}
		}
		out.Topics = append(out.Topics, store.Topic{
			ARN: t.arn, Name: t.name, Region: t.region, Account: t.account, FIFO: t.fifo,
			Attrs: maps.Clone(t.attrs), Tags: tags, Subscriptions: slices.Clone(t.subs),
			Seq: t.seq, DataProtection: t.dataProtection, Dedup: t.dedupSnapshot(now),
		})
	}
	for _, arn := range sortedKeys(a.subs) {
		sub := a.subs[arn]
		out.Subscriptions = append(out.Subscriptions, store.Subscription{
			ARN: sub.arn, TopicARN: sub.topicARN, Protocol: sub.protocol, Endpoint: sub.endpoint,
			Owner: sub.owner, Attrs: maps.Clone(sub.attrs), Confirmed: sub.confirmed,
			Authenticated: sub.authenticated, Token: sub.token,
		})
	}
	for _, arn := range a.appOrder {
		app := a.apps[arn]
		out.Apps = append(out.Apps, store.PlatformApp{ARN: app.arn, Name: app.name, Platform: app.platform,
			Region: app.region, Attrs: maps.Clone(app.attrs), Endpoints: slices.Clone(app.endpoints)})
	}
	for _, arn := range sortedKeys(a.endpoints) {
		e := a.endpoints[arn]
		out.Endpoints = append(out.Endpoints, store.PlatformEndpoint{ARN: e.arn, App: e.app, Attrs: maps.Clone(e.attrs)})
	}
	if len(a.smsAttrs) > 0 {
		out.SMSAttrs = make(map[string]map[string]string, len(a.smsAttrs))
		for region, attrs := range a.smsAttrs {
			out.SMSAttrs[region] = maps.Clone(attrs)
		}
	}
	out.OptedOut = sortedKeys(a.optedOut)
	for _, phone := range sortedKeys(a.sandbox) {
		n := a.sandbox[phone]
		out.Sandbox = append(out.Sandbox, store.SandboxNumber{Phone: n.phone, Status: n.status, OTP: n.otp})
	}
	return out
}

// Restore puts back the accounts a store held, before the service serves
// any request. Subscriptions keep their ARNs, confirmation state and
// tokens, so a confirmation link or an unsubscribe link from before a
// restart still works; filter policies are compiled again.
func (s *Service) Restore(accounts []store.SNSAccount) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range accounts {
		st := &accounts[i]
		a := newAccount(st.Account)
		for _, rt := range st.Topics {
			t := &topic{
				arn: rt.ARN, name: rt.Name, region: rt.Region, account: rt.Account, fifo: rt.FIFO,
				attrs: maps.Clone(rt.Attrs), subs: slices.Clone(rt.Subscriptions), seq: rt.Seq,
				dedup: map[string]dedupEntry{}, dataProtection: rt.DataProtection,
			}
			for _, d := range rt.Dedup {
				if until := time.Unix(0, d.Until); now.Before(until) {
					t.dedup[d.ID] = dedupEntry{until: until, messageID: d.MessageID, seq: d.Seq}
				}
			}
			if t.attrs == nil {
				t.attrs = map[string]string{}
			}
			for _, tag := range rt.Tags {
				t.tags = append(t.tags, pair{Key: tag[0], Value: tag[1]})
			}
			a.topics[t.arn] = t
			a.order = append(a.order, t.arn)
		}
		for _, rs := range st.Subscriptions {
			sub := &subscription{
				arn: rs.ARN, topicARN: rs.TopicARN, protocol: rs.Protocol, endpoint: rs.Endpoint,
				owner: rs.Owner, attrs: map[string]string{}, confirmed: rs.Confirmed,
				authenticated: rs.Authenticated, token: rs.Token,
			}
			for k, v := range rs.Attrs {
				sub.setAttribute(k, v)
			}
			if policy := sub.attrs[attrFilterPolicy]; policy != "" {
				p, problem := compileFilterPolicy(policy, sub.attrs[attrFilterPolicyScope])
				if problem != nil {
					s.cfg.Logger.Error("restore a subscription's filter policy", "subscription", sub.arn, "err", problem)
				}
				sub.filter = p
			}
			if sub.token != "" {
				a.tokens[sub.token] = sub.arn
			}
			a.subs[sub.arn] = sub
		}
		for _, ra := range st.Apps {
			app := &platformApp{arn: ra.ARN, name: ra.Name, platform: ra.Platform, region: ra.Region,
				attrs: maps.Clone(ra.Attrs), endpoints: slices.Clone(ra.Endpoints)}
			if app.attrs == nil {
				app.attrs = map[string]string{}
			}
			a.apps[app.arn] = app
			a.appOrder = append(a.appOrder, app.arn)
		}
		for _, re := range st.Endpoints {
			e := &platformEndpoint{arn: re.ARN, app: re.App, attrs: maps.Clone(re.Attrs)}
			if e.attrs == nil {
				e.attrs = map[string]string{}
			}
			a.endpoints[e.arn] = e
		}
		for region, attrs := range st.SMSAttrs {
			a.smsAttrs[region] = maps.Clone(attrs)
		}
		for _, phone := range st.OptedOut {
			a.optedOut[phone] = true
		}
		for _, n := range st.Sandbox {
			a.sandbox[n.Phone] = &sandboxNumber{phone: n.Phone, status: n.Status, otp: n.OTP}
		}
		s.accounts[a.id] = a
	}
}

// dedupSnapshot is what a store keeps of t's deduplication ids: those
// still within their window at now, oldest first. The caller holds s.mu.
func (t *topic) dedupSnapshot(now time.Time) []store.TopicDedup {
	var out []store.TopicDedup
	for id, e := range t.dedup {
		if now.Before(e.until) {
			out = append(out, store.TopicDedup{ID: id, MessageID: e.messageID, Seq: e.seq, Until: e.until.UnixNano()})
		}
	}
	slices.SortFunc(out, func(a, b store.TopicDedup) int { return cmp.Or(cmp.Compare(a.Until, b.Until), cmp.Compare(a.ID, b.ID)) })
	return out
}
