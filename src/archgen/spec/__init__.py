"""Stage 1, the spec: a YAML file read into a validated, located ``Spec``.

``yamlsrc`` reads safe YAML keeping every key's and value's line and column;
``load`` goes from bytes to text to located YAML to ``Spec``; ``check`` holds
the language's rules (with ``fields``, the field tables the JSON Schema in
``schema`` is generated from, and ``edgeexpr``, the edge expression grammar);
``iconfile`` says what an icon file beside a spec may be; ``model`` is the
validated spec's immutable records.
"""
