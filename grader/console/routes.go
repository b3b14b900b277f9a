package console

import "net/http"

// routes is the console's one routing table. GET pages change nothing;
// every POST has passed ServeHTTP's token and origin checks.
func (c *Console) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /console/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+DefaultAccount+"/sqs/queues", http.StatusFound)
	})
	m.HandleFunc("GET /console/static/console.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(consoleJS)
	})
	for _, rt := range []struct {
		pattern string
		h       func(*req)
	}{
		{"GET /console/{account}/{$}", func(q *req) { q.redirect("/sqs/queues", "", "") }},
		{"GET /console/{account}/accounts", c.accountsPage},
		{"POST /console/{account}/reset", c.reset},

		{"GET /console/{account}/sqs/queues", c.queueList},
		{"GET /console/{account}/sqs/create", c.createQueueForm},
		{"POST /console/{account}/sqs/create", c.createQueue},
		{"GET /console/{account}/sqs/queues/{name}", c.queueDetail},
		{"GET /console/{account}/sqs/queues/{name}/edit", c.editQueueForm},
		{"POST /console/{account}/sqs/queues/{name}/edit", c.editQueue},
		{"POST /console/{account}/sqs/queues/{name}/policy", c.savePolicy},
		{"POST /console/{account}/sqs/queues/{name}/tags", c.saveTags},
		{"GET /console/{account}/sqs/queues/{name}/purge", c.confirmPage("purge")},
		{"POST /console/{account}/sqs/queues/{name}/purge", c.purgeQueue},
		{"GET /console/{account}/sqs/queues/{name}/delete", c.confirmPage("delete")},
		{"POST /console/{account}/sqs/queues/{name}/delete", c.deleteQueue},
		{"GET /console/{account}/sqs/queues/{name}/messages", c.messagesPage},
		{"POST /console/{account}/sqs/queues/{name}/send", c.sendMessage},
		{"POST /console/{account}/sqs/queues/{name}/poll", c.pollMessages},
		{"POST /console/{account}/sqs/queues/{name}/delete-messages", c.deleteMessages},
		{"GET /console/{account}/sqs/queues/{name}/subscribe", c.subscribeQueueForm},
		{"POST /console/{account}/sqs/queues/{name}/subscribe", c.subscribeQueue},
		{"GET /console/{account}/sqs/queues/{name}/redrive", c.redriveForm},
		{"POST /console/{account}/sqs/queues/{name}/redrive", c.startRedrive},
		{"POST /console/{account}/sqs/queues/{name}/redrive-cancel", c.cancelRedrive},

		{"GET /console/{account}/sns/topics", c.topicList},
		{"GET /console/{account}/sns/create-topic", c.createTopicForm},
		{"POST /console/{account}/sns/create-topic", c.createTopic},
		{"GET /console/{account}/sns/topics/{name}", c.topicDetail},
		{"GET /console/{account}/sns/topics/{name}/edit", c.editTopicForm},
		{"POST /console/{account}/sns/topics/{name}/edit", c.editTopic},
		{"GET /console/{account}/sns/topics/{name}/delete", c.confirmTopicDelete},
		{"POST /console/{account}/sns/topics/{name}/delete", c.deleteTopic},
		{"GET /console/{account}/sns/topics/{name}/publish", c.publishForm},
		{"POST /console/{account}/sns/topics/{name}/publish", c.publish},
		{"GET /console/{account}/sns/subscriptions", c.subscriptionList},
		{"GET /console/{account}/sns/subscriptions/{id}", c.subscriptionDetail},
		{"GET /console/{account}/sns/subscriptions/{id}/edit", c.editSubscriptionForm},
		{"POST /console/{account}/sns/subscriptions/{id}/edit", c.editSubscription},
		{"GET /console/{account}/sns/create-subscription", c.createSubscriptionForm},
		{"POST /console/{account}/sns/create-subscription", c.createSubscription},
		{"POST /console/{account}/sns/unsubscribe", c.unsubscribe},
		{"POST /console/{account}/sns/confirm", c.confirmSubscription},
	} {
		h := rt.h
		m.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			account := r.PathValue("account")
			if !validAccount(account) {
				http.NotFound(w, r)
				return
			}
			h(&req{w: w, r: r, account: account, cl: c.clientsFor(account), c: c})
		})
	}
	return m
}
