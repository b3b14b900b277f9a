//go:build unix

package intake

import "syscall"

const noFollow = syscall.O_NOFOLLOW
