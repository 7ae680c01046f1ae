package policies

// Criterion is a SOC 2 Trust Services Criterion the rules support.
type Criterion struct {
	ID    string
	Title string
	// Summary says, in the pipeline's terms, what the criterion asks.
	Summary string
}

// Criteria are the Trust Services Criteria the catalogue supports, in the
// order of the 2017 criteria.
var Criteria = []Criterion{
	{"CC3.4", "Assessing changes to controls",
		"Every exception to a control is identified, justified and kept visible for review."},
	{"CC6.1", "Logical access security",
		"Access to the data is restricted by design: isolated network, encryption under keys the stack controls, least-privilege identities, classified and inventoried resources."},
	{"CC6.3", "Role-based access and least privilege",
		"Each role and key grants exactly the actions and resources its holder needs, and nothing that reaches beyond them."},
	{"CC6.6", "Boundary protection",
		"Nothing outside the VPC can reach into it, and nothing inside can leave it except through the VPC endpoints."},
	{"CC6.7", "Protection of data in transit",
		"Data moves only over TLS and only between the components of one environment."},
	{"CC7.2", "Monitoring of system components",
		"Every API call, data access and network flow is recorded, protected from tampering and kept long enough to investigate."},
	{"CC8.1", "Change management",
		"A template deploys as written: its references resolve, its names fit, its waivers are recorded with a reason."},
	{"C1.1", "Identifying and protecting confidential information",
		"Confidential data is classified by tag and encrypted wherever it rests, with secrets kept out of templates and configuration."},
	{"C1.2", "Disposing of confidential information",
		"Deleting an environment deletes its data: nothing is retained outside the stack."},
	{"A1.2", "Recovery of data",
		"Stored objects keep their earlier versions, so an overwrite or deletion can be undone."},
}

// RulesFor returns the rules that support criterion id, by rule ID.
func RulesFor(id string) []Rule {
	var out []Rule
	for _, r := range catalogue {
		for _, c := range r.SOC2 {
			if c == id {
				out = append(out, *r)
				break
			}
		}
	}
	return out
}
