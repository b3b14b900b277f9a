package sqs

import "time"

// window remembers values by key for a while and forgets each once its time
// is up, oldest first, so that forgetting costs nothing while nothing is due:
// a FIFO queue's deduplication ids and its receive attempts both last five
// minutes. Its zero value is empty and ready; the queue's lock guards it.
type window[V any] struct {
	entries map[string]windowEntry[V]
	order   []windowRecord // in the order put, so in the order they expire
}

type windowEntry[V any] struct {
	value   V
	expires time.Time
}

type windowRecord struct {
	key     string
	expires time.Time
}

// get returns the value key holds at now, if its time is not up.
func (w *window[V]) get(key string, now time.Time) (V, bool) {
	w.prune(now)
	e, ok := w.entries[key]
	return e.value, ok
}

// put makes key hold v until expires, which must not come before the
// expiry of anything put earlier.
func (w *window[V]) put(key string, v V, expires time.Time) {
	if w.entries == nil {
		w.entries = map[string]windowEntry[V]{}
	}
	w.entries[key] = windowEntry[V]{value: v, expires: expires}
	w.order = append(w.order, windowRecord{key: key, expires: expires})
}

// forget drops key before its time.
func (w *window[V]) forget(key string) { delete(w.entries, key) }

// prune forgets what is due at now.
func (w *window[V]) prune(now time.Time) {
	i := 0
	for ; i < len(w.order) && !w.order[i].expires.After(now); i++ {
		// A key put again since holds a later expiry: keep it.
		if e, ok := w.entries[w.order[i].key]; ok && !e.expires.After(now) {
			delete(w.entries, w.order[i].key)
		}
	}
	if i > 0 {
		w.order = append(w.order[:0], w.order[i:]...)
	}
}
