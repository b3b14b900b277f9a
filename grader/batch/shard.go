package batch

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/queuelab/queuelab/grader/batch/intake"
)

// Shard is one part of a class split over several machines: the
// submissions whose entry name hashes to Index, out of Count parts. The
// hash is FNV-1a of the entry's name, so every machine agrees on the split
// whatever the order it reads the folder in, and a submission stays in its
// shard when others are added or removed. The zero Shard is the whole class.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// ParseShard reads "I/N": part I (from 0) of N.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: write it as I/N, part I (from 0) of N, e.g. 0/3", s)
	}
	if count < 1 || index < 0 || index >= count {
		return Shard{}, fmt.Errorf("shard %q: I must be from 0 to N-1, e.g. 0/3, 1/3 and 2/3", s)
	}
	return Shard{Index: index, Count: count}, nil
}

func (s Shard) whole() Shard {
	if s.Count == 0 {
		return Shard{Index: 0, Count: 1}
	}
	return s
}

// String is "I/N", as --shard takes it.
func (s Shard) String() string {
	s = s.whole()
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Has says whether the submission named entry belongs to this shard.
func (s Shard) Has(entry string) bool {
	s = s.whole()
	h := fnv.New64a()
	h.Write([]byte(entry))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// filter keeps the entries of this shard.
func (s Shard) filter(entries []intake.Entry) []intake.Entry {
	var kept []intake.Entry
	for _, e := range entries {
		if s.Has(e.Name) {
			kept = append(kept, e)
		}
	}
	return kept
}

// Set, Type and String make a Shard a command-line flag (--shard I/N).
func (s *Shard) Set(v string) error {
	p, err := ParseShard(v)
	if err != nil {
		return err
	}
	*s = p
	return nil
}

// Type names the flag's value in --help.
func (s *Shard) Type() string { return "I/N" }
