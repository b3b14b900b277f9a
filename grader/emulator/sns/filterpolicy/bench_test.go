package filterpolicy

import "testing"

func BenchmarkMatch(b *testing.B) {
	cases := []struct {
		name   string
		policy string
		scope  Scope
		msg    Message
	}{
		{"attributes", `{"store": ["example_corp"], "event": [{"anything-but": "order_cancelled"}],
			"price_usd": [{"numeric": [">=", 100]}]}`, MessageAttributes,
			Message{Attributes: attrs{"store": str("example_corp"), "event": str("order_placed"),
				"price_usd": num("210.75"), "customer_interests": list(`["soccer", "rugby", "hockey"]`)}}},
		{"body nested or", `{"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
			"detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}`, MessageBody,
			Message{Body: `{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change",
				"other": {"deep": [1, 2, 3], "more": "ignored"}}, "payload": "` + string(make([]byte, 0)) + `x"}`}},
		{"body array of records", `{"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}, "eventName": [{"prefix": "ObjectCreated:"}]}}`, MessageBody,
			Message{Body: `{"Records": [{"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "auto-1"}}},
				{"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "home-1"}}},
				{"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "auto-2", "size": 17}}}]}`}},
	}
	for _, c := range cases {
		p, err := Parse(c.policy, c.scope)
		if err != nil {
			b.Fatal(err)
		}
		if !p.Match(c.msg) {
			b.Fatalf("%s: benchmark message should match", c.name)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Match(c.msg)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	policy := `{"source": ["aws.cloudwatch", "aws.events", "aws.test"],
		"$or": [{"metricName": ["CPUUtilization", "ReadLatency", "TestVal"]},
			{"metricType": ["MetricType", "TestType"], "$or": [{"metricId": [1234, 4321]}, {"spaceId": [1, 2, 3]}]}]}`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(policy, MessageAttributes); err != nil {
			b.Fatal(err)
		}
	}
}
