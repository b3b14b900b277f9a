package sqs

// Request and response shapes of every operation, shared by both protocols.
// Field names follow the AWS JSON 1.0 wire names (json tags); `query` tags
// name the query protocol's flattened members where they differ, in the form
// "Member" (scalars, lists of structs), "Member,list" (lists of scalars) or
// "Member,Key,Value" (maps). `xml` tags name the query protocol's response
// elements.

// AttributeValue is a message attribute on the wire.
import "github.com/queuelab/queuelab/grader/emulator/ids"

type AttributeValue struct {
	DataType         string   `json:"DataType"`
	StringValue      string   `json:"StringValue,omitempty"`
	BinaryValue      []byte   `json:"BinaryValue,omitempty"`
	StringListValues []string `json:"StringListValues,omitempty" query:"StringListValue,list"`
	BinaryListValues [][]byte `json:"BinaryListValues,omitempty" query:"BinaryListValue,list"`
}

type createQueueInput struct {
	QueueName  string            `json:"QueueName"`
	Attributes map[string]string `json:"Attributes" query:"Attribute,Name,Value"`
	Tags       map[string]string `json:"tags" query:"Tag,Key,Value"`
}

type queueURLOutput struct {
	QueueURL string `json:"QueueUrl" xml:"QueueUrl"`
}

type getQueueURLInput struct {
	QueueName              string `json:"QueueName"`
	QueueOwnerAWSAccountID string `json:"QueueOwnerAWSAccountId" query:"QueueOwnerAWSAccountId"`
}

type listQueuesInput struct {
	QueueNamePrefix string `json:"QueueNamePrefix"`
	NextToken       string `json:"NextToken"`
	MaxResults      *int   `json:"MaxResults"`
}

type listQueuesOutput struct {
	QueueUrls []string `json:"QueueUrls,omitempty" xml:"QueueUrl"`
	NextToken string   `json:"NextToken,omitempty" xml:"NextToken,omitempty"`
}

type queueInput struct {
	QueueURL string `json:"QueueUrl" query:"QueueUrl"`
}

type getQueueAttributesInput struct {
	QueueURL       string   `json:"QueueUrl" query:"QueueUrl"`
	AttributeNames []string `json:"AttributeNames" query:"AttributeName,list"`
}

type getQueueAttributesOutput struct {
	Attributes nameValueMap `json:"Attributes,omitempty" xml:"Attribute"`
}

type setQueueAttributesInput struct {
	QueueURL   string            `json:"QueueUrl" query:"QueueUrl"`
	Attributes map[string]string `json:"Attributes" query:"Attribute,Name,Value"`
}

type sendMessageInput struct {
	QueueURL                string                    `json:"QueueUrl" query:"QueueUrl"`
	MessageBody             *string                   `json:"MessageBody"`
	DelaySeconds            *int                      `json:"DelaySeconds"`
	MessageAttributes       map[string]AttributeValue `json:"MessageAttributes" query:"MessageAttribute,Name,Value"`
	MessageSystemAttributes map[string]AttributeValue `json:"MessageSystemAttributes" query:"MessageSystemAttribute,Name,Value"`
	MessageDeduplicationID  *string                   `json:"MessageDeduplicationId" query:"MessageDeduplicationId"`
	MessageGroupID          *string                   `json:"MessageGroupId" query:"MessageGroupId"`
}

