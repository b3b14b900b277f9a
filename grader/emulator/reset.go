package emulator

import (
	"encoding/json"
	"net/http"
)

// ResetPath is where POST empties the emulator: every account, or with
// ?account=ID one account. It answers with what it deleted, as JSON.
const ResetPath = "/_queuelab/reset"

// ResetResult is what a reset deleted.
type ResetResult struct {
	Account string `json:"account,omitempty"`
	Queues  int    `json:"queues"`
	Topics  int    `json:"topics"`
}

// Reset deletes every queue (with its messages), topic and subscription of
// account, or of every account when account is "", and what entered its
// queues (History), from memory and from the store.
func (e *Emulator) Reset(account string) ResetResult {
	return ResetResult{Account: account, Queues: e.sqs.Reset(account), Topics: e.sns.Reset(account)}
}

func (e *Emulator) serveReset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST to reset (?account=ID for one account)", http.StatusMethodNotAllowed)
		return
	}
	res := e.Reset(r.URL.Query().Get("account"))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}
