"""A UA: the model (model.py), reading YAML with the line of every value
(yaml_source.py) and turning it into typed records with every mistake located
(structure.py, which also writes the JSON Schema), finding UA files (catalog.py),
choosing targets and a language (choice.py) and the text views of `ua list`,
`show` and `targets` (views.py).

Imports errors, files and paths from the package's top level; never click, never
another domain package.
"""