type sendMessageOutput struct {
	MD5OfMessageBody             digest `json:"MD5OfMessageBody" xml:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string `json:"MD5OfMessageAttributes,omitempty" xml:"MD5OfMessageAttributes,omitempty"`
	MD5OfMessageSystemAttributes string `json:"MD5OfMessageSystemAttributes,omitempty" xml:"MD5OfMessageSystemAttributes,omitempty"`
	MessageID                    ids.ID `json:"MessageId" xml:"MessageId"`
	SequenceNumber               string `json:"SequenceNumber,omitempty" xml:"SequenceNumber,omitempty"`
}

type sendMessageBatchEntry struct {
	ID                      string                    `json:"Id" query:"Id"`
	MessageBody             *string                   `json:"MessageBody"`
	DelaySeconds            *int                      `json:"DelaySeconds"`
	MessageAttributes       map[string]AttributeValue `json:"MessageAttributes" query:"MessageAttribute,Name,Value"`
	MessageSystemAttributes map[string]AttributeValue `json:"MessageSystemAttributes" query:"MessageSystemAttribute,Name,Value"`
	MessageDeduplicationID  *string                   `json:"MessageDeduplicationId" query:"MessageDeduplicationId"`
	MessageGroupID          *string                   `json:"MessageGroupId" query:"MessageGroupId"`
}

type sendMessageBatchInput struct {
	QueueURL string                  `json:"QueueUrl" query:"QueueUrl"`
	Entries  []sendMessageBatchEntry `json:"Entries" query:"SendMessageBatchRequestEntry"`
}

type sendMessageBatchResultEntry struct {
	ID string `json:"Id" xml:"Id"`
	sendMessageOutput
}

type batchResultErrorEntry struct {
	ID          string `json:"Id" xml:"Id"`
	SenderFault bool   `json:"SenderFault" xml:"SenderFault"`
	Code        string `json:"Code" xml:"Code"`
	Message     string `json:"Message,omitempty" xml:"Message,omitempty"`
}

type sendMessageBatchOutput struct {
	Successful []sendMessageBatchResultEntry `json:"Successful" xml:"SendMessageBatchResultEntry"`
	Failed     []batchResultErrorEntry       `json:"Failed" xml:"BatchResultErrorEntry"`
}

type receiveMessageInput struct {
	QueueURL                    string   `json:"QueueUrl" query:"QueueUrl"`
	AttributeNames              []string `json:"AttributeNames" query:"AttributeName,list"`
	MessageSystemAttributeNames []string `json:"MessageSystemAttributeNames" query:"MessageSystemAttributeName,list"`
	MessageAttributeNames       []string `json:"MessageAttributeNames" query:"MessageAttributeName,list"`
	MaxNumberOfMessages         *int     `json:"MaxNumberOfMessages"`
	VisibilityTimeout           *int     `json:"VisibilityTimeout"`
	WaitTimeSeconds             *int     `json:"WaitTimeSeconds"`
	ReceiveRequestAttemptID     string   `json:"ReceiveRequestAttemptId" query:"ReceiveRequestAttemptId"`
}

type wireMessage struct {
	MessageID              string       `json:"MessageId" xml:"MessageId"`
	ReceiptHandle          string       `json:"ReceiptHandle" xml:"ReceiptHandle"`
	MD5OfBody              string       `json:"MD5OfBody" xml:"MD5OfBody"`
	Body                   string       `json:"Body" xml:"Body"`
	Attributes             nameValueMap `json:"Attributes,omitempty" xml:"Attribute"`
	MD5OfMessageAttributes string       `json:"MD5OfMessageAttributes,omitempty" xml:"MD5OfMessageAttributes,omitempty"`
	MessageAttributes      messageAttrs `json:"MessageAttributes,omitempty" xml:"MessageAttribute"`
}

type receiveMessageOutput struct {
	Messages []wireMessage `json:"Messages,omitempty" xml:"Message"`
}

type deleteMessageInput struct {
	QueueURL      string `json:"QueueUrl" query:"QueueUrl"`
	ReceiptHandle string `json:"ReceiptHandle"`
}

type deleteMessageBatchEntry struct {
	ID            string `json:"Id" query:"Id"`
	ReceiptHandle string `json:"ReceiptHandle"`
}

type deleteMessageBatchInput struct {
	QueueURL string                    `json:"QueueUrl" query:"QueueUrl"`
	Entries  []deleteMessageBatchEntry `json:"Entries" query:"DeleteMessageBatchRequestEntry"`
}

type batchIDEntry struct {
	ID string `json:"Id" xml:"Id"`
}

type deleteMessageBatchOutput struct {
	Successful []batchIDEntry          `json:"Successful" xml:"DeleteMessageBatchResultEntry"`
	Failed     []batchResultErrorEntry `json:"Failed" xml:"BatchResultErrorEntry"`
}

type changeVisibilityInput struct {
	QueueURL          string `json:"QueueUrl" query:"QueueUrl"`
	ReceiptHandle     string `json:"ReceiptHandle"`
	VisibilityTimeout *int   `json:"VisibilityTimeout"`
}

type changeVisibilityBatchEntry struct {
	ID                string `json:"Id" query:"Id"`
	ReceiptHandle     string `json:"ReceiptHandle"`
	VisibilityTimeout *int   `json:"VisibilityTimeout"`
}

type changeVisibilityBatchInput struct {
	QueueURL string                       `json:"QueueUrl" query:"QueueUrl"`
	Entries  []changeVisibilityBatchEntry `json:"Entries" query:"ChangeMessageVisibilityBatchRequestEntry"`
}

type changeVisibilityBatchOutput struct {
	Successful []batchIDEntry          `json:"Successful" xml:"ChangeMessageVisibilityBatchResultEntry"`
	Failed     []batchResultErrorEntry `json:"Failed" xml:"BatchResultErrorEntry"`
}

type tagQueueInput struct {
	QueueURL string            `json:"QueueUrl" query:"QueueUrl"`
	Tags     map[string]string `json:"Tags" query:"Tag,Key,Value"`
}

type untagQueueInput struct {
	QueueURL string   `json:"QueueUrl" query:"QueueUrl"`
	TagKeys  []string `json:"TagKeys" query:"TagKey,list"`
}

type listQueueTagsOutput struct {
	Tags keyValueMap `json:"Tags,omitempty" xml:"Tag"`
}

type listDeadLetterSourceQueuesInput struct {
	QueueURL   string `json:"QueueUrl" query:"QueueUrl"`
	NextToken  string `json:"NextToken"`
	MaxResults *int   `json:"MaxResults"`
}

type listDeadLetterSourceQueuesOutput struct {
	QueueUrls []string `json:"queueUrls" xml:"QueueUrl"`
	NextToken string   `json:"NextToken,omitempty" xml:"NextToken,omitempty"`
}

type addPermissionInput struct {
	QueueURL      string   `json:"QueueUrl" query:"QueueUrl"`
	Label         string   `json:"Label"`
	AWSAccountIDs []string `json:"AWSAccountIds" query:"AWSAccountId,list"`
	Actions       []string `json:"Actions" query:"ActionName,list"`
}

type removePermissionInput struct {
	QueueURL string `json:"QueueUrl" query:"QueueUrl"`
	Label    string `json:"Label"`
}

type startMoveTaskInput struct {
	SourceArn                    string `json:"SourceArn"`
	DestinationArn               string `json:"DestinationArn"`
	MaxNumberOfMessagesPerSecond *int   `json:"MaxNumberOfMessagesPerSecond"`
}

type startMoveTaskOutput struct {
	TaskHandle string `json:"TaskHandle" xml:"TaskHandle"`
}

type cancelMoveTaskInput struct {
	TaskHandle string `json:"TaskHandle"`
}

type cancelMoveTaskOutput struct {
	ApproximateNumberOfMessagesMoved int64 `json:"ApproximateNumberOfMessagesMoved" xml:"ApproximateNumberOfMessagesMoved"`
}

type listMoveTasksInput struct {
	SourceArn  string `json:"SourceArn"`
	MaxResults *int   `json:"MaxResults"`
}

type moveTaskEntry struct {
	TaskHandle                        string `json:"TaskHandle,omitempty" xml:"TaskHandle,omitempty"`
	Status                            string `json:"Status" xml:"Status"`
	SourceArn                         string `json:"SourceArn" xml:"SourceArn"`
	DestinationArn                    string `json:"DestinationArn,omitempty" xml:"DestinationArn,omitempty"`
	MaxNumberOfMessagesPerSecond      *int   `json:"MaxNumberOfMessagesPerSecond,omitempty" xml:"MaxNumberOfMessagesPerSecond,omitempty"`
	ApproximateNumberOfMessagesMoved  int64  `json:"ApproximateNumberOfMessagesMoved" xml:"ApproximateNumberOfMessagesMoved"`
	ApproximateNumberOfMessagesToMove int64  `json:"ApproximateNumberOfMessagesToMove" xml:"ApproximateNumberOfMessagesToMove"`
	FailureReason                     string `json:"FailureReason,omitempty" xml:"FailureReason,omitempty"`
	StartedTimestamp                  int64  `json:"StartedTimestamp" xml:"StartedTimestamp"`
}

type listMoveTasksOutput struct {
	Results []moveTaskEntry `json:"Results,omitempty" xml:"ListMessageMoveTasksResultEntry"`
}

// empty is the output of operations that return nothing but metadata.
type empty struct{}
