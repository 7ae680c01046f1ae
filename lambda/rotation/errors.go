package rotation

import "errors"

// Refusals of an event. They name neither the secret asked for nor the
// one configured.
var (
	ErrOtherSecret = errors.New("refused: the event names a secret this function does not rotate")
	ErrUnknownStep = errors.New("refused: step is not createSecret, setSecret, testSecret or finishSecret")
	ErrBadToken    = errors.New("refused: ClientRequestToken must be 32 to 64 letters, digits, '-', '_' or '.'")
)

// Faults of the secret's configuration or stages.
var (
	ErrRotationDisabled = errors.New("the secret does not have rotation enabled")
	ErrNoCurrent        = errors.New("no version of the secret is staged " + StageCurrent)
)

// Faults of a secret value. They are returned instead of the decoders'
// own errors, which may quote bytes of the secret.
var (
	ErrNoString        = errors.New("the version has no string value")
	ErrNotObject       = errors.New("the value is not a JSON object")
	ErrDuplicateMember = errors.New("the value's JSON object repeats a member name")
	ErrNoKeyMember     = errors.New("the value has no key member holding a string")
	ErrKeyNotBase64    = errors.New("the key member is not standard base64")
	ErrKeyTooShort     = errors.New("the key member decodes to too few bytes for the processor")
	ErrKeyUnchanged    = errors.New("the pending key has the current key's fingerprint")
	ErrMembersDiffer   = errors.New("the pending value's other members differ from the current value's")
	ErrBadPassword     = errors.New("GetRandomPassword returned a value of the wrong length or alphabet")
)
