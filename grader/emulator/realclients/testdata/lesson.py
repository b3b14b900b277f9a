"""The lesson's SQS and SNS steps with boto3, against an endpoint URL.

Usage: python3 lesson.py <endpoint-url> <learner-name>
Prints one JSON line with what it observed; exits non-zero on any mismatch.
"""
import json
import sys

import boto3

endpoint, name = sys.argv[1], sys.argv[2]
session = boto3.Session()
sqs = session.client("sqs", endpoint_url=endpoint)
sns = session.client("sns", endpoint_url=endpoint)


def check(cond, what):
    if not cond:
        raise SystemExit("lesson step failed: " + what)


queue_name = name + "-coffee-sales-queue"
queue_url = sqs.create_queue(
    QueueName=queue_name,
    Attributes={"SqsManagedSseEnabled": "true"},
    tags={"Name": queue_name},
)["QueueUrl"]
check(queue_url.endswith("/" + queue_name), "queue URL " + queue_url)

attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
check(attrs.get("SqsManagedSseEnabled") == "true", "SSE attribute %r" % attrs.get("SqsManagedSseEnabled"))
queue_arn = attrs["QueueArn"]
tags = sqs.list_queue_tags(QueueUrl=queue_url).get("Tags", {})
check(tags.get("Name") == queue_name, "Name tag %r" % tags)

sale = {"item": "latte", "price": 2.25}
sent = sqs.send_message(
    QueueUrl=queue_url,
    MessageAttributes={"Author": {"StringValue": name, "DataType": "String"}},
    MessageBody=json.dumps(sale),
)
check("MessageId" in sent, "send_message reply %r" % sent)

got = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"], WaitTimeSeconds=1)
messages = got.get("Messages", [])
check(len(messages) == 1, "received %d messages" % len(messages))
check(json.loads(messages[0]["Body"]) == sale, "body %r" % messages[0]["Body"])
check(messages[0]["MessageAttributes"]["Author"]["StringValue"] == name, "Author attribute")
sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=messages[0]["ReceiptHandle"])

dlq_url = sqs.create_queue(QueueName=name + "-sales-errors-dlq")["QueueUrl"]
dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})
sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": redrive})
got_redrive = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"]
check(json.loads(got_redrive)["deadLetterTargetArn"] == dlq_arn, "RedrivePolicy %r" % got_redrive)

topic_arn = sns.create_topic(Name=name + "-coffee-sales-notifications")["TopicArn"]
sub_arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)["SubscriptionArn"]
check(sub_arn.startswith(topic_arn + ":"), "subscription ARN " + sub_arn)

notice = {"type": "sale", "item": "coffee", "price": 1.50}
published = sns.publish(
    TargetArn=topic_arn,
    Message=json.dumps({"default": json.dumps(notice)}),
    MessageStructure="json",
)
check("MessageId" in published, "publish reply %r" % published)

got = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)
messages = got.get("Messages", [])
check(len(messages) == 1, "received %d notifications" % len(messages))
envelope = json.loads(messages[0]["Body"])
check(envelope["Type"] == "Notification", "envelope type %r" % envelope.get("Type"))
check(envelope["TopicArn"] == topic_arn, "envelope topic")
check(envelope["MessageId"] == published["MessageId"], "envelope message id")
check(json.loads(envelope["Message"]) == notice, "unwrapped message %r" % envelope["Message"])

print(json.dumps({"boto3": boto3.__version__, "queue": queue_url, "topic": topic_arn, "notice": json.loads(envelope["Message"])}))
