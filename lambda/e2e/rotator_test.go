package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/keysource"
	"github.com/securepipe/securepipe/lambda/permissions"
	"github.com/securepipe/securepipe/lambda/pseudonym"
	"github.com/securepipe/securepipe/lambda/rotation"
)

// Tokens of the rotations in TestRotatorEndToEnd, in order.
const (
	rotationFull    = "a0000000-0000-4000-8000-000000000001"
	rotationRetried = "a0000000-0000-4000-8000-000000000002"
	rotationBroken  = "a0000000-0000-4000-8000-000000000003"
	rotationFixed   = "a0000000-0000-4000-8000-000000000004"
	rotationCut     = "a0000000-0000-4000-8000-000000000005"
)

// steps are the rotation steps in the order Secrets Manager invokes them.
var steps = []string{rotation.StepCreate, rotation.StepSet, rotation.StepTest, rotation.StepFinish}

// TestRotatorEndToEnd runs the rotation function under the Runtime
// Interface Emulator against moto's Secrets Manager through a sequence of
// rotations of one secret, then checks its logs and what it did to AWS.
func TestRotatorEndToEnd(t *testing.T) {
	f := newRotatorFixture(t)
	dir := t.TempDir()
	bootstrap := buildFunction(t, dir, rotatorPackage)
	rie := buildRIE(t, dir)
	fn := startEmulator(t, rie, bootstrap, f.functionEnv())
	ctx := context.Background()
	invocations, failures := 0, 0
	invokeEvent := func(t *testing.T, ev rotation.Event) string {
		t.Helper()
		invocations++
		msg := fn.invokeStep(t, ev)
		if msg != "" {
			failures++
		}
		return msg
	}
	invoke := func(t *testing.T, step, token string) string {
		t.Helper()
		return invokeEvent(t, rotation.Event{SecretID: f.names.SecretARN, ClientRequestToken: token, Step: step})
	}

	// A token the processor made under the first key, to explain later.
	firstKey := readKey(t, f.value(t, secretVersion1, ""))
	madeBefore := pseudonym.New(firstKey).Token("ada@example.com")

	t.Run("a full rotation", func(t *testing.T) {
		f.startRotation(t, rotationFull)
		for _, step := range steps {
			require.Empty(t, invoke(t, step, rotationFull), step)
		}

		assert.Equal(t, map[string][]string{secretVersion1: {rotation.StagePrevious},
			rotationFull: {rotation.StageCurrent}}, f.stages(t))
		current := f.value(t, "", rotation.StageCurrent)
		checkRotated(t, rotatedValue, current)

		key, err := keysource.New(f.secrets, f.names.SecretARN, time.Hour).Key(ctx)
		require.NoError(t, err, "the processor reads the new key")
		assert.Equal(t, rotationFull, key.SecretVersionID)
		assert.NotEqual(t, firstKey.Version(), key.Version(), "the new key has a version of its own")
	})

	t.Run("the previous version stays readable", func(t *testing.T) {
		assert.Equal(t, rotatedValue, f.value(t, secretVersion1, ""), "by VersionId")
		assert.Equal(t, rotatedValue, f.value(t, "", rotation.StagePrevious), "by AWSPREVIOUS")

		got := explainToken(t, f.secrets, f.names.SecretARN, madeBefore, "")
		assert.Equal(t, foundPrevious, got.foundBy, "the token names the previous key")
		assert.Equal(t, secretVersion1, got.versionID)
		assert.Equal(t, madeBefore, pseudonym.New(got.key).Token("ada@example.com"),
			"a token made before the rotation can still be recomputed")
	})

	t.Run("every step invoked twice leaves the state of once", func(t *testing.T) {
		before := f.value(t, "", rotation.StageCurrent)
		f.startRotation(t, rotationRetried)
		for _, step := range steps {
			require.Empty(t, invoke(t, step, rotationRetried), step)
			once := f.state(t)
			require.Empty(t, invoke(t, step, rotationRetried), step+" again")
			assert.Equal(t, once, f.state(t), step)
		}
		assert.Equal(t, map[string][]string{secretVersion1: nil, rotationFull: {rotation.StagePrevious},
			rotationRetried: {rotation.StageCurrent}}, stagesOrNil(f.stages(t)))
		checkRotated(t, before, f.value(t, "", rotation.StageCurrent))
	})

	t.Run("a corrupted pending value is never made current", func(t *testing.T) {
		current := f.value(t, "", rotation.StageCurrent)
		f.startRotation(t, rotationBroken)
		corrupt := current[:len(current)/2] // cut short, as by a broken writer
		_, err := f.secrets.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
			SecretId: aws.String(f.names.SecretARN), ClientRequestToken: aws.String(rotationBroken),
			SecretString: aws.String(corrupt), VersionStages: []string{rotation.StagePending},
		})
		require.NoError(t, err, "another writer fills the pending version")

		require.Empty(t, invoke(t, rotation.StepCreate, rotationBroken), "createSecret keeps what it finds")
		require.Empty(t, invoke(t, rotation.StepSet, rotationBroken))
		broken := f.state(t)
		for _, step := range []string{rotation.StepTest, rotation.StepTest, rotation.StepFinish} {
			msg := invoke(t, step, rotationBroken)
			assert.Contains(t, msg, rotation.ErrNotObject.Error(), step)
			assert.Equal(t, broken, f.state(t), step+" changes nothing")
		}
		assert.Equal(t, current, f.value(t, "", rotation.StageCurrent))
		assert.Equal(t, rotationRetried, currentKey(t, f).SecretVersionID, "the processor keeps the current key")
	})

	t.Run("a retry after the fix completes the rotation", func(t *testing.T) {
		current := f.value(t, "", rotation.StageCurrent)
		_, err := f.secrets.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{
			SecretId: aws.String(f.names.SecretARN), VersionStage: aws.String(rotation.StagePending),
			RemoveFromVersionId: aws.String(rotationBroken),
		})
		require.NoError(t, err, "the operator clears the broken rotation")

		f.startRotation(t, rotationFixed)
		for _, step := range steps {
			require.Empty(t, invoke(t, step, rotationFixed), step)
		}
		assert.Equal(t, map[string][]string{secretVersion1: nil, rotationFull: nil, rotationBroken: nil,
			rotationRetried: {rotation.StagePrevious}, rotationFixed: {rotation.StageCurrent}},
			stagesOrNil(f.stages(t)))
		checkRotated(t, current, f.value(t, "", rotation.StageCurrent))
		assert.Equal(t, rotationFixed, currentKey(t, f).SecretVersionID)
	})

	t.Run("a finishSecret cut short is completed by its retry", func(t *testing.T) {
		f.startRotation(t, rotationCut)
		for _, step := range steps[:3] {
			require.Empty(t, invoke(t, step, rotationCut), step)
		}
		f.faults.failNext(1, func(op string, body []byte) bool {
			return op == "UpdateSecretVersionStage" && strings.Contains(string(body), rotation.StagePending)
		})

		msg := invoke(t, rotation.StepFinish, rotationCut)
		assert.Contains(t, msg, "remove AWSPENDING from version "+rotationCut, "AWSCURRENT moved, then the step failed")
		assert.Equal(t, []string{rotation.StageCurrent, rotation.StagePending}, f.stages(t)[rotationCut])

		require.Empty(t, invoke(t, rotation.StepFinish, rotationCut), "the retry")
		stages := f.stages(t)
		assert.Equal(t, []string{rotation.StageCurrent}, stages[rotationCut])
		assert.Equal(t, []string{rotation.StagePrevious}, stages[rotationFixed])
		assert.Equal(t, rotationCut, currentKey(t, f).SecretVersionID)
	})

	t.Run("tokens of the first key are explained after later rotations", func(t *testing.T) {
		got := explainToken(t, f.secrets, f.names.SecretARN, madeBefore, "")
		assert.Equal(t, foundListed, got.foundBy, "its version has no stage left")
		assert.Equal(t, secretVersion1, got.versionID)
		assert.Equal(t, madeBefore, pseudonym.New(got.key).Token("ada@example.com"))

		madeNow := pseudonym.New(currentKey(t, f).Key).Token("ada@example.com")
		assert.NotEqual(t, madeBefore, madeNow, "every rotation changes the tokens")
		got = explainToken(t, f.secrets, f.names.SecretARN, madeNow, "")
		assert.Equal(t, foundCurrent, got.foundBy)
		assert.Equal(t, rotationCut, got.versionID)
	})

	t.Run("another secret is refused", func(t *testing.T) {
		other, err := f.secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
			Name: aws.String("someone-elses-secret"), SecretString: aws.String(`{"pseudonymisation_key":"x"}`)})
		require.NoError(t, err)
		for _, step := range steps {
			msg := invokeEvent(t, rotation.Event{SecretID: aws.ToString(other.ARN),
				ClientRequestToken: aws.ToString(other.VersionId), Step: step})
			assert.Equal(t, rotation.ErrOtherSecret.Error(), msg)
			assert.NotContains(t, msg, f.names.SecretARN)
		}
	})

	t.Run("logs are JSON with the request ID and nothing secret", func(t *testing.T) {
		checkRotatorLogs(t, f, fn, invocations, failures)
	})

	t.Run("operations match the golden file", func(t *testing.T) {
		got := permissions.FormatRotator(f.recorder.Grants())
		checkGolden(t, filepath.Join("testdata", "rotator-operations.golden"), got, nil)
	})
}

