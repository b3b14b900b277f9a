package emulator

import (
	"encoding/json"
	"net/http"

	"github.com/queuelab/queuelab/grader/emulator/sqs"
)

// The observer's view, for a grader in another process than `grader serve`
// (the lesson grading): which accounts hold resources, and what entered each
// account's queues, also messages since received or deleted. Read-only
// (GET), served at HistoryPath and AccountsPath; reading changes nothing.
//
//	GET /_queuelab/accounts                  {"accounts": ["000000000000"]}
//	GET /_queuelab/history?account=ID        {"account": ID, "arrivals": [...]}
//
// An arrival is sqs.Arrival as JSON: time, queue_arn, message_id, body
// (cut to 4 KiB, then truncated is true), attributes (string values) and
// from ("SendMessage", or the ARN of the SNS topic that delivered it).

// Paths of the observer's view.
const (
	AccountsPath = "/_queuelab/accounts"
	HistoryPath  = "/_queuelab/history"
)

// Arrival is one message that entered a queue (see History).
type Arrival = sqs.Arrival

// History returns, oldest first, the messages that entered the account's
// queues (SendMessage, SendMessageBatch, SNS deliveries), whether or not
// they were since received, deleted or purged: the most recent thousand.
func (e *Emulator) History(account string) []Arrival { return e.sqs.History(account) }

// AccountsReply and HistoryReply are the JSON answers of the observer's view.
type (
	AccountsReply struct {
		Accounts []string `json:"accounts"`
	}
	HistoryReply struct {
		Account  string    `json:"account"`
		Arrivals []Arrival `json:"arrivals"`
	}
)

// serveObserver answers the observer's paths; it reports false for any
// other path.
func (e *Emulator) serveObserver(w http.ResponseWriter, r *http.Request) bool {
	var reply any
	switch r.URL.Path {
	case AccountsPath:
		reply = AccountsReply{Accounts: e.Accounts()}
	case HistoryPath:
		account := r.URL.Query().Get("account")
		arrivals := e.History(account)
		if arrivals == nil {
			arrivals = []Arrival{}
		}
		reply = HistoryReply{Account: account, Arrivals: arrivals}
	default:
		return false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "read-only: use GET", http.StatusMethodNotAllowed)
		return true
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(reply)
	return true
}
