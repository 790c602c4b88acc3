"""Validates Kubernetes documents against the core API schemas that the PyPI package kubernetes-validate
ships (strict: unknown fields are errors; nothing is downloaded). Documents of custom resource groups
(a dotted group outside *.k8s.io) are returned as "crd" for deploy/k8s/validate.ts to check.

stdin: {"version": "1.34.0", "sets": [{"name": str, "yaml": str} | {"name": str, "docs": [object]}]}
stdout: [{"name": str, "docs": [{"doc": object, "core": "valid" | "invalid" | "crd", "error"?: str}]}]
"""
import json
import sys

import kubernetes_validate as kv
import yaml


def check(doc, version):
    api = str(doc.get("apiVersion", ""))
    group = api.split("/")[0] if "/" in api else ""
    if "." in group and not group.endswith("k8s.io"):
        return {"doc": doc, "core": "crd"}
    try:
        kv.validate(doc, version, strict=True)
        return {"doc": doc, "core": "valid"}
    except kv.ValidationError as e:
        where = "/".join(str(p) for p in e.path)
        return {"doc": doc, "core": "invalid", "error": f"{where}: {e.message}"}
    except (kv.SchemaNotFoundError, kv.InvalidSchemaError) as e:
        return {"doc": doc, "core": "invalid", "error": str(e)}


def main():
    req = json.load(sys.stdin)
    out = []
    for s in req["sets"]:
        docs = s["docs"] if "docs" in s else [d for d in yaml.safe_load_all(s["yaml"]) if d is not None]
        out.append({"name": s["name"], "docs": [check(d, req["version"]) for d in docs]})
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
