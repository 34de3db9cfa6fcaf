package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

//go:embed catalogue/*.yaml
var catalogueFS embed.FS

// ErrUnknown is wrapped by Lookup's error for an id not in the catalogue.
var ErrUnknown = errors.New("scenarios: unknown scenario")

var catalogue = sync.OnceValue(func() []Scenario {
	list, err := LoadFS(catalogueFS, "catalogue")
	if err != nil {
		panic(err)
	}
	return list
})

// Catalogue returns the embedded scenarios, sorted by ID. Each call returns
// fresh copies the caller may change. It panics only if an embedded file is
// invalid, which the package's tests rule out.
func Catalogue() []Scenario {
	list := catalogue()
	out := make([]Scenario, len(list))
	for i, s := range list {
		out[i] = s.clone()
	}
	return out
}

// Lookup returns the catalogue's scenario with the given id. For an unknown
// id its error wraps ErrUnknown and lists the known ids.
func Lookup(id string) (Scenario, error) {
	list := catalogue()
	i := sort.Search(len(list), func(i int) bool { return list[i].ID >= id })
	if i < len(list) && list[i].ID == id {
		return list[i].clone(), nil
	}
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	return Scenario{}, fmt.Errorf("%w %q (known: %s)", ErrUnknown, id, strings.Join(ids, ", "))
}

// LoadDir reads every *.yaml and *.yml file in dir (not its subfolders) and
// returns the scenarios sorted by ID; other files are ignored. Errors name
// each file by its path under dir; two files with one id are an error naming
// both. A folder without scenario files is an error too.
func LoadDir(dir string) ([]Scenario, error) {
	return load(os.DirFS(dir), ".", func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) })
}

// LoadFS is LoadDir for the folder dir of fsys; errors name files by their
// path in fsys.
func LoadFS(fsys fs.FS, dir string) ([]Scenario, error) {
	return load(fsys, dir, func(name string) string { return name })
}

func load(fsys fs.FS, dir string, display func(string) string) ([]Scenario, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fsError(display(dir), err)
	}
	byID := map[string]string{}
	var list []Scenario
	var errs []error
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || ext != ".yaml" && ext != ".yml" {
			continue
		}
		p := path.Join(dir, e.Name())
		name := display(p)
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fsError(name, err))
			continue
		}
		s, root, err := parse(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if first, dup := byID[s.ID]; dup {
			errs = append(errs, &Error{File: name, Line: lineOf(root, "id"), Field: "id",
				Msg: fmt.Sprintf("%q is also the id of %s", s.ID, first)})
			continue
		}
		byID[s.ID] = name
		list = append(list, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("scenarios: %s: no *.yaml or *.yml files", display(dir))
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list, nil
}

// fsError names the file or folder as the user knows it, rather than by its
// path inside the fs.FS.
func fsError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("scenarios: %s: %w", name, err)
}

// With returns the catalogue with the scenarios of a user's folder added; a
// scenario of dir replaces the built-in one with the same ID. An empty dir
// gives the catalogue alone.
func With(dir string) ([]Scenario, error) {
	all := Catalogue()
	if dir == "" {
		return all, nil
	}
	own, err := LoadDir(dir)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	for i, s := range all {
		byID[s.ID] = i
	}
	for _, s := range own {
		if i, ok := byID[s.ID]; ok {
			all[i] = s
		} else {
			all = append(all, s)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all, nil
}

// Find returns the scenario with the id from list; its error lists the ids
// there are.
func Find(list []Scenario, id string) (Scenario, error) {
	ids := make([]string, len(list))
	for i, s := range list {
		if s.ID == id {
			return s, nil
		}
		ids[i] = s.ID
	}
	return Scenario{}, fmt.Errorf("%w %q (want one of %s)", ErrUnknown, id, strings.Join(ids, ", "))
}