// checkRotated checks that after differs from before only in a new key of
// at least 32 bytes, with every other byte of the value kept.
func checkRotated(t *testing.T, before, after string) {
	t.Helper()
	oldKey := members(t, before)[rotation.DefaultKeyField].(string)
	newKey, ok := members(t, after)[rotation.DefaultKeyField].(string)
	require.True(t, ok, "the key member is a string")
	assert.NotEqual(t, oldKey, newKey, "the key changed")
	material, err := base64.StdEncoding.DecodeString(newKey)
	require.NoError(t, err, "the key is standard base64")
	assert.GreaterOrEqual(t, len(material), pseudonym.MinKeyBytes)
	assert.Equal(t, before, strings.Replace(after, newKey, oldKey, 1), "only the key's value changed")
}

// readKey decodes the key of a secret value as the processor does.
func readKey(t *testing.T, value string) pseudonym.Key {
	t.Helper()
	material, err := base64.StdEncoding.DecodeString(members(t, value)[rotation.DefaultKeyField].(string))
	require.NoError(t, err)
	key, err := pseudonym.NewKey(material)
	require.NoError(t, err)
	return key
}

// currentKey reads the key as a processor starting now would.
func currentKey(t *testing.T, f *rotatorFixture) keysource.Key {
	t.Helper()
	key, err := keysource.New(f.secrets, f.names.SecretARN, time.Hour).Key(context.Background())
	require.NoError(t, err)
	return key
}

