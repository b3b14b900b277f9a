package labtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator/faults"
)

// Fault injection for checks: a check makes SQS or SNS fail on purpose
// (package faults) to see the learner's code survive it. Only QueueLab's
// emulator injects faults, embedded in the check or served by the grader or
// `grader serve`; on another backend a check that needs them is skipped,
// saying why.

// retryBackoff caps the backoff of SQSWithRetries' retryer.
const retryBackoff = 10 * time.Millisecond

// InjectFaults makes the emulator the check talks to fault the check's own
// calls as cfg's rules say, and removes the rules when the check ends. Each
// rule is limited to the check's account, so that checks sharing one
// emulator never meet each other's faults. On a backend that does not
// inject faults (LocalStack, fauxqs, real AWS) the check is skipped with
// the reason. It returns the rules' ids, in cfg's order.
func (l *Lab) InjectFaults(t testing.TB, cfg faults.Config) []int {
	t.Helper()
	if os.Getenv(EnvRealAWS) == "1" || l.Account == "" {
		t.Skip("skipped: real AWS cannot be made to fail on purpose; this check runs on QueueLab's emulator (make check, or grader serve)")
	}
	cfg.Rules = append([]faults.Rule(nil), cfg.Rules...)
	for i := range cfg.Rules {
		cfg.Rules[i].Account = l.Account
	}
	var added []faults.Status
	if l.Emulator != nil {
		var err error
		if added, err = l.Emulator.Faults().Add(cfg); err != nil {
			t.Fatalf("labtest: inject faults: %v", err)
		}
	} else {
		added = l.postFaults(t, cfg)
	}
	ids := make([]int, len(added))
	for i, st := range added {
		ids[i] = st.ID
	}
	t.Cleanup(func() { l.removeFaults(t, ids) })
	return ids
}

// FaultStatus returns the check's fault rules with what they did so far,
// in the order InjectFaults added them.
func (l *Lab) FaultStatus(t testing.TB) []faults.Status {
	t.Helper()
	var all []faults.Status
	if l.Emulator != nil {
		all = l.Emulator.Faults().Status()
	} else {
		var got struct{ Rules []faults.Status }
		status, body := l.faultsRequest(t, http.MethodGet, "?account="+url.QueryEscape(l.Account), nil)
		if status != http.StatusOK || json.Unmarshal(body, &got) != nil {
			t.Fatalf("labtest: read the faults of %s: status %d: %s", l.Endpoint, status, body)
		}
		all = got.Rules
	}
	var mine []faults.Status
	for _, st := range all {
		if st.Account == l.Account {
			mine = append(mine, st)
		}
	}
	return mine
}

// SQSWithRetries returns an SQS client like l.SQS, but with the SDK's
// default retryer, as a learner's program gets it from config.LoadDefaultConfig:
// three attempts for throttling, 5xx and network errors. Only its backoff
// is capped, at 10 ms instead of up to 20 s, so that a check runs in
// seconds. (l.SQS makes one attempt, so that a check sees the first answer.)
func (l *Lab) SQSWithRetries() *sqs.Client {
	return sqs.NewFromConfig(l.Config, func(o *sqs.Options) {
		o.RetryMaxAttempts = 0 // not the single attempt of l.Config
		o.Retryer = retry.AddWithMaxBackoffDelay(retry.NewStandard(), retryBackoff)
	})
}

// postFaults adds cfg's rules to the emulator at l.Endpoint, skipping the
// check when the endpoint does not serve faults.
func (l *Lab) postFaults(t testing.TB, cfg faults.Config) []faults.Status {
	t.Helper()
	body, err := json.Marshal(cfg)
	if err != nil {
		t.Fatalf("labtest: encode faults: %v", err)
	}
	status, answer := l.faultsRequest(t, http.MethodPost, "", body)
	var got struct {
		Rules []faults.Status
		Error string
	}
	decoded := json.Unmarshal(answer, &got) == nil
	switch {
	case status == http.StatusOK && decoded && len(got.Rules) == len(cfg.Rules):
		return got.Rules
	case status == http.StatusBadRequest && decoded && got.Error != "":
		t.Fatalf("labtest: inject faults: %s", got.Error)
	}
	t.Skipf("skipped: the backend at %s does not inject faults (it answered POST %s with status %d); this check runs on QueueLab's emulator (make check, or grader serve)", l.Endpoint, faults.Path, status)
	return nil
}

func (l *Lab) removeFaults(t testing.TB, ids []int) {
	for _, id := range ids {
		if l.Emulator != nil {
			l.Emulator.Faults().Remove(func(st faults.Status) bool { return st.ID == id })
			continue
		}
		if status, body := l.faultsRequest(t, http.MethodDelete, "?id="+strconv.Itoa(id), nil); status != http.StatusOK {
			t.Errorf("labtest: remove fault rule %d: status %d: %s", id, status, body)
		}
	}
}

// faultsRequest makes one request to the endpoint's faults, and returns the
// status and body; a request that gets no answer returns status 0.
func (l *Lab) faultsRequest(t testing.TB, method, query string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(l.Ctx, method, strings.TrimRight(l.Endpoint, "/")+faults.Path+query, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("labtest: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return 0, []byte(fmt.Sprintf("no answer: %v", err))
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, []byte(fmt.Sprintf("no answer: %v", err))
	}
	return resp.StatusCode, answer
}
