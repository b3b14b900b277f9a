package console

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/faults"
)

// The emulator's own controls, which AWS's console has no page for: the
// reset of one account or all (the accounts page), and the fault-injection
// rules in force (a read-only panel on the queue and topic lists).

// resetWord is what the learner types to confirm a reset.
const resetWord = "reset"

// accountsData is the accounts page: the accounts, and the reset form.
type accountsData struct {
	Rows []accountRow
	// Scope is the reset form's choice: "account" or "all".
	Scope    string
	Mismatch string
}

func (c *Console) accountsView(q *req, d accountsData) *view {
	for _, a := range c.accountList(q.account) {
		d.Rows = append(d.Rows, accountRow{ID: a, Queues: len(c.emu.Queues(a)), Topics: len(c.emu.Topics(a)), Subscriptions: len(c.emu.Subscriptions(a))})
	}
	return q.view("accounts", "Accounts", d, crumb{"Accounts", ""})
}

// reset empties the shown account, or every account, as POST
// /_queuelab/reset does, once the learner typed "reset".
func (c *Console) reset(q *req) {
	scope := q.r.PostForm.Get("scope")
	if scope != "all" {
		scope = "account"
	}
	if strings.TrimSpace(q.r.PostForm.Get("confirm")) != resetWord {
		q.render("accounts.html", c.accountsView(q, accountsData{Scope: scope,
			Mismatch: fmt.Sprintf("Enter %q to confirm the reset.", resetWord)}))
		return
	}
	account, who := q.account, "account "+q.account
	if scope == "all" {
		account, who = "", "every account"
	}
	res := c.emu.Reset(account)
	q.redirect("/accounts", "reset", fmt.Sprintf("%s: %d queues and %d topics", who, res.Queues, res.Topics))
}

// faultRow is one active fault-injection rule as the panel shows it.
type faultRow struct {
	ID                int
	Match, Effect     string
	Matched, Injected int
}

// faultRows lists the emulator's active fault rules.
func (c *Console) faultRows() []faultRow {
	var rows []faultRow
	for _, st := range c.emu.Faults().Status() {
		rows = append(rows, faultRow{ID: st.ID, Match: faultMatch(st.Rule), Effect: faultEffect(st.Rule),
			Matched: st.Matched, Injected: st.Injected})
	}
	return rows
}

func faultMatch(r faults.Rule) string {
	var parts []string
	for _, f := range [][2]string{{"service", r.Service}, {"operation", r.Operation}, {"queue", r.Queue},
		{"topic", r.Topic}, {"account", r.Account}} {
		if f[1] != "" {
			parts = append(parts, f[0]+" "+f[1])
		}
	}
	if len(parts) == 0 {
		return "every call"
	}
	return strings.Join(parts, ", ")
}

func faultEffect(r faults.Rule) string {
	var parts []string
	if r.Error != "" {
		parts = append(parts, r.Error)
	}
	if r.Latency > 0 {
		parts = append(parts, "wait "+r.Latency.String())
	}
	if r.Share != nil {
		parts = append(parts, strconv.FormatFloat(*r.Share*100, 'f', -1, 64)+"% of calls")
	}
	if r.Times > 0 {
		parts = append(parts, "at most "+strconv.Itoa(r.Times)+" times")
	}
	return strings.Join(parts, ", ")
}
