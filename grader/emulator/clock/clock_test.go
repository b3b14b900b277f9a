package clock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/clock"
)

func TestFakeFiresTimersWhenDue(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 13, 18, 0, 0, 0, time.UTC)
	c := clock.NewFake(start)

	soon := c.After(5 * time.Second)
	later := c.After(20 * time.Second)

	c.Advance(4 * time.Second)
	assertNotFired(t, soon)

	c.Advance(time.Second)
	require.Equal(t, start.Add(5*time.Second), receive(t, soon))
	assertNotFired(t, later)

	c.Set(start.Add(time.Minute))
	require.Equal(t, start.Add(time.Minute), receive(t, later))
	assert.Equal(t, start.Add(time.Minute), c.Now())
}

func TestFakeZeroDurationFiresAtOnce(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(time.Unix(0, 0))
	receive(t, c.After(0))
	receive(t, c.After(-time.Second))
}

func TestFakeNeverGoesBackwards(t *testing.T) {
	t.Parallel()
	start := time.Unix(1000, 0)
	c := clock.NewFake(start)
	c.Set(start.Add(-time.Hour))
	assert.Equal(t, start, c.Now())
}

func TestRealClockMoves(t *testing.T) {
	t.Parallel()
	c := clock.Real()
	before := c.Now()
	<-c.After(time.Millisecond)
	assert.False(t, c.Now().Before(before))
}

func receive(t *testing.T, ch <-chan time.Time) time.Time {
	t.Helper()
	select {
	case v := <-ch:
		return v
	default:
		t.Fatal("timer did not fire")
		return time.Time{}
	}
}

func assertNotFired(t *testing.T, ch <-chan time.Time) {
	t.Helper()
	select {
	case <-ch:
		t.Fatal("timer fired early")
	default:
	}
}
