package rotation

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// testStep is the testSecret step. When a rotation schedule is created
// without rotating at once, Secrets Manager checks the configuration by
// calling testSecret alone on an AWSPENDING version that has no value; the
// function then proves it can read and use the current secret, which is
// all such a check can ask of it.
func (r *Rotator) testStep(ctx context.Context, token string) error {
	if _, err := r.value(ctx, token, StagePending); isNotFound(err) {
		return r.testCurrent(ctx)
	}
	return r.test(ctx, token)
}

// testCurrent checks that the current value holds a key the processor
// accepts.
func (r *Rotator) testCurrent(ctx context.Context) error {
	currentValue, err := r.value(ctx, "", StageCurrent)
	if err != nil {
		return err
	}
	current, err := parseDocument(currentValue)
	if err != nil {
		return fmt.Errorf("check %s value: %w", StageCurrent, err)
	}
	if _, ok := r.usableKey(current); !ok {
		return fmt.Errorf("check %s value: %w", StageCurrent, ErrKeyNotBase64)
	}
	return nil
}

// test checks the pending value against the current one: it must hold a
// key that the processor accepts, differ from the current key and keep
// every other member unchanged.
func (r *Rotator) test(ctx context.Context, token string) error {
	pendingValue, err := r.value(ctx, token, StagePending)
	if err != nil {
		return err
	}
	currentValue, err := r.value(ctx, "", StageCurrent)
	if err != nil {
		return err
	}

	pending, err := parseDocument(pendingValue)
	if err != nil {
		return fmt.Errorf("check %s value: %w", StagePending, err)
	}
	current, err := parseDocument(currentValue)
	if err != nil {
		return fmt.Errorf("check %s value: %w", StageCurrent, err)
	}
	if err := r.checkKey(pending, current); err != nil {
		return fmt.Errorf("check %s value: %w", StagePending, err)
	}
	if !pending.sameExcept(current, r.keyField) {
		return fmt.Errorf("check %s value: %w", StagePending, ErrMembersDiffer)
	}
	return nil
}

// checkKey checks the pending key member: standard base64 of material
// that pseudonym.NewKey accepts, as the processor will, whose fingerprint
// differs from the current key's, so that tokens made under it name a
// version of their own.
func (r *Rotator) checkKey(pending, current document) error {
	encoded, err := pending.stringMember(r.keyField)
	if err != nil {
		return err
	}
	material, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return ErrKeyNotBase64
	}
	if len(material) < pseudonym.MinKeyBytes {
		return ErrKeyTooShort
	}
	key, err := pseudonym.NewKey(material)
	if err != nil {
		return err // it quotes lengths and rules, never material
	}

	if currentKey, ok := r.usableKey(current); ok && currentKey.Version() == key.Version() {
		return ErrKeyUnchanged
	}
	return nil
}

// usableKey returns the key of a value when the processor could use it.
// A current value whose key it could not use has no tokens to keep apart
// from the pending key's.
func (r *Rotator) usableKey(d document) (pseudonym.Key, bool) {
	encoded, err := d.stringMember(r.keyField)
	if err != nil {
		return pseudonym.Key{}, false
	}
	material, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return pseudonym.Key{}, false
	}
	key, err := pseudonym.NewKey(material)
	return key, err == nil
}
