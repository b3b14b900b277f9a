package filterpolicy

// Scope says what a filter policy is matched against: the message attributes
// (the AWS default) or the JSON message body. Its value is the
// FilterPolicyScope attribute's text; the zero value means MessageAttributes.
type Scope string

// The two scopes AWS accepts.
const (
	MessageAttributes Scope = "MessageAttributes"
	MessageBody       Scope = "MessageBody"
)

// ParseScope reads a FilterPolicyScope attribute value. It rejects anything
// but the two scopes with AWS's message.
func ParseScope(s string) (Scope, error) {
	switch Scope(s) {
	case MessageAttributes, MessageBody:
		return Scope(s), nil
	}
	return "", &Error{
		Param:  paramScope,
		Reason: "Invalid value [" + s + "]. Please use either MessageBody or MessageAttributes",
	}
}

func (s Scope) isBody() bool { return s == MessageBody }