// stagesOrNil maps versions without a stage to nil, as DescribeSecret
// may list them with an empty list.
func stagesOrNil(stages map[string][]string) map[string][]string {
	for v, s := range stages {
		if len(s) == 0 {
			stages[v] = nil
		}
	}
	return stages
}

// checkRotatorLogs checks the function's log lines: JSON, one per
// invocation, each with the request ID, an error line for each failed
// step, and no value of any version of the secret anywhere in the output.
func checkRotatorLogs(t *testing.T, f *rotatorFixture, fn *emulator, invocations, failures int) {
	t.Helper()
	logs := waitForLogs(t, fn, invocations)
	assert.Len(t, logs, invocations, "one line for each invocation")
	errorsLogged := 0
	for _, entry := range logs {
		assert.NotEmpty(t, entry["requestId"], entry)
		if entry["level"] == "ERROR" {
			errorsLogged++
		}
	}
	assert.Equal(t, failures, errorsLogged, "one error line for each failed step")

	out := fn.out.String()
	for version := range f.stages(t) {
		value := f.value(t, version, "")
		if value == "" {
			continue
		}
		assertNotLogged(t, out, value, "the value of version "+version)
		var fields map[string]any
		_ = json.Unmarshal([]byte(value), &fields) // a corrupted value has none
		for name, v := range fields {
			s, ok := v.(string)
			if !ok {
				continue
			}
			assertNotLogged(t, out, s, "member "+name+" of version "+version)
			if material, err := base64.StdEncoding.DecodeString(s); err == nil && len(material) >= 16 {
				assertNotLogged(t, out, string(material), "the key material of version "+version)
			}
		}
	}
}

// waitForLogs returns the function's log lines once there are n of them,
// or after logWait: the emulator relays the function's output apart from
// its responses, so the last line may arrive after the last response.
func waitForLogs(t *testing.T, fn *emulator, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(logWait)
	for {
		logs := fn.functionLogs(t)
		if len(logs) >= n || time.Now().After(deadline) {
			return logs
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// logWait bounds the wait for the function's last log lines.
const logWait = 5 * time.Second

// assertNotLogged checks that secret appears in out neither as it is nor
// escaped as in a JSON log line.
func assertNotLogged(t *testing.T, out, secret, what string) {
	t.Helper()
	escaped, _ := json.Marshal(secret)
	assert.NotContains(t, out, secret, "%s reached the logs", what)
	assert.NotContains(t, out, string(escaped[1:len(escaped)-1]), "%s reached the logs", what)
}
