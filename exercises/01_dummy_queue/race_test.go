//go:build race

package dummyqueue

// The race detector finds a missing lock with few operations, and slows
// each one down many times: the concurrency checks do less under -race.
const raceEnabled = true
