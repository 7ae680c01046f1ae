package spec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProblemError(t *testing.T) {
	tests := []struct {
		name    string
		problem Problem
		want    string
	}{
		{"everything", Problem{File: "p.yaml", Line: 3, Path: "project.name", Message: "missing", Hint: "name it"},
			"p.yaml:3: project.name: missing; name it"},
		{"no path", Problem{File: "p.yaml", Line: 1, Message: "the spec is empty", Hint: "start over"},
			"p.yaml:1: the spec is empty; start over"},
		{"no hint", Problem{File: "p.yaml", Line: 9, Path: "environments", Message: "odd"},
			"p.yaml:9: environments: odd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.problem.Error())
		})
	}
}

func TestProblemsSortByLineThenPath(t *testing.T) {
	ps := Problems{
		{File: "p.yaml", Line: 9, Path: "b", Message: "m"},
		{File: "p.yaml", Line: 2, Path: "z", Message: "m"},
		{File: "p.yaml", Line: 9, Path: "a", Message: "m"},
	}
	assert.Equal(t, "p.yaml:2: z: m\np.yaml:9: a: m\np.yaml:9: b: m", ps.sorted().Error())
}
