package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// A Change is turned into ops, once, when it is applied: puts and deletes
// of keys in the buckets of the layout (bolt.go). The ops are what the
// journal holds and what a checkpoint writes to the state file, so neither
// needs to know the changes, and nothing is encoded twice.
//
// An op may be conditional: a message is stored only while its queue is,
// so that a late write for a deleted queue leaves nothing behind. The
// condition is tested when the op is written to the state file, in order
// with the ops before it.

// opKind is what an op does.
type opKind byte

const (
	opPut         opKind = iota + 1 // put value at key
	opDelete                        // delete key
	opDeleteRange                   // delete keys from key (empty: the first) up to value (empty: past the last)
)

// bucket numbers name the layout's buckets in ops: their index in
// allBuckets.
const (
	bMeta byte = iota
	bQueues
	bMsgs
	bVis
	bDedup
	bSNS
	bHistory
)

// op is one write to a bucket. If ifKey is set, the op is written only
// while bucket ifBucket holds ifKey.
type op struct {
	kind            opKind
	bucket          byte
	key, value      []byte
	ifBucket        byte
	ifKey           []byte
	sequentialInput bool // keys mostly arrive in order: fill pages fuller
}

// appendOp appends o's encoding to buf: kind, bucket, flags, condition
// bucket, then the key, value and condition key, each after its length.
func appendOp(buf []byte, o op) []byte {
	var flags byte
	if o.sequentialInput {
		flags = 1
	}
	buf = append(buf, byte(o.kind), o.bucket, flags, o.ifBucket)
	for _, b := range [][]byte{o.key, o.value, o.ifKey} {
		buf = binary.AppendUvarint(buf, uint64(len(b)))
		buf = append(buf, b...)
	}
	return buf
}

var errBadOp = errors.New("bad op")

// nextOp decodes the op at the start of buf and returns the rest. The op's
// slices point into buf.
func nextOp(buf []byte) (op, []byte, error) {
	if len(buf) < 4 {
		return op{}, nil, errBadOp
	}
	o := op{kind: opKind(buf[0]), bucket: buf[1], sequentialInput: buf[2]&1 != 0, ifBucket: buf[3]}
	if o.kind < opPut || o.kind > opDeleteRange || int(o.bucket) >= len(allBuckets) || int(o.ifBucket) >= len(allBuckets) {
		return op{}, nil, errBadOp
	}
	buf = buf[4:]
	for _, field := range []*[]byte{&o.key, &o.value, &o.ifKey} {
		n, w := binary.Uvarint(buf)
		if w <= 0 || n > uint64(len(buf)-w) {
			return op{}, nil, errBadOp
		}
		*field = buf[w : w+int(n) : w+int(n)]
		buf = buf[w+int(n):]
	}
	return o, buf, nil
}

// appendChange appends the ops of c to buf. A change it does not know, or
// whose values cannot be encoded, is an error.
func appendChange(buf []byte, c Change) ([]byte, error) {
	put := func(bucket byte, key, value []byte) op {
		return op{kind: opPut, bucket: bucket, key: key, value: value}
	}
	del := func(bucket byte, key []byte) op { return op{kind: opDelete, bucket: bucket, key: key} }
	rangeDel := func(bucket byte, from, to []byte) op {
		return op{kind: opDeleteRange, bucket: bucket, key: from, value: to}
	}
	switch c := c.(type) {
	case PutQueue:
		v, err := json.Marshal(c.Queue)
		if err != nil {
			return buf, err
		}
		return appendOp(buf, put(bQueues, queueKey(c.Queue.ID, 0), v)), nil
	case DeleteQueue:
		from, to := queueKey(c.QueueID, 0), queueKey(c.QueueID, 1)
		for _, b := range []byte{bQueues, bMsgs, bVis, bDedup} {
			buf = appendOp(buf, rangeDel(b, from, to))
		}
		return appendOp(buf, del(bQueues, to)), nil // ID and a one byte: the sequence number
	case PurgeQueue:
		from, to := queueKey(c.QueueID, 0), queueKey(c.QueueID, 1)
		buf = appendOp(buf, rangeDel(bMsgs, from, to))
		return appendOp(buf, rangeDel(bVis, from, to)), nil
	case PutMessage:
		v, err := json.Marshal(c.Message)
		if err != nil {
			return buf, err
		}
		k, queue := messageKey(c.QueueID, c.Message.Sent, c.Message.ID), queueKey(c.QueueID, 0)
		msg := put(bMsgs, k, v)
		msg.ifBucket, msg.ifKey, msg.sequentialInput = bQueues, queue, true
		buf = appendOp(buf, msg)
		if c.Message.Receives == 0 && c.Message.FirstReceive == 0 {
			return appendOp(buf, del(bVis, k)), nil
		}
		b := encodeVisibility(c.Message.Visibility)
		vis := put(bVis, k, b[:])
		vis.ifBucket, vis.ifKey = bQueues, queue
		return appendOp(buf, vis), nil
	case SetVisibility:
		k := messageKey(c.QueueID, c.Sent, c.MessageID)
		b := encodeVisibility(c.Visibility)
		vis := put(bVis, k, b[:])
		vis.ifBucket, vis.ifKey = bMsgs, k // deleted since, or its queue: nothing to do
		return appendOp(buf, vis), nil
	case DeleteMessage:
		k := messageKey(c.QueueID, c.Sent, c.MessageID)
		buf = appendOp(buf, del(bMsgs, k))
		return appendOp(buf, del(bVis, k)), nil
	case PutDedup:
		v, err := json.Marshal(c.Dedup)
		if err != nil {
			return buf, err
		}
		queue := queueKey(c.QueueID, 0)
		d := put(bDedup, append(queueKey(c.QueueID, 0), c.Dedup.Key...), v)
		d.ifBucket, d.ifKey = bQueues, queue
		var seq [8]byte
		binary.BigEndian.PutUint64(seq[:], c.Seq)
		s := put(bQueues, queueKey(c.QueueID, 1), seq[:])
		s.ifBucket, s.ifKey = bQueues, queue
		return appendOp(appendOp(buf, d), s), nil
	case PutSNSAccount:
		v, err := json.Marshal(c.Account)
		if err != nil {
			return buf, err
		}
		return appendOp(buf, put(bSNS, []byte(c.Account.Account), v)), nil
	case DeleteSNSAccount:
		return appendOp(buf, del(bSNS, []byte(c.Account))), nil
	case PutArrival:
		v, err := json.Marshal(c.Arrival)
		if err != nil {
			return buf, err
		}
		a := put(bHistory, arrivalKey(c.Arrival.Account, c.Arrival.Seq), v)
		a.sequentialInput = true
		return appendOp(buf, a), nil
	case TrimHistory:
		return appendOp(buf, rangeDel(bHistory, arrivalKey(c.Account, 0), arrivalKey(c.Account, c.Below))), nil
	case DeleteHistory:
		if c.Account == "" {
			return appendOp(buf, rangeDel(bHistory, nil, nil)), nil
		}
		return appendOp(buf, rangeDel(bHistory, arrivalKey(c.Account, 0), append([]byte(c.Account), 1))), nil
	}
	return buf, fmt.Errorf("unknown change %T", c)
}

