package largepayload

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Receive waits (long polling) for one message and returns its payload: the
// body itself, or, for a reference message (LocationAttribute set), the data
// fetched from the store. It deletes the message only once it has the
// payload; a reference it cannot fetch stays on the queue and is an error.
// It returns ctx's error if ctx ends first.
func Receive(ctx context.Context, client *sqs.Client, store BlobStore, queueURL string) (string, error) {
	// TODO (step 4): loop ReceiveMessage (MaxNumberOfMessages 1,
	// WaitTimeSeconds 20, MessageAttributeNames [LocationAttribute]) until a
	// message comes or ctx ends. With the attribute, store.Get its value; on
	// error return it WITHOUT deleting. Then DeleteMessage and return the
	// payload.
	return "", errors.New("Receive: not implemented yet: receive, fetch references from the store, then delete (README step 4)")
}
