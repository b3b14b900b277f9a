// Package quiz is the lesson's concept quiz. Answer each question below by
// setting its constant to the number of the option you choose (1 to 4),
// then run `go test ./exercises/00_quiz/`. A wrong answer tells you which
// slide to read again.
package quiz

// NotAnswered is the value of a question you have not answered yet.
const NotAnswered = 0

// Q01ValidMessage (slide "Quiz Time!"): which of the following would be a
// valid message to send to a queue?
//
//  1. "I am a message!"
//  2. {"date": "01/01/2021", "content": "I am a message!"}
//  3. 11011000 10101101 10001101 10011001
//  4. All of the above
const Q01ValidMessage = NotAnswered

// Q02Producer (slide "Quiz Time!"): a message producer will...
//
//  1. Send a message to a queue
//  2. Take a message from a queue
//  3. Both of the above
//  4. Neither of the above
const Q02Producer = NotAnswered

// Q03OneConsumer: three copies of the stock service poll the same SQS
// queue. A till sends one sale message. Usually, how many of the stock
// services process that message?
//
//  1. All three, one copy each
//  2. Exactly one of them
//  3. None: a queue needs a topic in front of it
//  4. The one that started first, every time
const Q03OneConsumer = NotAnswered

// Q04FanOut: the stock service and the reporting service must both see
// every sale. Which design fits?
//
//  1. One SQS queue that both services poll
//  2. The till calls both services over HTTP, one after the other
//  3. An SNS topic the till publishes to, with one queue per service subscribed to it
//  4. A dead-letter queue shared by both services
const Q04FanOut = NotAnswered

// Q05AtLeastOnce: your consumer reads a standard SQS queue (at-least-once
// delivery, best-effort ordering). What must it be ready for?
//
//  1. Nothing special: each message arrives exactly once, in order
//  2. Messages silently disappearing when the queue is busy
//  3. Messages that only arrive while the producer is running
//  4. The same message arriving more than once, and messages out of order
const Q05AtLeastOnce = NotAnswered

// Q06ExactlyOnce: a payment must never be processed twice. Which queue
// does the lesson suggest, and at what cost?
//
//  1. A FIFO queue: exactly-once processing, paid for with higher latency and lower throughput
//  2. A standard queue: it is faster, so duplicates cannot happen
//  3. No queue, SNS: a topic delivers each message only once to everyone
//  4. Any queue with a longer message retention period
const Q06ExactlyOnce = NotAnswered

// Q07VisibilityTimeout: a consumer receives a message, then crashes before
// deleting it. What happens to the message?
//
//  1. It is lost: receiving it removed it from the queue
//  2. It goes straight to the dead-letter queue
//  3. It stays hidden for the visibility timeout, then becomes visible again for another consumer
//  4. SQS deletes it when the consumer's connection drops
const Q07VisibilityTimeout = NotAnswered

// Q08DeadLetterQueue: what is a dead-letter queue for?
//
//  1. Keeping a copy of every processed message, for auditing
//  2. Holding messages that could not be processed, for inspection, so consumers stop retrying them
//  3. Making the main queue faster by splitting its messages in two
//  4. Storing the messages of producers that have been deleted
const Q08DeadLetterQueue = NotAnswered

// Q09MaxReceiveCount: the sales queue has a redrive policy with
// maxReceiveCount 3. One message makes the consumer fail every time. What
// happens to it?
//
//  1. Once it has been received 3 times without being deleted, SQS moves it to the dead-letter queue
//  2. SQS hands it to 3 different consumers at the same time
//  3. SQS deletes it after 3 minutes
//  4. SQS stops the consumer after 3 failures
const Q09MaxReceiveCount = NotAnswered

// Q10PushPull: which is right about push and pull delivery?
//
//  1. SQS pushes messages to consumers; SNS subscribers poll topics
//  2. Both SQS and SNS only ever pull
//  3. SQS consumers pull (they ask the queue for messages); SNS pushes each message to its subscribers
//  4. Pull means a producer sends; push means a consumer receives
const Q10PushPull = NotAnswered

// Q11Decoupling: tills send sales to a queue that the reporting service
// reads. The reporting service is rewritten in another language; it reads
// the same queue and understands the same messages. What must change in
// the tills?
//
//  1. Nothing: the tills only know the queue and the message format
//  2. The tills must call the new service's API instead
//  3. The tills must be rewritten in the same language
//  4. The tills must stop selling while the new service is deployed
const Q11Decoupling = NotAnswered

// Q12FaultTolerance: the reporting service is down for an hour while the
// tills keep selling. With a queue between them, what happens to the sales?
//
//  1. They are lost: nobody was there to receive them
//  2. The tills stop selling until the service comes back
//  3. They bounce back to the tills, which must retry them
//  4. They wait on the queue and are processed when the service is back
const Q12FaultTolerance = NotAnswered

// Q13TrafficSmoothing: at lunchtime the tills send ten times the usual
// number of sales for 15 minutes; the stock service handles 5 sales a
// second. With a queue in between:
//
//  1. The stock service crashes under the load
//  2. SQS refuses messages beyond 5 a second
//  3. Sales build up on the queue and the stock service works through them at its own pace
//  4. The extra sales go to the dead-letter queue
const Q13TrafficSmoothing = NotAnswered

// Q14MessageSize: the day's sales file is 40 MB. How should the report
// service learn about it?
//
//  1. Put the whole file in one message body
//  2. Send it to SNS instead: topics have no size limit
//  3. Store the file (for example in S3) and send a small message with its location, like daily-report-file
//  4. Compress it until it fits, whatever its size
const Q14MessageSize = NotAnswered
