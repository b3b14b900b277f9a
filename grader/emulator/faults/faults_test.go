package faults

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeValidator knows two operations and two error codes per service.
type fakeValidator struct{}

func (fakeValidator) Operation(service, op string) error {
	if op == "ReceiveMessage" || op == "DeleteMessage" || op == "Publish" {
		return nil
	}
	return fmt.Errorf("%s has no operation %s", service, op)
}

func (fakeValidator) Error(service, code string) error {
	if code == "ThrottlingException" || code == "InternalError" {
		return nil
	}
	return fmt.Errorf("%s cannot answer %s", service, code)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		want    Config
		wantErr string
	}{
		{
			name: "yaml",
			file: "seed: 7\nrules:\n  - service: sqs\n    operation: ReceiveMessage\n    queue: ada-q\n    account: \"000000000000\"\n    error: ThrottlingException\n    share: 0.5\n    times: 3\n    latency: 250ms\n",
			want: Config{Seed: 7, Rules: []Rule{{Service: SQS, Operation: "ReceiveMessage", Queue: "ada-q", Account: "000000000000",
				Error: "ThrottlingException", Share: Share(0.5), Times: 3, Latency: Duration(250 * time.Millisecond)}}},
		},
		{
			name: "json",
			file: `{"seed": 1, "rules": [{"service": "sns", "topic": "t", "latency": "2s"}]}`,
			want: Config{Seed: 1, Rules: []Rule{{Service: SNS, Topic: "t", Latency: Duration(2 * time.Second)}}},
		},
		{name: "empty", file: "", wantErr: "the fault file is empty"},
		{name: "no rules", file: "seed: 3\n", wantErr: "has no rules"},
		{name: "unknown field", file: "rules:\n  - service: sqs\n    eror: InternalError\n", wantErr: "line 3: field eror not found"},
		{name: "two documents", file: "rules: [{service: sqs, error: InternalError}]\n---\nrules: []\n", wantErr: "more than one YAML document"},
		{name: "unknown service", file: "rules: [{service: s3, error: InternalError}]", wantErr: `fault rule 1: service "s3" is not "sqs" or "sns"`},
		{name: "error without service", file: "rules: [{error: InternalError}]", wantErr: "service is needed"},
		{name: "nothing to do", file: "rules: [{service: sqs}]", wantErr: "it needs an error"},
		{name: "share zero", file: "rules: [{service: sqs, error: InternalError, share: 0}]", wantErr: "share 0 is not above 0"},
		{name: "share above one", file: "rules: [{service: sqs, error: InternalError, share: 1.5}]", wantErr: "share 1.5"},
		{name: "negative times", file: "rules: [{service: sqs, error: InternalError, times: -1}]", wantErr: "times -1"},
		{name: "latency without unit", file: "rules: [{service: sqs, latency: 5}]", wantErr: "latency 5 is not a duration"},
		{name: "latency too long", file: "rules: [{service: sqs, latency: 2h}]", wantErr: "latency 2h0m0s is not between"},
		{name: "bad account", file: "rules: [{service: sqs, error: InternalError, account: ada}]", wantErr: `account "ada" is not a 12-digit`},
		{name: "queue url", file: "rules: [{service: sqs, error: InternalError, queue: 'http://x/000000000000/q'}]", wantErr: "not a queue name"},
		{name: "queue on sns", file: "rules: [{service: sns, error: InternalError, queue: q}]", wantErr: "cannot match a queue and a topic"},
		{name: "unknown operation", file: "rules: [{service: sqs, operation: Receive, error: InternalError}]", wantErr: "fault rule 1: sqs has no operation Receive"},
		{name: "unknown error", file: "rules: [{service: sqs, error: Oops}]", wantErr: "fault rule 1: sqs cannot answer Oops"},
		{name: "second rule named", file: "rules: [{service: sqs, error: InternalError}, {service: sqs, error: Oops}]", wantErr: "fault rule 2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.file), fakeValidator{})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMatching(t *testing.T) {
	call := Call{Service: SQS, Operation: "ReceiveMessage", Account: "111111111111", Queue: "ada-q"}
	tests := []struct {
		name string
		rule Rule
		want bool
	}{
		{name: "service", rule: Rule{Service: SQS, Error: "InternalError"}, want: true},
		{name: "other service", rule: Rule{Service: SNS, Error: "InternalError"}},
		{name: "operation", rule: Rule{Service: SQS, Operation: "ReceiveMessage", Error: "InternalError"}, want: true},
		{name: "other operation", rule: Rule{Service: SQS, Operation: "DeleteMessage", Error: "InternalError"}},
		{name: "queue", rule: Rule{Service: SQS, Queue: "ada-q", Error: "InternalError"}, want: true},
		{name: "other queue", rule: Rule{Service: SQS, Queue: "bob-q", Error: "InternalError"}},
		{name: "account", rule: Rule{Account: "111111111111", Latency: 1}, want: true},
		{name: "other account", rule: Rule{Account: "222222222222", Latency: 1}},
		{name: "a topic rule never matches an SQS call", rule: Rule{Topic: "t", Latency: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSet(nil)
			_, err := s.Add(Config{Rules: []Rule{tt.rule}})
			require.NoError(t, err)
			d := s.Decide(call)
			assert.Equal(t, tt.want, d != Decision{}, "decision %+v", d)
			assert.Equal(t, map[bool]int{true: 1}[tt.want], s.Status()[0].Matched)
		})
	}
}

// decisions runs n identical calls through a fresh set of cfg and returns
// which were faulted.
func decisions(t *testing.T, cfg Config, n int) []bool {
	t.Helper()
	s := NewSet(nil)
	_, err := s.Add(cfg)
	require.NoError(t, err)
	out := make([]bool, n)
	for i := range out {
		out[i] = s.Decide(Call{Service: SQS, Operation: "ReceiveMessage"}).Error != ""
	}
	return out
}

func TestSameSeedSameFaults(t *testing.T) {
	half := Config{Seed: 42, Rules: []Rule{{Service: SQS, Error: "InternalError", Share: Share(0.5)}}}
	first := decisions(t, half, 200)
	assert.Equal(t, first, decisions(t, half, 200), "the same seed and calls give the same faults")

	other := half
	other.Seed = 43
	assert.NotEqual(t, first, decisions(t, other, 200), "another seed gives other faults")

	faulted := 0
	for _, f := range first {
		if f {
			faulted++
		}
	}
	assert.InDelta(t, 100, faulted, 30, "about half of the calls")
}

func TestRulesDrawIndependently(t *testing.T) {
	alone := Config{Seed: 9, Rules: []Rule{{Service: SQS, Error: "InternalError", Share: Share(0.3)}}}
	// The same rule second, behind a rule that faults every call first:
	// its own decisions (its counts) do not change.
	behind := Config{Seed: 9, Rules: []Rule{alone.Rules[0], {Service: SQS, Latency: Duration(time.Millisecond)}}}
	a, b := NewSet(nil), NewSet(nil)
	_, err := a.Add(alone)
	require.NoError(t, err)
	_, err = b.Add(behind)
	require.NoError(t, err)
	for range 100 {
		a.Decide(Call{Service: SQS})
		b.Decide(Call{Service: SQS})
	}
	assert.Equal(t, a.Status()[0].Injected, b.Status()[0].Injected)
	assert.Equal(t, 100, b.Status()[1].Injected, "share 1 faults every call")
}

func TestTimesAndCombination(t *testing.T) {
	s := NewSet(nil)
	added, err := s.Add(Config{Rules: []Rule{
		{Service: SQS, Operation: "DeleteMessage", Error: "InternalError", Times: 2},
		{Service: SQS, Latency: Duration(time.Second)},
		{Service: SQS, Error: "ThrottlingException"},
	}})
	require.NoError(t, err)
	require.Len(t, added, 3)
	del := Call{Service: SQS, Operation: "DeleteMessage"}
	assert.Equal(t, Decision{Error: "InternalError", Rule: added[0].ID, Latency: time.Second}, s.Decide(del), "the first rule's error; the latencies add")
	assert.Equal(t, "InternalError", s.Decide(del).Error)
	assert.Equal(t, Decision{Error: "ThrottlingException", Rule: added[2].ID, Latency: time.Second}, s.Decide(del), "times 2: the third call passes the first rule")
	st := s.Status()
	assert.Equal(t, []int{3, 3, 3}, []int{st[0].Matched, st[1].Matched, st[2].Matched})
	assert.Equal(t, []int{2, 3, 1}, []int{st[0].Injected, st[1].Injected, st[2].Injected})
}

func TestRemove(t *testing.T) {
	s := NewSet(nil)
	_, err := s.Add(Config{Rules: []Rule{{Account: "111111111111", Latency: 1}, {Account: "222222222222", Latency: 1}}})
	require.NoError(t, err)
	assert.True(t, s.Active())
	assert.Equal(t, 1, s.Remove(func(st Status) bool { return st.Account == "111111111111" }))
	assert.Equal(t, "222222222222", s.Status()[0].Account)
	assert.Equal(t, 1, s.Clear())
	assert.False(t, s.Active())
	assert.Equal(t, Decision{}, s.Decide(Call{Service: SQS}))
}

func TestAddRefusesAnInvalidConfig(t *testing.T) {
	s := NewSet(fakeValidator{})
	_, err := s.Add(Config{Rules: []Rule{{Service: SQS, Error: "InternalError"}, {Service: SQS, Error: "Oops"}}})
	require.Error(t, err)
	assert.Empty(t, s.Status(), "nothing added")
	assert.False(t, errors.Is(err, nil))
}
