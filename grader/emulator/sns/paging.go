package sns

import (
	"encoding/base64"
	"strconv"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// paginate returns the page of items that token points at and the token of
// the next page ("" on the last). Tokens are opaque to clients: an encoded
// offset.
func paginate(items []string, token string) (page []string, next string, err *awserr.Error) {
	return paginateBy(items, token, pageSize)
}

// paginateBy is paginate with pages of size items.
func paginateBy(items []string, token string, size int) (page []string, next string, err *awserr.Error) {
	start := 0
	if token != "" {
		raw, decErr := base64.RawURLEncoding.DecodeString(token)
		n, convErr := strconv.Atoi(string(raw))
		if decErr != nil || convErr != nil || n < 0 || n > len(items) {
			return nil, "", invalidParam("NextToken")
		}
		start = n
	}
	end := min(start+size, len(items))
	if end < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	return items[start:end], next, nil
}
