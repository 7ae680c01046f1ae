package localdeploy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResultString(t *testing.T) {
	tests := []struct {
		name string
		r    result
		want string
	}{
		{"ok", pass("DataKey", "key rotation on"),
			"ok      DataKey                      key rotation on"},
		{"fail", fail("DataBucket", "versioning enabled", "versioning is %s", "Suspended"),
			"FAIL    DataBucket                   versioning enabled: versioning is Suspended"},
		{"skipped", skip("DataKey", "rotation period 90 days", gap("no period")),
			"skipped DataKey                      rotation period 90 days (moto: no period)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.String())
		})
	}
}

func TestSummary(t *testing.T) {
	ok, failed, skipped, failures := summary([]result{
		pass("A", "a"), pass("B", "b"), fail("C", "c", "wrong"), skip("D", "d", gapRotationPeriod),
	})

	assert.Equal(t, 2, ok)
	assert.Equal(t, 1, failed)
	assert.Equal(t, 1, skipped)
	assert.Equal(t, []string{"C c: wrong"}, failures)
}

func TestDig(t *testing.T) {
	v := map[string]any{"A": []any{map[string]any{"B": "x"}}}
	tests := []struct {
		name string
		path []any
		want any
	}{
		{"found", []any{"A", 0, "B"}, "x"},
		{"index out of range", []any{"A", 1, "B"}, nil},
		{"missing key", []any{"Z"}, nil},
		{"key into list", []any{"A", "B"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, dig(v, tt.path...))
		})
	}
}