// writeOps writes the encoded ops in buf in tx, in order.
func writeOps(tx *bolt.Tx, buf []byte) error {
	var buckets [bHistory + 1]*bolt.Bucket
	bucket := func(i byte) *bolt.Bucket {
		if buckets[i] == nil {
			buckets[i] = tx.Bucket(allBuckets[i])
		}
		return buckets[i]
	}
	for len(buf) > 0 {
		o, rest, err := nextOp(buf)
		if err != nil {
			return err
		}
		buf = rest
		if len(o.ifKey) > 0 && bucket(o.ifBucket).Get(o.ifKey) == nil {
			continue
		}
		b := bucket(o.bucket)
		switch o.kind {
		case opPut:
			if o.sequentialInput {
				b.FillPercent = 0.9
			} else {
				b.FillPercent = bolt.DefaultFillPercent
			}
			err = b.Put(o.key, o.value)
		case opDelete:
			err = b.Delete(o.key)
		case opDeleteRange:
			err = deleteKeys(b, o.key, o.value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// deleteKeys deletes the keys from from (empty: the first) up to, not
// including, to (empty: past the last).
func deleteKeys(b *bolt.Bucket, from, to []byte) error {
	var gone [][]byte
	c := b.Cursor()
	k, _ := c.First()
	if len(from) > 0 {
		k, _ = c.Seek(from)
	}
	for ; k != nil && (len(to) == 0 || bytes.Compare(k, to) < 0); k, _ = c.Next() {
		gone = append(gone, slices.Clone(k))
	}
	for _, k := range gone {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// arrivalKey is an arrival's key: its account, a zero byte, its Seq.
func arrivalKey(account string, seq uint64) []byte {
	k := make([]byte, len(account)+9)
	copy(k, account)
	binary.BigEndian.PutUint64(k[len(account)+1:], seq)
	return k
}

// queueKey is a queue's ID and then suffix: 0 starts the keys of the
// queue's own state, messages and deduplication ids, 1 is its sequence
// number's.
func queueKey(id string, suffix byte) []byte {
	k := make([]byte, len(id)+1, len(id)+1+24)
	copy(k, id)
	k[len(id)] = suffix
	return k
}

// messageKey is a message's key: its queue's ID, a zero byte, its send
// time, then its id.
func messageKey(queueID string, sent int64, id [16]byte) []byte {
	k := queueKey(queueID, 0)
	k = binary.BigEndian.AppendUint64(k, uint64(sent))
	return append(k, id[:]...)
}

func encodeVisibility(v Visibility) [20]byte {
	var b [20]byte
	binary.BigEndian.PutUint32(b[:4], uint32(v.Receives))
	binary.BigEndian.PutUint64(b[4:12], uint64(v.FirstReceive))
	binary.BigEndian.PutUint64(b[12:], uint64(v.VisibleAt))
	return b
}

func decodeVisibility(b []byte) Visibility {
	return Visibility{
		Receives:     int32(binary.BigEndian.Uint32(b[:4])),
		FirstReceive: int64(binary.BigEndian.Uint64(b[4:12])),
		VisibleAt:    int64(binary.BigEndian.Uint64(b[12:])),
	}
}
