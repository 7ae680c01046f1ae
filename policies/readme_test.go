package policies_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/policies"
)

// TestReadmeListsEveryRule keeps the README's rule table in step with the
// catalogue, since auditors read the table.
func TestReadmeListsEveryRule(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(data)
	for _, r := range policies.Rules() {
		hub := strings.Join(r.SecurityHub, ", ")
		if hub == "" {
			hub = "—"
		}
		row := "| " + strings.Join([]string{r.ID, r.Title, r.Severity.String(), strings.Join(r.SOC2, ", "), hub}, " | ") + " |"
		assert.Contains(t, readme, row, "README's rule table lacks or misstates %s", r.ID)
	}
}
