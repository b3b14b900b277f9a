package filterpolicy

import (
	"math"
	"strconv"
)

// AWS compares numbers as event-ruler does: a value between -5e9 and 5e9
// becomes an integer count of millionths, so numbers equal to six decimal
// places are equal. A number outside that range matches no numeric pattern
// (a policy number outside it can still match the same literal exactly).

const numberLimit = 5e9

// errNumberRange is AWS's message for a numeric pattern outside the range.
const errNumberRange = "Value must be between -5.0E9 and 5.0E9, inclusive"

// comparable returns the comparable form of f and whether f is in range.
func comparable(f float64) (int64, bool) {
	if math.IsNaN(f) || f < -numberLimit || f > numberLimit {
		return 0, false
	}
	return int64(1e6 * (numberLimit + f)), true
}

// parseNumber reads a number literal as Java's Double.parseDouble would for
// a JSON number: overflow gives an infinity, which is then out of range.
func parseNumber(lit string) float64 {
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}
