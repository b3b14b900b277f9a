package fanout

import "errors"

// DecodeSale reads the sale in an SQS message body that came from the topic:
// either the SNS envelope (raw delivery off), whose "Message" holds the sale,
// or the sale itself (raw delivery on). A body that holds no sale is an error.
func DecodeSale(body string) (Sale, error) {
	// TODO (step 5): if the body is an envelope (JSON with "Type":
	// "Notification" and a "TopicArn"), its "Message" is the sale JSON;
	// otherwise the body is. Decode it into a Sale; a sale has type "sale"
	// and an item.
	return Sale{}, errors.New("DecodeSale: not implemented yet: unwrap the SNS envelope and decode the sale (README step 5)")
}
