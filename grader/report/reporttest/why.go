package reporttest

import (
	"time"

	"github.com/queuelab/queuelab/grader/report"
)

// The samples in this file show why a check failed: a compile error, a
// panic, an endless loop, a comparison, a random seed, and a scoped run.

// step sets a check's place among its exercise's checks in the catalogue.
func step(c report.CheckResult, n int) report.CheckResult {
	c.Step = n
	return c
}

// Hints of the real catalogue that the samples below use.
const (
	hintProduce     = "Make Produce append to the back and Consume remove and return the FRONT message (index 0) in exercises/01_dummy_queue/queue.go."
	hintConcurrent  = "Guard the queue's slice with a sync.Mutex in the Queue struct; lock it in both Produce and Consume (defer the Unlock)."
	hintEmpty       = "In Consume, check for an empty queue before taking a message and return ErrEmpty (\"No message to consume.\") itself."
	hintModel       = "Replay the failing run with the QUEUELAB_SEED it prints and compare each step with a plain slice."
	hintSendJSON    = "In SendSale json.Marshal the Sale into the MessageBody of client.SendMessage, and return aws.ToString(out.MessageId)."
	hintAuthor      = "Add MessageAttributes to SendMessage: \"Author\" with DataType aws.String(\"String\") and StringValue the author."
	hintCreateQueue = "In CreateSalesQueue call client.CreateQueue with QueueName <your-name>-coffee-sales-queue and return aws.ToString(out.QueueUrl)."
	hintLongPolling = "In PollOnce set WaitTimeSeconds 20 and MaxNumberOfMessages 10 on ReceiveMessage."
	hintFifoQueue   = "Write CreateQueue in exercises/06_fifo/queue.go: the name ends in .fifo, and FifoQueue \"true\"."
	hintGroups      = "Write SendOrder in orders.go: send the order as JSON with MessageGroupId = the order's till."
	hintKeepsOrder  = "Write Process in workers.go: each worker loops ReceiveMessage and deletes only after handle succeeded."
	hintCreateDLQ   = "In CreateDeadLetterQueue call client.CreateQueue with QueueName <your-name>-sales-errors-dlq."
	hintPoison      = "Wire the redrive policy with the maxReceiveCount you are given and the DLQ's ARN."
)

// dummyQueue is exercise 01's checks, every one passing.
func dummyQueue() []report.CheckResult {
	return []report.CheckResult{
		step(check("01_dummy_queue", "TestLessonExample", 2, hintProduce), 1),
		step(check("01_dummy_queue", "TestConsumeEmptyQueue", 1, hintEmpty), 2),
		step(check("01_dummy_queue", "TestQueueMatchesModel", 2, hintModel), 3),
		step(check("01_dummy_queue", "TestConcurrentProducersAndConsumers", 2, hintConcurrent), 4),
	}
}

// NotCompiled is a run where 06_fifo does not compile, so none of its three
// checks ran, while a check of an earlier exercise fails: fixing the
// compile error comes first all the same.
func NotCompiled() *report.Report {
	const msg = "exercises/06_fifo/orders.go:12:5: undefined: sqs.SendMessageInputt (and 1 more compile errors)"
	notRun := func(name string, n, points int, hint string) report.CheckResult {
		c := errored(step(check("06_fifo", name, points, hint), n), msg, "exercises/06_fifo/orders.go", 12)
		c.Reason = report.ReasonCompile
		return c
	}
	return finish(&report.Report{
		Learner: "linus",
		Backend: "embedded",
		Objectives: []report.ObjectiveResult{
			{ID: "LO1", Title: LO1, Checks: dummyQueue()},
			{ID: "LO4", Title: LO4, Checks: []report.CheckResult{
				fail(step(check("02_sqs_send", "TestSaleHasAuthorAttribute", 2, hintAuthor), 6),
					"the message has no Author attribute", "exercises/02_sqs_send/send.go", 31),
				notRun("TestCreatesFifoQueue", 1, 2, hintFifoQueue),
				notRun("TestGroupsOrdersByTill", 3, 2, hintGroups),
				notRun("TestKeepsOrderWithinTill", 5, 3, hintKeepsOrder),
			}},
		},
		Duration: 1400 * time.Millisecond,
	})
}

// Panicked is a run where the learner's code panicked in a goroutine that
// Produce started.
func Panicked() *report.Report {
	checks := dummyQueue()
	c := fail(checks[3], "assignment to entry in nil map", "exercises/01_dummy_queue/queue.go", 27)
	c.Status, c.Reason, c.Function = report.StatusError, report.ReasonPanic, "Produce.func1"
	checks[3] = c
	return finish(&report.Report{
		Learner:    "ada",
		Backend:    "embedded",
		Objectives: []report.ObjectiveResult{{ID: "LO1", Title: LO1, Checks: checks}},
		Duration:   900 * time.Millisecond,
	})
}

// Stuck is a run where Consume never returned (an endless loop) and the
// check was stopped after its 10s.
func Stuck() *report.Report {
	checks := dummyQueue()
	c := fail(checks[1], "the check did not finish: Consume never returned", "exercises/01_dummy_queue/queue.go", 31)
	c.Status, c.Reason, c.Function = report.StatusError, report.ReasonTimeout, "Consume"
	c.Duration = 10*time.Second + 20*time.Millisecond
	checks[1] = c
	return finish(&report.Report{
		Learner:    "ada",
		Backend:    "embedded",
		Objectives: []report.ObjectiveResult{{ID: "LO1", Title: LO1, Checks: checks}},
		Duration:   10400 * time.Millisecond,
	})
}

