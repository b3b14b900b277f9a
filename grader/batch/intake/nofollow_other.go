//go:build !unix

package intake

const noFollow = 0
