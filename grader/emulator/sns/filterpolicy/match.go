package filterpolicy

import "slices"

// matchBranch reports whether every field of the branch matches, with values
// taken from mutually consistent array elements.
func matchBranch(b branch, leaves map[string][]leaf) bool {
	var choices [][]leaf
	needConsistency := false
	for _, f := range b {
		present := leaves[f.name]
		var cands []leaf
		absentOK := false
		for _, v := range present {
			for i := range f.patterns {
				if f.patterns[i].op != opAbsent && f.patterns[i].matches(v.val) {
					cands = append(cands, v)
					if len(v.arrays) > 0 {
						needConsistency = true
					}
					break
				}
			}
		}
		if len(present) == 0 {
			for i := range f.patterns {
				if f.patterns[i].op == opAbsent {
					absentOK = true
				}
			}
		}
		switch {
		case len(cands) > 0:
			choices = append(choices, cands)
		case !absentOK:
			return false
		}
	}
	if !needConsistency {
		return true
	}
	// Fewest candidates first keeps the search small.
	slices.SortFunc(choices, func(a, b []leaf) int { return len(a) - len(b) })
	return consistent(choices, make([]leaf, 0, len(choices)))
}

// consistent searches for one candidate per field such that no two chosen
// values sit in different elements of the same array.
func consistent(choices [][]leaf, chosen []leaf) bool {
	if len(choices) == 0 {
		return true
	}
	for _, c := range choices[0] {
		if compatibleWithAll(c, chosen) && consistent(choices[1:], append(chosen, c)) {
			return true
		}
	}
	return false
}

func compatibleWithAll(c leaf, chosen []leaf) bool {
	for _, o := range chosen {
		for _, a := range c.arrays {
			for _, b := range o.arrays {
				if a.id == b.id && a.index != b.index {
					return false
				}
			}
		}
	}
	return true
}