// Scoped is `make check EXERCISES=02` where every check of 02_sqs_send
// passes: 15 of LO4's 44 points over the whole catalogue.
func Scoped() *report.Report {
	r := finish(&report.Report{
		Learner: "ada",
		Backend: "embedded",
		Objectives: []report.ObjectiveResult{{ID: "LO4", Title: LO4, Checks: []report.CheckResult{
			step(check("02_sqs_send", "TestCreatesSalesQueue", 3, hintCreateQueue), 1),
			step(check("02_sqs_send", "TestSalesQueueIsEncrypted", 2, "Pass Attributes {\"SqsManagedSseEnabled\":\"true\"} to CreateQueue."), 2),
			step(check("02_sqs_send", "TestSalesQueueHasNameTag", 2, "Pass Tags {\"Name\":\"<your-name>-coffee-sales-queue\"} to CreateQueue."), 3),
			step(check("02_sqs_send", "TestCreateSalesQueueTwice", 1, "Running CreateSalesQueue again must return the existing queue's URL."), 4),
			step(check("02_sqs_send", "TestSendsSaleAsJSON", 3, hintSendJSON), 5),
			step(check("02_sqs_send", "TestSaleHasAuthorAttribute", 2, hintAuthor), 6),
			step(check("02_sqs_send", "TestSendsDailyReport", 2, "In SendDailyReport send the daily-report-file JSON."), 7),
		}}},
		Duration: 700 * time.Millisecond,
	})
	r.Scope = []string{"02_sqs_send"}
	r.Objectives[0].CatalogueMaxScore = 44
	return r
}

// ExpectedActual is a run whose failed checks say what they expected and
// what came back: a short sentence, and a message body too long for a line.
func ExpectedActual() *report.Report {
	checks := dummyQueue()
	c := fail(checks[0], "Consume returned another message than the lesson's example", "exercises/01_dummy_queue/queue.go", 19)
	c.Expected, c.Actual = `"Sold a coffee"`, `"Sold a latte"`
	checks[0] = c
	send := fail(step(check("02_sqs_send", "TestSendsSaleAsJSON", 3, hintSendJSON), 5),
		"the message body is not the sale as JSON", "exercises/02_sqs_send/send.go", 24)
	send.Expected = `map[string]any{"author":"ada", "item":"latte", "price":3.5, "quantity":2, "till":"till-1", "timestamp":"13-Jan-2025 18:00"}`
	send.Actual = `map[string]any{"Author":"ada", "Item":"latte", "Price":3.5, "Quantity":2, "Till":"till-1", "Timestamp":"2025-01-13T18:00:00Z"}`
	return finish(&report.Report{
		Learner: "ada",
		Backend: "embedded",
		Objectives: []report.ObjectiveResult{
			{ID: "LO1", Title: LO1, Checks: checks},
			{ID: "LO4", Title: LO4, Checks: []report.CheckResult{send}},
		},
		Duration: 1100 * time.Millisecond,
	})
}

// Seeded is a run where a randomised check failed: the seed replays it.
func Seeded() *report.Report {
	checks := dummyQueue()
	c := fail(checks[2], "step 7 of 40: Consume returned \"b\", the oldest message is \"a\"", "exercises/01_dummy_queue/queue_test.go", 88)
	c.Expected, c.Actual, c.Seed = `"a"`, `"b"`, "1234"
	checks[2] = c
	return finish(&report.Report{
		Learner:    "ada",
		Backend:    "embedded",
		Objectives: []report.ObjectiveResult{{ID: "LO1", Title: LO1, Checks: checks}},
		Duration:   800 * time.Millisecond,
	})
}

// LessonOrder is a run whose first unmet check in lesson order is in LO4
// (02_sqs_send's Author attribute, after its JSON check that passes), while
// LO2 comes first in objective order; and in 04_dlq, which grades LO4 then
// LO2, the LO4 check comes first.
func LessonOrder() *report.Report {
	return finish(&report.Report{
		Learner: "grace",
		Backend: "embedded",
		Objectives: []report.ObjectiveResult{
			{ID: "LO1", Title: LO1, Checks: dummyQueue()},
			{ID: "LO2", Title: LO2, Checks: []report.CheckResult{
				fail(step(check("03_sqs_consume", "TestConsumerUsesLongPolling", 2, hintLongPolling), 1),
					"ReceiveMessage was called with WaitTimeSeconds 0", "exercises/03_sqs_consume/consumer.go", 40),
				fail(step(check("04_dlq", "TestPoisonMessageEndsInDLQ", 3, hintPoison), 4),
					"the poison message is not on the DLQ", "exercises/04_dlq/dlq.go", 33),
			}},
			{ID: "LO4", Title: LO4, Checks: []report.CheckResult{
				step(check("02_sqs_send", "TestSendsSaleAsJSON", 3, hintSendJSON), 5),
				fail(step(check("02_sqs_send", "TestSaleHasAuthorAttribute", 2, hintAuthor), 6),
					"the Author attribute has DataType \"string\": SQS knows \"String\"", "exercises/02_sqs_send/send.go", 31),
				fail(step(check("04_dlq", "TestCreatesDeadLetterQueue", 2, hintCreateDLQ), 1),
					"no queue named grace-sales-errors-dlq", "exercises/04_dlq/dlq.go", 14),
			}},
		},
		Duration: 2100 * time.Millisecond,
	})
}
