package cfn

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/intrinsics"
)

// Document is a CloudFormation template under construction. Every resource
// added is deleted with its stack: nothing is retained.
type Document struct {
	*cloudformation.Template
	// Rules are template rules, checked before any resource is created.
	Rules map[string]Rule `json:"Rules,omitempty"`
	errs  []error
}

// Rule is a CloudFormation template rule.
type Rule struct {
	Assertions []Assertion `json:"Assertions"`
}

// Assertion is one rule assertion. Assert is built with goformation's
// intrinsic helpers (cloudformation.Equals, ...), never a literal map,
// since rendering evaluates literal condition functions.
type Assertion struct {
	Assert            string `json:"Assert"`
	AssertDescription string `json:"AssertDescription"`
}

// New returns an empty document with the given description.
func New(description string) *Document {
	t := cloudformation.NewTemplate()
	t.Description = description
	return &Document{Template: t, Rules: map[string]Rule{}}
}

// Add puts r in the template under id, with DeletionPolicy and
// UpdateReplacePolicy Delete. A logical ID used twice is an error reported
// by Render.
func (d *Document) Add(id string, r cloudformation.Resource) {
	if _, dup := d.Resources[id]; dup {
		d.errs = append(d.errs, fmt.Errorf("logical ID %s is used twice", id))
		return
	}
	if err := setDeletePolicies(r); err != nil {
		d.errs = append(d.errs, fmt.Errorf("resource %s: %w", id, err))
		return
	}
	d.Resources[id] = r
}

// policyHolder is a resource that sets its own policies, such as Tagged.
type policyHolder interface {
	setDeletePolicies() error
}

// setDeletePolicies sets the goformation policy fields every generated
// resource type has; reflection keeps it one rule for all of them.
func setDeletePolicies(r cloudformation.Resource) error {
	if h, ok := r.(policyHolder); ok {
		return h.setDeletePolicies()
	}
	v := reflect.ValueOf(r)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("%s must be added as a pointer to its struct", r.AWSCloudFormationType())
	}
	del := v.Elem().FieldByName("AWSCloudFormationDeletionPolicy")
	rep := v.Elem().FieldByName("AWSCloudFormationUpdateReplacePolicy")
	if !del.IsValid() || !rep.IsValid() {
		return fmt.Errorf("%s has no deletion policy fields", r.AWSCloudFormationType())
	}
	del.Set(reflect.ValueOf(policies.DeletionPolicy("Delete")))
	rep.Set(reflect.ValueOf(policies.UpdateReplacePolicy("Delete")))
	return nil
}

// Fail records err; Render and Err return it. Builders use it for a
// template that cannot be deployed as asked.
func (d *Document) Fail(err error) {
	d.errs = append(d.errs, err)
}

// Err returns the first error met while adding resources.
func (d *Document) Err() error {
	if len(d.errs) > 0 {
		return d.errs[0]
	}
	return nil
}

// Render returns the template as indented JSON, through goformation's
// intrinsic processing, which turns its encoded placeholders into
// CloudFormation functions. Map keys come out sorted, so equal documents
// render to equal bytes.
func (d *Document) Render() ([]byte, error) {
	if err := d.Err(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("marshal template: %w", err)
	}
	out, err := intrinsics.ProcessJSON(raw, nil)
	if err != nil {
		return nil, fmt.Errorf("process intrinsic functions: %w", err)
	}
	return append(out, '\n'), nil
}

// LogicalIDs returns the logical IDs of every resource, sorted.
func (d *Document) LogicalIDs() []string {
	ids := make([]string, 0, len(d.Resources))
	for id := range d.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
