package quiz

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/queuelab/queuelab/grader/labtest"
)

// The right answers are stored as salted SHA-256 hashes, so reading this
// file does not give them away; the explanations teach the idea instead.
const salt = "queuelab/00_quiz/v1"

type question struct {
	hash        string
	slide       string
	explanation string
}

var questions = map[string]question{
	"Q01ValidMessage": {
		hash:        "d21ce731a8bb03e36d2e3f32630afaf7f812253b981e56781938315707dc6d13",
		slide:       `"What is a message?"`,
		explanation: "a message is whatever data the sender and receiver agree on: plain text, encoded data such as JSON or XML, or a binary blob. The queue does not care what the bytes mean.",
	},
	"Q02Producer": {
		hash:        "782a8da35ac0198f0d81420b2c92b221c54b24e1b5cd1f90bc27c1ba59de882a",
		slide:       `"Producer and Consumer Pattern"`,
		explanation: "a producer creates messages and puts them on a queue; taking them off to process them is the consumer's job.",
	},
	"Q03OneConsumer": {
		hash:        "979677607e85355c672458cff3e1df03a014f087104294914847c7319c7945ec",
		slide:       `"What is a message queue? (cont)"`,
		explanation: "each message on a queue is usually processed only once, by a single consumer: consumers of one queue share the work, they do not each get a copy.",
	},
	"Q04FanOut": {
		hash:        "fdd7eceb781ebeedc991d6e67bdd779b5e6a97bf629b977dfef03043f4e863aa",
		slide:       `"Queue vs Pub/Sub" and "Multiple Consumers"`,
		explanation: "when every service must see every message, publish to an SNS topic and give each service its own subscription (its own queue). One shared queue would split the sales between the services.",
	},
	"Q05AtLeastOnce": {
		hash:        "b6c35bef44a0f39d9a209214953e0749b0e983033747bd4abafbe9ba901000ea",
		slide:       `"At least once delivery"`,
		explanation: "a standard queue keeps several copies of each message and re-sends on errors, so a message is delivered at least once: the price of its throughput is possible duplication and messages out of order.",
	},
	"Q06ExactlyOnce": {
		hash:        "03ea1cc79e62306173f364c0bf9b831325195ac18569af36b75e99d121548fe6",
		slide:       `"Exactly once delivery"`,
		explanation: "when duplicates can't be tolerated, a FIFO queue delivers each message exactly once; it buffers to remove duplicates, so it has higher latency and lower throughput.",
	},
	"Q07VisibilityTimeout": {
		hash:        "11e96778fea7554413191c1451ebd9a5047f93f997e430c9de069ffb52a96821",
		slide:       `"Handling failures"`,
		explanation: "receiving a message only hides it. If the consumer does not delete it within the visibility timeout, SQS makes it visible again so another consumer can try.",
	},
	"Q08DeadLetterQueue": {
		hash:        "8b9227f7fe44d5dd546c7e38883302f7b92faba8f63e711e9148078a160f63bc",
		slide:       `"Dead Letter Queues"`,
		explanation: "a dead-letter queue is another queue that receives the messages that could not be processed, keeping them for inspection without the consumer processing them again and again.",
	},
	"Q09MaxReceiveCount": {
		hash:        "18cd2940860a165b717cfb806915390d7a56b862400c727c64b2d8873ff6e2e3",
		slide:       `"Handling failures" (redrive policy)`,
		explanation: "the redrive policy says how many processing attempts a message gets: each receive counts, and once a message has been received maxReceiveCount times without being deleted, SQS moves it to the dead-letter queue.",
	},
	"Q10PushPull": {
		hash:        "6f0c081e99af725e170f59b461604f8758f1e207539b79832c4a08ac2228c2d7",
		slide:       `"Push or pull delivery"`,
		explanation: "pull means the consumer keeps asking the queue for messages (SQS ReceiveMessage); push means the consumer is notified when a message is available, which is what SNS does to its subscribers.",
	},
	"Q11Decoupling": {
		hash:        "2e2e7341852ab2be038d249f95ffd591cac488d84751c21176a45c008e1d1217",
		slide:       `"Service Decoupling"`,
		explanation: "with a queue in between, service A knows nothing about service B: you can replace one side without changing the other, as long as the messages stay the same.",
	},
	"Q12FaultTolerance": {
		hash:        "7e0482ef6367b6c75af37541928cf1fa1dc31e31734ee136403bec7e7b14f104",
		slide:       `"Fault Tolerance"`,
		explanation: "if the consumer is unavailable, messages are not lost: the queue is a durable buffer and they are processed once the consumer is available again.",
	},
	"Q13TrafficSmoothing": {
		hash:        "17bb5b628bddeee6d87b6ae69ec759ef53e1b36cffc1093d66762f216fc9512f",
		slide:       `"Traffic Smoothing"`,
		explanation: "a queue absorbs a spike: the consumer controls its own rate of processing, so it is not overloaded, and the backlog drains after the spike.",
	},
	"Q14MessageSize": {
		hash:        "1a77e22ff1ea3edb13bd7e311de161effaf3979aee167cb445f49ad9fd7effe9",
		slide:       `"Message Throughput" and "Sample message JSON"`,
		explanation: "messages are restricted in size (the lesson says 256 KB; SQS now allows up to 1 MiB, still far below 40 MB): for a large file, store the file and send a reference to it, as the daily-report-file message does with its s3:// location.",
	},
}

// checkAnswer fails the check, pointing to the slide, unless answer is the
// right one for the question called name.
func checkAnswer(t *testing.T, name string, answer int) {
	t.Helper()
	q, ok := questions[name]
	if !ok {
		t.Fatalf("quiz: no question %s", name)
	}
	switch {
	case answer == NotAnswered:
		t.Fatalf("%s is not answered yet: set it in exercises/00_quiz/answers.go to 1, 2, 3 or 4", name)
	case answer < 1 || answer > 4:
		t.Fatalf("%s = %d, but the options are 1 to 4: set it to the number of the option you choose", name, answer)
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%d", salt, name, answer))
	if hex.EncodeToString(sum[:]) != q.hash {
		t.Fatalf("%s = %d is not right. Reread the slides %s: %s", name, answer, q.slide, q.explanation)
	}
}

func TestQuizValidMessage(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q01ValidMessage", Q01ValidMessage)
}

func TestQuizProducer(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q02Producer", Q02Producer)
}

func TestQuizOneConsumer(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q03OneConsumer", Q03OneConsumer)
}

func TestQuizFanOut(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q04FanOut", Q04FanOut)
}

func TestQuizAtLeastOnce(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q05AtLeastOnce", Q05AtLeastOnce)
}

func TestQuizExactlyOnce(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q06ExactlyOnce", Q06ExactlyOnce)
}

func TestQuizVisibilityTimeout(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q07VisibilityTimeout", Q07VisibilityTimeout)
}

func TestQuizDeadLetterQueue(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q08DeadLetterQueue", Q08DeadLetterQueue)
}

func TestQuizMaxReceiveCount(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q09MaxReceiveCount", Q09MaxReceiveCount)
}

func TestQuizPushPull(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q10PushPull", Q10PushPull)
}

func TestQuizDecoupling(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q11Decoupling", Q11Decoupling)
}

func TestQuizFaultTolerance(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q12FaultTolerance", Q12FaultTolerance)
}

func TestQuizTrafficSmoothing(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q13TrafficSmoothing", Q13TrafficSmoothing)
}

func TestQuizMessageSize(t *testing.T) {
	labtest.Check(t)
	t.Parallel()
	checkAnswer(t, "Q14MessageSize", Q14MessageSize)
}
