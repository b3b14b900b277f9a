package console

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/stretchr/testify/assert"
)

func TestMessageAttributesFromTheFormRows(t *testing.T) {
	t.Parallel()
	value := func(dataType string, text *string, binary []byte) snstypes.MessageAttributeValue {
		return snstypes.MessageAttributeValue{DataType: &dataType, StringValue: text, BinaryValue: binary}
	}
	cases := []struct {
		name string
		rows []msgAttr
		want map[string]snstypes.MessageAttributeValue
	}{
		{name: "empty rows leave the attributes out", rows: []msgAttr{{}, {Type: "String", Value: "x"}}, want: nil},
		{name: "a string and a number", rows: []msgAttr{{Name: "Author", Type: "String", Value: "ada"}, {Name: "price", Type: "Number", Value: "2.25"}},
			want: map[string]snstypes.MessageAttributeValue{
				"Author": {DataType: aws.String("String"), StringValue: aws.String("ada")},
				"price":  {DataType: aws.String("Number"), StringValue: aws.String("2.25")},
			}},
		{name: "a binary type sends the value's bytes", rows: []msgAttr{{Name: "blob", Type: "Binary.gzip", Value: "abc"}},
			want: map[string]snstypes.MessageAttributeValue{
				"blob": {DataType: aws.String("Binary.gzip"), BinaryValue: []byte("abc")},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, messageAttributes(tc.rows, value))
		})
	}
}
