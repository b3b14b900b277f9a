package console

import (
	"strings"

	"github.com/queuelab/queuelab/grader/emulator/sqs"
)

// queueRow is one line of the queues list.
type queueRow struct {
	Name, ARN, Type, Created, Encryption, ContentDedup string
	Available, InFlight, Delayed                       int
}

// queuesIn is the account's queues in the console's region, read through
// the emulator's inspection (which adds the counts by state).
func (c *Console) queuesIn(account string) []sqs.QueueInfo {
	var out []sqs.QueueInfo
	for _, q := range c.emu.Queues(account) {
		if q.Region == c.cfg.Region {
			out = append(out, q)
		}
	}
	return out
}

func encryptionOf(attrs map[string]string) string {
	switch {
	case attrs["KmsMasterKeyId"] != "":
		return "SSE-KMS"
	case attrs["SqsManagedSseEnabled"] == "true":
		return "SSE-SQS"
	}
	return "Disabled"
}

func (c *Console) queueList(q *req) {
	prefix := q.r.URL.Query().Get("prefix")
	var rows []queueRow
	for _, info := range c.queuesIn(q.account) {
		if !strings.HasPrefix(info.Name, prefix) {
			continue
		}
		row := queueRow{
			Name: info.Name, ARN: info.ARN, Type: "Standard", Created: fmtEpoch(info.Attributes["CreatedTimestamp"]),
			Encryption: encryptionOf(info.Attributes), ContentDedup: "-",
			Available: info.Visible, InFlight: info.InFlight, Delayed: info.Delayed,
		}
		if info.FIFO {
			row.Type = "FIFO"
			row.ContentDedup = "Disabled"
			if info.Attributes["ContentBasedDeduplication"] == "true" {
				row.ContentDedup = "Enabled"
			}
		}
		rows = append(rows, row)
	}
	others := map[string]int{}
	if len(rows) == 0 && prefix == "" {
		for _, a := range c.emu.Accounts() {
			if a != q.account {
				others[a] = len(c.emu.Queues(a)) + len(c.emu.Topics(a))
			}
		}
	}
	data := struct {
		Prefix string
		Rows   []queueRow
		Others map[string]int
	}{prefix, rows, others}
	v := q.view("sqs", "Queues", data, crumb{"Amazon SQS", ""}, crumb{"Queues", ""})
	v.Faults = c.faultRows()
	q.render("queues.html", v)
}

// accountRow is one account that holds resources.
type accountRow struct {
	ID                            string
	Queues, Topics, Subscriptions int
}

func (c *Console) accountsPage(q *req) {
	q.render("accounts.html", c.accountsView(q, accountsData{Scope: "account"}))
}
