// The reference solutions are a module of their own so that the published
// grader module (which student CI runs as `go run …/grader/cmd/grader@vX`)
// does not carry them: the Go toolchain leaves nested modules out of a
// module's zip. The grader grades them by copying their .go files over the
// stubs (`grader check --solutions`), never by importing them.
module github.com/queuelab/queuelab/solutions

go 1.26.0

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0
	github.com/aws/aws-sdk-go-v2/service/sns v1.48.0
	github.com/aws/aws-sdk-go-v2/service/sqs v1.53.0
)

require (
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12 // indirect
	github.com/aws/smithy-go v1.28.9 // indirect
)
