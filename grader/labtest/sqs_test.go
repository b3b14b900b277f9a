package labtest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator"
)

// newTestLab is New without the catalogue lookup: an embedded emulator and
// a fresh account.
func newTestLab(t *testing.T) *Lab {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	emu := emulator.New()
	t.Cleanup(emu.Close)
	account := freshAccount(t)
	cfg := aws.Config{
		Region:           emulator.DefaultRegion,
		Credentials:      credentials.NewStaticCredentialsProvider(account, "queuelab", ""),
		BaseEndpoint:     aws.String("http://127.0.0.1:4566"),
		HTTPClient:       emu.Client(),
		RetryMaxAttempts: 1,
	}
	return &Lab{Ctx: ctx, Learner: "ada", Account: account, Config: cfg, SQS: sqs.NewFromConfig(cfg), Emulator: emu}
}

// fakeTB records a helper's failure instead of failing the test; Fatalf
// ends the goroutine, as testing.T's does.
type fakeTB struct {
	testing.TB
	msg string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// fatalOf runs fn with a fakeTB and returns the failure message, "" if none.
func fatalOf(t *testing.T, fn func(tb testing.TB)) string {
	t.Helper()
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f.msg
}

func TestQueueReadBacks(t *testing.T) {
	t.Parallel()
	lab := newTestLab(t)
	url := lab.CreateQueue(t, "ada-coffee-sales-queue", map[string]string{"VisibilityTimeout": "7"})
	assert.Equal(t, url, lab.QueueURL(t, "ada-coffee-sales-queue"))
	assert.Equal(t, "7", lab.QueueAttributes(t, url)["VisibilityTimeout"])
	assert.Equal(t, "arn:aws:sqs:"+emulator.DefaultRegion+":"+lab.Account+":ada-coffee-sales-queue", lab.QueueARN(t, url))
	_, err := lab.SQS.TagQueue(lab.Ctx, &sqs.TagQueueInput{QueueUrl: aws.String(url), Tags: map[string]string{"Name": "ada-coffee-sales-queue"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Name": "ada-coffee-sales-queue"}, lab.QueueTags(t, url))
}

func TestQueueURLOfMissingQueue(t *testing.T) {
	t.Parallel()
	lab := newTestLab(t)
	msg := fatalOf(t, func(tb testing.TB) { lab.QueueURL(tb, "ada-nowhere") })
	assert.Equal(t, `there is no queue named "ada-nowhere"`, msg)
}

func TestSendAndReceiveMessages(t *testing.T) {
	t.Parallel()
	lab := newTestLab(t)
	url := lab.CreateQueue(t, "ada-coffee-sales-queue", nil)
	ids := map[string]bool{}
	for i := range 3 {
		ids[lab.SendMessage(t, url, fmt.Sprintf(`{"n":%d}`, i), map[string]string{"Author": "ada"})] = true
	}
	got := lab.ReceiveMessages(t, url, 3, 5*time.Second, time.Minute)
	require.Len(t, got, 3)
	for _, m := range got {
		assert.True(t, ids[aws.ToString(m.MessageId)], "an id SendMessage returned")
		author, ok := StringAttribute(m, "Author")
		assert.True(t, ok)
		assert.Equal(t, "ada", author)
		_, ok = StringAttribute(m, "Missing")
		assert.False(t, ok)
		assert.NotEmpty(t, m.Attributes["ApproximateReceiveCount"], "system attributes are asked for")
	}

	// They are hidden for a minute: nothing more to receive.
	lab.ExpectNoMessage(t, url, time.Second, "all three are in flight")
	msg := fatalOf(t, func(tb testing.TB) { lab.ExpectQueueEmpty(tb, url, 0, "in flight counts") })
	assert.Contains(t, msg, "3 in flight")

	for _, m := range got {
		lab.DeleteMessage(t, url, m)
	}
	lab.ExpectQueueEmpty(t, url, time.Second, "all deleted")
}

func TestReceiveMessagesReturnsWhatArrived(t *testing.T) {
	t.Parallel()
	lab := newTestLab(t)
	url := lab.CreateQueue(t, "ada-coffee-sales-queue", nil)
	lab.SendMessage(t, url, "Sold a coffee", nil)
	got := lab.ReceiveMessages(t, url, 2, time.Second, time.Minute)
	require.Len(t, got, 1, "one of the two wanted arrived before the time was up")
	assert.Equal(t, "Sold a coffee", aws.ToString(got[0].Body))

	msg := fatalOf(t, func(tb testing.TB) { lab.ReceiveOne(tb, url, time.Second, time.Minute, "send it first") })
	assert.True(t, strings.HasPrefix(msg, "no message arrived on "+url), msg)
	assert.True(t, strings.HasSuffix(msg, ": send it first"), msg)
}

func TestExpectNoMessageFailsOnAMessage(t *testing.T) {
	t.Parallel()
	lab := newTestLab(t)
	url := lab.CreateQueue(t, "ada-coffee-sales-queue", nil)
	lab.SendMessage(t, url, "Sold a latte", nil)
	msg := fatalOf(t, func(tb testing.TB) { lab.ExpectNoMessage(tb, url, time.Second, "must be gone") })
	assert.Equal(t, `must be gone: found "Sold a latte" on `+url, msg)
}

func TestSeconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d     time.Duration
		limit int32
		want  int32
	}{
		{0, 20, 0},
		{-time.Second, 20, 0},
		{time.Millisecond, 20, 1},
		{time.Second, 20, 1},
		{1500 * time.Millisecond, 20, 2},
		{time.Minute, 20, 20},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, seconds(tt.d, tt.limit), "seconds(%s, %d)", tt.d, tt.limit)
	}
}

func TestShorten(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "short", shorten("short"))
	long := strings.Repeat("é", 60) // 120 bytes: cut inside a rune
	got := shorten(long)
	assert.True(t, strings.HasSuffix(got, "..."))
	assert.Equal(t, strings.Repeat("é", 40)+"...", got)
}
