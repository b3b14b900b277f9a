//go:build !race

package dummyqueue

// Without the race detector, a missing lock shows only as lost or repeated
// messages, which takes many operations to provoke.
const raceEnabled = false
