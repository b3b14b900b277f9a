// Package realclients holds no code, only tests. The lesson test: the steps of the
// "Message Queues with AWS" lesson (an SSE queue with a Name tag, a message
// with an Author attribute, a dead-letter queue, an SNS topic with the queue
// subscribed, a MessageStructure=json publish and the unwrapped notification)
// run by real AWS clients against the emulator served on a loopback port by
// server.Run: aws-sdk-go-v2; the pip AWS CLI 1.x and boto3 (SQS over JSON);
// Debian's awscli 2.9 and python3-boto3 (SQS over the query protocol). A
// client that is not installed is skipped with a message saying how to
// install it; under CI=true, where .ci/run installs Debian's, their absence
// fails the test.
//
// The docs' test runs every shell block of README.md, exercises/*/README.md
// and handouts/*.md the same way, with the AWS CLI (docs_test.go); a block
// that cannot run against the emulator carries a `<!-- not run: why -->`
// marker on the line before its fence.
package realclients
