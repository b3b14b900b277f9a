// Package exercises holds QueueLab's exercises, one package per folder, and
// the catalogue that lists them with their checks.
package exercises

import (
	_ "embed"
	"sync"

	"github.com/queuelab/queuelab/grader/catalogue"
)

//go:embed catalogue.yaml
var catalogueYAML []byte

// Catalogue returns the parsed catalogue of the exercises. It panics only if
// the file shipped in this package is invalid, which `make test` rules out.
var Catalogue = sync.OnceValue(func() *catalogue.Catalogue {
	c, err := catalogue.Parse(catalogueYAML)
	if err != nil {
		panic(err)
	}
	return c
})

// CatalogueYAML returns the catalogue file as shipped.
func CatalogueYAML() []byte { return catalogueYAML }
