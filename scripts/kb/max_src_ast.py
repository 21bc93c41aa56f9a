"""Facts from MAX's Python source, read with the `ast` module (never imported, never executed).

Run by scripts/kb/extract-max-src.mjs:  python3 max_src_ast.py <max-src root>  ->  JSON on stdout.

Only facts leave this script: names, dataclass fields and whether they have defaults, which
Hugging Face config attributes a method reads (with or without a default, and the line), which
methods construct a config class, rename maps, adapter steps, string literals the code compares
against, line numbers. No code text is copied.
"""

from __future__ import annotations

import ast
import json
import os
import sys

PY_ROOT = "max/python"
ARCH_PKG = "max.pipelines.architectures"
# Names whose attribute `.huggingface_config` is the HF config in MAX's code (self, model_config, pipeline_config.model).
HF_ATTRIBUTE = "huggingface_config"
# Sub-configs of a multimodal HF config that MAX reads as the language model's config.
SUB_CONFIGS = ("text_config", "llm_config", "language_config")
# Methods through which a config class is constructed or consulted.
CONSTRUCTORS = ("initialize", "initialize_from_config")
CONFIG_CLASSMETHODS = ("construct_kv_params", "calculate_max_seq_len")
MAX_DEPTH = 12


def literal(node):
    """A JSON-able literal for a default/constant, or a marker for anything computed."""
    try:
        value = ast.literal_eval(node)
    except Exception:  # noqa: BLE001 - anything that is not a literal is "computed"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("list", "dict", "set", "tuple") and not node.args:
            return {"literal": [] if node.func.id != "dict" else {}}
        return {"computed": True}
    if isinstance(value, (set, frozenset, tuple)):
        value = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return {"computed": True}
    return {"literal": value}


def dotted(node):
    """a.b.c for a chain of names/attributes (and 'x[key]' for a string subscript), else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        inner = dotted(node.value)
        return f"{inner}.{node.slice.value}" if inner else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" and len(node.args) == 1:
        inner = dotted(node.args[0])
        return f"type({inner})" if inner else None
    return None


# ---------------------------------------------------------------------------- modules


class Module:
    def __init__(self, name, path, tree, is_package):
        self.name = name
        self.path = path
        self.tree = tree
        self.package = name if is_package else name.rsplit(".", 1)[0]
        self.imports = {}  # local name -> fully qualified target (module or module.attr)
        self.defs = {}  # name -> ast node (module-level class/function)
        self.assigns = {}  # name -> (ast value, line)
        for node in tree.body:
            self._top(node)

    def _top(self, node):
        if isinstance(node, ast.ImportFrom):
            base = self._from_base(node)
            for alias in node.names:
                self.imports[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                self.imports[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            self.defs[node.name] = node
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.assigns[node.targets[0].id] = (node.value, node.lineno)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            self.assigns[node.target.id] = (node.value, node.lineno)
        elif isinstance(node, ast.If):  # TYPE_CHECKING imports and optional imports
            for child in node.body + node.orelse:
                self._top(child)
        elif isinstance(node, ast.Try):
            for child in node.body:
                self._top(child)

    def _from_base(self, node):
        if not node.level:
            return node.module or ""
        parts = self.package.split(".")
        if node.level > 1:
            parts = parts[: -(node.level - 1)]
        base = ".".join(parts)
        return f"{base}.{node.module}" if node.module else base


class Index:
    """Every module under max/python/max, and name resolution across them."""

    def __init__(self, root):
        self.root = root
        self.modules = {}
        base = os.path.join(root, PY_ROOT)
        for dirpath, _dirs, files in os.walk(os.path.join(base, "max")):
            for file in sorted(files):
                if not file.endswith(".py"):
                    continue
                full = os.path.join(dirpath, file)
                rel = os.path.relpath(full, base)[:-3].replace(os.sep, ".")
                is_package = rel.endswith(".__init__")
                name = rel[: -len(".__init__")] if is_package else rel
                with open(full, encoding="utf-8") as handle:
                    tree = ast.parse(handle.read(), filename=full)
                self.modules[name] = Module(name, os.path.relpath(full, root).replace(os.sep, "/"), tree, is_package)
        self.classes = {}
        for module in self.modules.values():
            for name, node in module.defs.items():
                if isinstance(node, ast.ClassDef):
                    self.classes[f"{module.name}.{name}"] = ClassInfo(self, module, node)

    def resolve(self, module, name, hops=0):
        """Fully qualified target of `name` as seen from `module` (following re-exports)."""
        if hops > 10:
            return None
        if name in module.defs:
            return f"{module.name}.{name}"
        if name in module.assigns:
            value, _line = module.assigns[name]
            if isinstance(value, (ast.Name, ast.Attribute)) and dotted(value) and dotted(value) != name:
                return self.resolve_dotted(module, dotted(value), hops + 1) or f"{module.name}.{name}"
            return f"{module.name}.{name}"
        target = module.imports.get(name)
        if target is None:
            return None
        return self.follow(target, hops + 1)

    def follow(self, target, hops=0):
        if target in self.modules:
            return target
        if "." not in target:
            return target
        mod, attr = target.rsplit(".", 1)
        if mod in self.modules:
            found = self.resolve(self.modules[mod], attr, hops)
            return found or target
        return target

    def resolve_dotted(self, module, text, hops=0):
        head, *rest = text.split(".")
        target = self.resolve(module, head, hops)
        if target is None:
            return None
        for part in rest:
            if target in self.modules:
                target = self.resolve(self.modules[target], part, hops + 1) or f"{target}.{part}"
            else:
                target = f"{target}.{part}"
        return target

    def function(self, fq):
        if fq is None or "." not in fq:
            return None
        mod, name = fq.rsplit(".", 1)
        module = self.modules.get(mod)
        node = module.defs.get(name) if module else None
        return FuncInfo(module, None, node) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None

    def location(self, module, line):
        return {"path": module.path, "line": line}


class FuncInfo:
    def __init__(self, module, cls, node):
        self.module = module
        self.cls = cls  # ClassInfo or None
        self.node = node
        decorators = {dotted(d) or "" for d in node.decorator_list}
        if "classmethod" in decorators:
            self.kind = "classmethod"
        elif "staticmethod" in decorators:
            self.kind = "staticmethod"
        elif "property" in decorators or "cached_property" in decorators or "functools.cached_property" in decorators:
            self.kind = "property"
        elif cls is not None:
            self.kind = "method"
        else:
            self.kind = "function"
        args = node.args
        self.params = [a.arg for a in args.posonlyargs + args.args]
        self.kwonly = [a.arg for a in args.kwonlyargs]
        self.has_varkw = args.kwarg is not None

    @property
    def qualname(self):
        return f"{self.cls.name}.{self.node.name}" if self.cls else self.node.name

    @property
    def key(self):
        return f"{self.module.name}.{self.qualname}"

    def bound_params(self):
        """Parameters a call binds arguments to (without self/cls)."""
        return self.params[1:] if self.kind in ("classmethod", "method", "property") else self.params


class ClassInfo:
    def __init__(self, index, module, node):
        self.index = index
        self.module = module
        self.node = node
        self.name = node.name
        self.fq = f"{module.name}.{node.name}"
        self.line = node.lineno
        # Generic bases (PipelineModelWithKVCache[TextContext]) are the class itself.
        self.base_names = [dotted(b.value if isinstance(b, ast.Subscript) else b) for b in node.bases]
        self.methods = {}
        self.fields = []  # dataclass-style annotated fields
        self.attrs = {}  # class attributes assigned a value
        decorators = [d for d in node.decorator_list]
        self.dataclass = any((dotted(d.func) if isinstance(d, ast.Call) else dotted(d)) in ("dataclass", "dataclasses.dataclass") for d in decorators)
        for child in node.body:
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.methods[child.name] = FuncInfo(module, self, child)
            elif isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
                annotation = ast.unparse(child.annotation)
                entry = {"name": child.target.id, "type": annotation[:80], "line": child.lineno, "hasDefault": child.value is not None}
                if "ClassVar" in annotation:
                    entry.pop("hasDefault")
                    self.attrs[child.target.id] = {"value": self._attr_value(child.value), "line": child.lineno}
                    continue
                if child.value is not None:
                    self.attrs[child.target.id] = {"value": self._attr_value(child.value), "line": child.lineno}
                    default = child.value
                    if isinstance(default, ast.Call) and dotted(default.func) in ("field", "dataclasses.field"):
                        kw = {k.arg: k.value for k in default.keywords}
                        default = kw.get("default")
                        if "default_factory" in kw:
                            entry["default"] = {"factory": dotted(kw["default_factory"]) or "computed"}
                    if default is not None and "default" not in entry:
                        entry["default"] = literal(default)
                self.fields.append(entry)
            elif isinstance(child, ast.Assign):
                for target in child.targets:
                    if isinstance(target, ast.Name):
                        self.attrs[target.id] = {"value": self._attr_value(child.value), "line": child.lineno}

    def _attr_value(self, value):
        if value is None:
            return None
        if isinstance(value, (ast.Name, ast.Attribute)):
            name = dotted(value)
            return {"ref": self.index.resolve_dotted(self.module, name) or name}
        return literal(value)

    def bases(self):
        out = []
        for name in self.base_names:
            if not name:
                continue
            fq = self.index.resolve_dotted(self.module, name)
            cls = self.index.classes.get(fq) if fq else None
            out.append(cls if cls else name)
        return out

    def mro(self):
        """C3 linearisation over the classes read here (unknown bases keep their place by name)."""

        def merge(seqs):
            result = []
            seqs = [list(s) for s in seqs if s]
            while seqs:
                for seq in seqs:
                    head = seq[0]
                    if not any(head in s[1:] for s in seqs):
                        break
                else:
                    head = seqs[0][0]  # inconsistent: keep going rather than fail
                result.append(head)
                seqs = [[x for x in s if x != head] for s in seqs]
                seqs = [s for s in seqs if s]
            return result

        bases = self.bases()
        return [self] + merge([b.mro() if isinstance(b, ClassInfo) else [b] for b in bases] + [bases])

    def lookup(self, method, after=None):
        """(FuncInfo, defining class) for `method` along the MRO, starting after class `after`."""
        chain = self.mro()
        if after is not None:
            names = [c.fq if isinstance(c, ClassInfo) else c for c in chain]
            if after.fq in names:
                chain = chain[names.index(after.fq) + 1 :]
        for cls in chain:
            if isinstance(cls, ClassInfo) and method in cls.methods:
                return cls.methods[method]
        return None

    def attr(self, name):
        for cls in self.mro():
            if isinstance(cls, ClassInfo) and name in cls.attrs:
                return cls, cls.attrs[name]
        return None


# ---------------------------------------------------------------------------- method analysis


class Reads:
    """What one analysed entry point does with the HF config, following calls."""

    def __init__(self, index):
        self.index = index
        self.reads = []
        self.calls = []  # unresolved calls that receive the HF config
        self.compares = []
        self.constructs = []  # cls(...)/Name(...) keywords: fields set
        self.assigned = []  # config.X = ... in the analysed functions
        self.rejects = []  # `if <condition on X>: raise ...`: values the code refuses
        self.dispatched = []  # scopes of the HF config the entry itself hands on through cls.<method>(...)
        self.visited = set()
        self.functions = []

    def read(self, func, path, line, mode, guarded, default=None, via=()):
        entry = {"attr": path, "mode": mode, "required": mode == "direct" and not guarded, "path": func.module.path, "line": line, "in": func.qualname}
        if default is not None:
            entry["default"] = default
        if guarded:
            entry["conditional"] = True
        self.reads.append(entry)


class Analyzer:
    """Walks one function body in statement order with an environment of HF-config names."""

    def __init__(self, index, out, func, cls_ctx, env, guarded, depth):
        self.index = index
        self.out = out
        self.func = func
        self.cls_ctx = cls_ctx  # ClassInfo that `cls`/`self` stand for
        self.env = dict(env)  # local name -> set of scope prefixes ('' or 'text_config.')
        self.values = {}  # local name -> HF read path it holds (rope_scaling, rope_scaling.type, ...)
        self.attr_alias = {}  # local name -> class attribute it holds (model_config_cls)
        self.guarded = guarded
        self.depth = depth
        self.conditional = 0

    # ------------------------------------------------------------ HF expressions
    def hf_scopes(self, node):
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, ast.Attribute):
            if node.attr == HF_ATTRIBUTE:
                return {""}
            inner = self.hf_scopes(node.value)
            if inner is not None and node.attr in SUB_CONFIGS:
                return {s + node.attr + "." for s in inner}
            return None
        if isinstance(node, ast.Call) and dotted(node.func) == "getattr" and len(node.args) >= 2:
            inner = self.hf_scopes(node.args[0])
            name = node.args[1].value if isinstance(node.args[1], ast.Constant) else None
            if inner is not None and name in SUB_CONFIGS:
                scopes = {s + name + "." for s in inner}
                if len(node.args) > 2:
                    fallback = self.hf_scopes(node.args[2])
                    if fallback:
                        scopes |= fallback
                return scopes
            return None
        if isinstance(node, ast.BoolOp):
            scopes = set()
            for value in node.values:
                found = self.hf_scopes(value)
                if found:
                    scopes |= found
            return scopes or None
        if isinstance(node, ast.IfExp):
            scopes = (self.hf_scopes(node.body) or set()) | (self.hf_scopes(node.orelse) or set())
            return scopes or None
        return None

    def value_path(self, node):
        """The HF read path an expression evaluates to (hf.rope_scaling, rope_scaling.get('type'), ...)."""
        if isinstance(node, ast.Name):
            return self.values.get(node.id)
        if isinstance(node, ast.Attribute):
            scopes = self.hf_scopes(node.value)
            if scopes:
                return sorted(scopes)[0] + node.attr
            inner = self.value_path(node.value)
            return f"{inner}.{node.attr}" if inner else None
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            inner = self.value_path(node.value)
            return f"{inner}.{node.slice.value}" if inner else None
        if isinstance(node, ast.Call):
            fn = node.func
            if dotted(fn) == "getattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                scopes = self.hf_scopes(node.args[0])
                if scopes:
                    return sorted(scopes)[0] + str(node.args[1].value)
            if isinstance(fn, ast.Attribute) and fn.attr == "get" and node.args and isinstance(node.args[0], ast.Constant):
                inner = self.value_path(fn.value)
                return f"{inner}.{node.args[0].value}" if inner else None
        return None

    # ------------------------------------------------------------ statements
    def run(self, body):
        # After `if <condition>: return`, the rest of the block runs only when the condition is false.
        early = 0
        for stmt in body:
            self.stmt(stmt)
            if isinstance(stmt, ast.If) and stmt.body and isinstance(stmt.body[-1], ast.Return) and not stmt.orelse:
                self.conditional += 1
                early += 1
        self.conditional -= early

    def block(self, body, conditional=True):
        self.conditional += conditional
        self.run(body)
        self.conditional -= conditional

    def stmt(self, node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return  # nested definitions run later, if at all
        if isinstance(node, ast.If):
            self.expr(node.test)
            self.reject(node)
            self.block(node.body)
            self.block(node.orelse)
            return
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.expr(node.iter)
            self.block(node.body)
            self.block(node.orelse)
            return
        if isinstance(node, ast.While):
            self.expr(node.test)
            self.block(node.body)
            self.block(node.orelse)
            return
        if isinstance(node, ast.Try):
            catches = any(h.type is None or (dotted(h.type) or "") in ("Exception", "AttributeError", "KeyError", "BaseException") or isinstance(h.type, ast.Tuple) for h in node.handlers)
            self.block(node.body, conditional=catches)
            for handler in node.handlers:
                self.block(handler.body)
            self.block(node.orelse)
            self.run(node.finalbody)
            return
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.expr(item.context_expr)
            self.run(node.body)
            return
        if isinstance(node, ast.Assign):
            self.expr(node.value)
            for target in node.targets:
                self.assign(target, node.value)
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.expr(node.value)
                self.assign(node.target, node.value)
            return
        if isinstance(node, ast.AugAssign):
            self.expr(node.value)
            return
        if isinstance(node, ast.Match):
            self.expr(node.subject)
            for case in node.cases:
                self.block(case.body)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expr(child)

    def reject(self, node):
        raised = next((s for s in node.body if isinstance(s, ast.Raise) and isinstance(s.exc, ast.Call) and s.exc.args), None)
        if raised is None:
            return
        subjects = set()
        for child in ast.walk(node.test):
            path = self.value_path(child) if isinstance(child, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)) else None
            if path:
                subjects.add(path)
            elif isinstance(child, ast.Attribute) and dotted(child.value) == "self":
                subjects.add("self." + child.attr)
            elif isinstance(child, ast.Name) and child.id not in ("self", "cls"):
                subjects.add(child.id)
        strings = sorted({c.value for c in ast.walk(node.test) if isinstance(c, ast.Constant) and isinstance(c.value, str)})
        # `x != "yarn"` / `x not in (...)` refuses every other value; `x == "linear"` / `x in (...)` refuses those listed.
        ops = [op for c in ast.walk(node.test) if isinstance(c, ast.Compare) for op in c.ops]
        refuses = "others" if any(isinstance(op, (ast.NotEq, ast.NotIn)) for op in ops) else "listed"
        if subjects:
            self.out.rejects.append({"subjects": sorted(subjects), "strings": strings, "refuses": refuses, "message": template(raised.exc.args[0]) or "",
                                     "path": self.func.module.path, "line": raised.lineno, "in": self.func.qualname})

    def assign(self, target, value):
        if isinstance(target, ast.Name):
            scopes = self.hf_scopes(value)
            name = target.id
            if scopes is not None:
                self.env[name] = (self.env.get(name, set()) | scopes) if self.conditional else set(scopes)
            elif not self.conditional:
                self.env.pop(name, None)
            path = self.value_path(value)
            if path is not None:
                self.values[name] = path
            attr = self.class_attr_of(value)
            if attr:
                self.attr_alias[name] = attr
        elif isinstance(target, ast.Attribute):
            owner = dotted(target.value)
            if owner and (owner == "self" or owner.endswith("config")):
                self.out.assigned.append({"field": target.attr, "on": owner, "path": self.func.module.path, "line": target.lineno, "in": self.func.qualname})
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                if isinstance(element, ast.Name) and not self.conditional:
                    self.env.pop(element.id, None)

    def class_attr_of(self, node):
        """`self.X`, `cls.X`, `type(self).X`, `getattr(type(self), "X", None)` -> X."""
        if isinstance(node, ast.Attribute) and dotted(node.value) in ("self", "cls", "type(self)"):
            return node.attr
        if isinstance(node, ast.Call) and dotted(node.func) == "getattr" and len(node.args) >= 2:
            if dotted(node.args[0]) in ("self", "cls", "type(self)") and isinstance(node.args[1], ast.Constant):
                return str(node.args[1].value)
        return None

    # ------------------------------------------------------------ expressions
    def expr(self, node):
        if node is None:
            return
        if isinstance(node, ast.IfExp):
            self.expr(node.test)
            self.conditional += 1
            self.expr(node.body)
            self.expr(node.orelse)
            self.conditional -= 1
            return
        if isinstance(node, ast.BoolOp):
            self.expr(node.values[0])
            self.conditional += 1
            for value in node.values[1:]:
                self.expr(value)
            self.conditional -= 1
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            self.conditional += 1
            for child in ast.iter_child_nodes(node):
                self.expr(child) if isinstance(child, ast.expr) else None
            for gen in node.generators:
                self.expr(gen.iter)
                for cond in gen.ifs:
                    self.expr(cond)
            self.conditional -= 1
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, ast.Compare):
            self.compare(node)
        if isinstance(node, ast.Call):
            if self.call(node):
                return
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            scopes = self.hf_scopes(node.value)
            if scopes is not None and node.attr != HF_ATTRIBUTE:
                # Several scopes (getattr(hf, "text_config", hf)) are alternatives: neither read is unconditional.
                for scope in sorted(scopes):
                    self.out.read(self.func, scope + node.attr, node.lineno, "direct", self.is_guarded(len(scopes) > 1))
                return  # the inner expression is the HF config itself
        if isinstance(node, ast.Subscript):
            path = self.value_path(node)
            if path is not None and isinstance(node.ctx, ast.Load):
                self.out.read(self.func, path, node.lineno, "direct", self.is_guarded())
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expr(child)
            elif isinstance(child, ast.keyword):
                self.expr(child.value)
            elif isinstance(child, ast.comprehension):
                self.expr(child.iter)

    def is_guarded(self, extra=False):
        return bool(self.guarded or self.conditional or extra)

    def compare(self, node):
        strings = [c.value for c in [node.left, *node.comparators] if isinstance(c, ast.Constant) and isinstance(c.value, str)]
        for c in node.comparators:
            if isinstance(c, (ast.Tuple, ast.List, ast.Set)):
                strings += [e.value for e in c.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if not strings:
            return
        subjects = [n for n in [node.left, *node.comparators] if not isinstance(n, (ast.Constant, ast.Tuple, ast.List, ast.Set))]
        for subject in subjects:
            path = self.value_path(subject)
            text = ("hf:" + path) if path else dotted(subject)
            if text:
                self.out.compares.append({"subject": text, "strings": sorted(set(strings)), "path": self.func.module.path, "line": node.lineno, "in": self.func.qualname})

    def call(self, node):
        """Handles reads made through getattr/hasattr/`in`, and follows calls that receive the HF config."""
        fn = dotted(node.func)
        if fn in ("getattr", "hasattr") and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            scopes = self.hf_scopes(node.args[0])
            if scopes is not None:
                attr = node.args[1].value
                for scope in sorted(scopes):
                    if fn == "hasattr":
                        self.out.read(self.func, scope + attr, node.lineno, "probe", True)
                    elif len(node.args) >= 3:
                        default = self.hf_scopes(node.args[2])
                        self.out.read(self.func, scope + attr, node.lineno, "default", self.is_guarded(), default={"hf": sorted(default)[0] + "." if default else None} if default else literal(node.args[2]))
                        self.expr(node.args[2])
                    else:
                        self.out.read(self.func, scope + attr, node.lineno, "direct", self.is_guarded(len(scopes) > 1))
                return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args and isinstance(node.args[0], ast.Constant):
            inner = self.value_path(node.func.value)
            if inner is not None:
                default = literal(node.args[1]) if len(node.args) > 1 else {"literal": None}
                self.out.read(self.func, f"{inner}.{node.args[0].value}", node.lineno, "default", self.is_guarded(), default=default)
                for arg in node.args[1:]:
                    self.expr(arg)
                return True
        self.follow(node)
        return False

    def follow(self, node):
        bindings = {}
        callee = self.resolve_callee(node)
        if callee is None:
            hf_args = [i for i, a in enumerate(node.args) if self.hf_scopes(a)] + [k.arg for k in node.keywords if self.hf_scopes(k.value)]
            if hf_args and self.depth < MAX_DEPTH:
                self.out.calls.append({"call": dotted(node.func) or "?", "path": self.func.module.path, "line": node.lineno, "in": self.func.qualname})
            return
        func, cls_ctx = callee
        params = func.bound_params()
        if func.kind == "method" and isinstance(node.func, ast.Attribute) and self.is_class_name(node.func.value):
            params = func.params  # Class.method(instance, ...): the first argument is self
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                break
            scopes = self.hf_scopes(arg)
            if scopes is not None and i < len(params):
                bindings[params[i]] = scopes
        for kw in node.keywords:
            scopes = self.hf_scopes(kw.value) if kw.arg else None
            if scopes is not None and kw.arg in func.params + func.kwonly:
                bindings[kw.arg] = scopes
        if self.depth == 0 and isinstance(node.func, ast.Attribute) and dotted(node.func.value) == "cls":
            self.out.dispatched.append({"method": node.func.attr, "scopes": sorted({s for v in bindings.values() for s in v})})
        if not bindings or self.depth >= MAX_DEPTH:
            return
        key = (func.key, cls_ctx.fq if cls_ctx else None, tuple(sorted((k, tuple(sorted(v))) for k, v in bindings.items())), self.is_guarded())
        if key in self.out.visited:
            return
        self.out.visited.add(key)
        self.out.functions.append({"in": func.qualname, "path": func.module.path, "line": func.node.lineno, "from": node.lineno,
                                   "hf": {k: sorted(v) for k, v in bindings.items()}})
        Analyzer(self.index, self.out, func, cls_ctx, bindings, self.is_guarded(), self.depth + 1).run(func.node.body)

    def is_class_name(self, node):
        name = dotted(node)
        if not name or name in ("self", "cls", "super()", "type(self)"):
            return False
        fq = self.index.resolve_dotted(self.func.module, name)
        return fq in self.index.classes

    def resolve_callee(self, node):
        fn = node.func
        if isinstance(fn, ast.Name):
            if fn.id == "cls" and self.cls_ctx is not None:
                return None
            fq = self.index.resolve(self.func.module, fn.id)
            func = self.index.function(fq)
            return (func, None) if func else None
        if not isinstance(fn, ast.Attribute):
            return None
        owner = fn.value
        method = fn.attr
        if isinstance(owner, ast.Call) and dotted(owner.func) == "super" and self.cls_ctx is not None and self.func.cls is not None:
            found = self.cls_ctx.lookup(method, after=self.func.cls)
            return (found, self.cls_ctx) if found else None
        name = dotted(owner)
        if name in ("cls", "self", "type(self)") and self.cls_ctx is not None:
            found = self.cls_ctx.lookup(method)
            return (found, self.cls_ctx) if found else None
        if name:
            fq = self.index.resolve_dotted(self.func.module, name)
            cls = self.index.classes.get(fq) if fq else None
            if cls is not None:
                found = cls.lookup(method)
                return (found, cls) if found else None
            if fq in self.index.modules:
                func = self.index.function(f"{fq}.{method}")
                return (func, None) if func else None
        return None


def analyze_entry(index, func, cls_ctx, bindings):
    out = Reads(index)
    out.functions.append({"in": func.qualname, "path": func.module.path, "line": func.node.lineno})
    Analyzer(index, out, func, cls_ctx, bindings, False, 0).run(func.node.body)
    return out


# ---------------------------------------------------------------------------- config classes


def hf_param(func):
    for name in func.params + func.kwonly:
        if name == HF_ATTRIBUTE:
            return name
    return None


def config_class_facts(index, cls):
    chain = [c for c in cls.mro() if isinstance(c, ClassInfo)]
    fields = {}
    for c in reversed(chain):
        if not c.dataclass:
            continue  # annotations of a plain mixin are not dataclass fields
        for f in c.fields:
            fields[f["name"]] = {**f, "class": c.name, "path": c.module.path}
    entries = {}
    # initialize(pipeline_config, model_config=None): the HF config comes from model_config.huggingface_config.
    for method in CONSTRUCTORS + CONFIG_CLASSMETHODS + ("finalize", "__post_init__"):
        func = cls.lookup(method)
        if func is None:
            continue
        param = hf_param(func)
        if method == "initialize":
            out = analyze_entry(index, func, cls, {})
        elif param:
            out = analyze_entry(index, func, cls, {param: {""}})
        elif method == "__post_init__":
            out = analyze_entry(index, func, cls, {})
        else:
            continue
        entries[method] = {
            "definedIn": func.cls.name if func.cls else None,
            "path": func.module.path,
            "line": func.node.lineno,
            "kind": func.kind,
            "params": func.params,
            "hfParam": param,
            "hfParamIndex": func.params.index(param) if param in func.params else None,
            # initialize -> cls.initialize_from_config(...): a subclass's initialize_from_config runs on this path too.
            "dispatches": sorted({n.func.attr for n in ast.walk(func.node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                                  and dotted(n.func.value) == "cls" and n.func.attr in CONSTRUCTORS + CONFIG_CLASSMETHODS}),
            "reads": dedupe_reads(out.reads),
            "opaqueCalls": out.calls,
            "compares": out.compares,
            "assigned": out.assigned,
            "rejects": out.rejects,
            "dispatched": out.dispatched,
            "follows": out.functions,
        }
    constructed = constructed_fields(index, cls)
    return {
        "name": cls.name,
        "module": cls.module.name,
        "path": cls.module.path,
        "line": cls.line,
        "dataclass": cls.dataclass,
        "mro": [c.name if isinstance(c, ClassInfo) else c for c in cls.mro()],
        "chain": [{"name": c.name, "module": c.module.name, "path": c.module.path, "line": c.line, "dataclass": c.dataclass} for c in chain],
        "fields": list(fields.values()),
        "entries": entries,
        "setByInitialize": constructed,
        "methods": {name: {"definedIn": f.cls.name, "path": f.module.path, "line": f.node.lineno, "kind": f.kind}
                    for name, f in effective_methods(cls).items()},
    }


def effective_methods(cls):
    found = {}
    for c in cls.mro():
        if isinstance(c, ClassInfo):
            for name, func in c.methods.items():
                found.setdefault(name, func)
    return found


def constructed_fields(index, cls):
    """Keywords of the `cls(...)` call the effective initialize path returns (fields the donor sets)."""
    out = {}
    for method in ("initialize_from_config", "initialize"):
        func = cls.lookup(method)
        if func is None:
            continue
        for node in ast.walk(func.node):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "cls":
                for kw in node.keywords:
                    if kw.arg:
                        out.setdefault(kw.arg, {"path": func.module.path, "line": kw.value.lineno, "in": func.qualname})
                    elif isinstance(kw.value, ast.Dict) or kw.arg is None:
                        out.setdefault("**", {"path": func.module.path, "line": node.lineno, "in": func.qualname})
        if out:
            break
    return out


def dedupe_reads(reads):
    seen = {}
    for read in reads:
        key = (read["attr"], read["mode"], read["path"], read["line"])
        if key not in seen or (read["required"] and not seen[key]["required"]):
            seen[key] = read
    return sorted(seen.values(), key=lambda r: (r["path"], r["line"], r["attr"]))


# ---------------------------------------------------------------------------- pipeline models


def reachable_methods(model_cls):
    """Methods that run: __init__ and the public interface, then whatever they call on self/cls/super()."""
    effective = effective_methods(model_cls)
    work = [f for name, f in effective.items() if name == "__init__" or not name.startswith("_")]
    seen = {}
    while work:
        func = work.pop()
        if func.key in seen:
            continue
        seen[func.key] = func
        for node in ast.walk(func.node):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            if isinstance(owner, ast.Call) and dotted(owner.func) == "super" and func.cls is not None:
                found = model_cls.lookup(node.attr, after=func.cls)
            elif dotted(owner) in ("self", "cls", "type(self)"):
                found = model_cls.lookup(node.attr)
            else:
                found = None
            if found is not None and found.key not in seen:
                work.append(found)
    return sorted(seen.values(), key=lambda f: f.key)


def construct_sites(index, model_cls):
    """Every place the methods of the pipeline model that run build or consult a config class."""
    sites = []
    for func in reachable_methods(model_cls):
        sites += sites_in(index, func, model_cls)
    unique = {}
    for s in sites:
        unique.setdefault((s["path"], s["line"], s["calls"]), s)
    return sorted(unique.values(), key=lambda s: (s["path"], s["line"]))


def sites_in(index, func, model_cls):
    sites = []
    aliases = {}
    for node in ast.walk(func.node):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            attr = None
            if isinstance(value, ast.Attribute) and dotted(value.value) in ("self", "cls", "type(self)"):
                attr = value.attr
            elif isinstance(value, ast.Call) and dotted(value.func) == "getattr" and len(value.args) >= 2 and dotted(value.args[0]) in ("self", "cls", "type(self)") and isinstance(value.args[1], ast.Constant):
                attr = value.args[1].value
            if attr:
                aliases[node.targets[0].id] = attr
    for node in ast.walk(func.node):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in CONSTRUCTORS + CONFIG_CLASSMETHODS:
            continue
        owner = node.func.value
        name = dotted(owner)
        site = {"method": func.node.name, "class": func.cls.name if func.cls else None, "module": func.module.name,
                "path": func.module.path, "line": node.lineno, "calls": method, "methodKind": func.kind}
        if isinstance(owner, ast.Attribute) and dotted(owner.value) in ("self", "cls", "type(self)"):
            site.update(via="attribute", attribute=owner.attr)
        elif name in aliases:
            site.update(via="attribute", attribute=aliases[name])
        elif isinstance(owner, ast.Call) and dotted(owner.func) == "super":
            continue  # delegation to the base's own method, analysed there
        elif isinstance(owner, ast.Name):
            fq = index.resolve(func.module, owner.id)
            cls = index.classes.get(fq)
            if cls is None:
                continue  # not a class we know (a local of another type)
            site.update(via="name", name=owner.id, target=cls.name, targetModule=cls.module.name)
        else:
            site.update(via="other", expression=name)
        site["hfArgument"] = hf_argument(node)
        sites.append(site)
    return sites


def hf_argument(node):
    """How the HF config reaches the construction: from pipeline_config, the top-level config, or a sub-config."""
    args = list(node.args) + [k.value for k in node.keywords if k.arg in (HF_ATTRIBUTE, None)]
    for arg in args:
        text = dotted(arg)
        if text and text.endswith(HF_ATTRIBUTE):
            return "top"
        if text and any(text.endswith(f"{HF_ATTRIBUTE}.{s}") for s in SUB_CONFIGS):
            return "sub:" + text.rsplit(".", 1)[1]
        if isinstance(arg, ast.Name):
            return "local:" + arg.id
        if isinstance(arg, ast.Call) and dotted(arg.func) == "getattr":
            return "getattr"
    return "pipeline_config" if node.func.attr == "initialize" else "unknown"


def model_facts(index, cls):
    chain = [c for c in cls.mro() if isinstance(c, ClassInfo)]
    attrs = {}
    for name in ("model_config_cls", "config_class", "attention_bias", "norm_method", "batch_processor_cls"):
        found = cls.attr(name)
        if found:
            owner, value = found
            attrs[name] = {**value, "class": owner.name, "path": owner.module.path}
    strict = []
    for func in effective_methods(cls).values():
        for node in ast.walk(func.node):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "load_state_dict":
                kw = {k.arg: k.value for k in node.keywords}
                if "strict" in kw:
                    value = literal(kw["strict"])
                    strict.append({"strict": value.get("literal", "computed"), "path": func.module.path, "line": node.lineno, "in": func.qualname})
    reads = []
    for func in effective_methods(cls).values():
        out = analyze_entry(index, func, cls, {})
        reads += out.reads
    return {
        "name": cls.name,
        "module": cls.module.name,
        "path": cls.module.path,
        "line": cls.line,
        "mro": [c.name if isinstance(c, ClassInfo) else c for c in cls.mro()],
        "chain": [{"name": c.name, "module": c.module.name, "path": c.module.path, "line": c.line} for c in chain],
        "attributes": attrs,
        "methods": {name: {"definedIn": f.cls.name, "path": f.module.path, "line": f.node.lineno, "kind": f.kind, "params": f.params}
                    for name, f in sorted(effective_methods(cls).items())},
        "constructs": construct_sites(index, cls),
        "loadStrict": strict,
        "hfReads": dedupe_reads(reads),
    }


# ---------------------------------------------------------------------------- weight adapters


def adapter_facts(index, fq):
    func = index.function(fq)
    if func is None:
        return {"function": fq, "found": False}
    steps = []
    seen = set()
    params = func.params

    def walk(f, depth):
        if f.key in seen or depth > 4:
            return
        seen.add(f.key)
        for node in ast.walk(f.node):
            if isinstance(node, ast.For) and isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Attribute) and node.iter.func.attr == "items":
                name = dotted(node.iter.func.value)
                steps.append(rename_step(index, f, name, node.lineno))
            elif isinstance(node, ast.For) and isinstance(node.iter, ast.Name) and isinstance(node.target, ast.Tuple):
                steps.append(rename_step(index, f, node.iter.id, node.lineno))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "astype":
                steps.append({"step": "cast", "path": f.module.path, "line": node.lineno, "in": f.qualname})
            elif isinstance(node, ast.Attribute) and node.attr in ("_applied_dtype_cast_from", "_applied_dtype_cast_to"):
                steps.append({"step": "cast-flag", "flag": node.attr, "path": f.module.path, "line": node.lineno, "in": f.qualname})
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "pop":
                steps.append({"step": "drop", "path": f.module.path, "line": node.lineno, "in": f.qualname, "keys": strings_near(node)})
            elif isinstance(node, ast.Delete):
                steps.append({"step": "drop", "path": f.module.path, "line": node.lineno, "in": f.qualname, "keys": []})
            elif isinstance(node, ast.Continue):
                steps.append({"step": "skip", "path": f.module.path, "line": node.lineno, "in": f.qualname})
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("endswith", "startswith") and node.args:
                keys = strings_near(node)
                if keys:
                    steps.append({"step": "match", "how": node.func.attr, "keys": keys, "path": f.module.path, "line": node.lineno, "in": f.qualname})
            elif isinstance(node, ast.Call):
                name = dotted(node.func)
                if name:
                    target = index.resolve_dotted(f.module, name)
                    callee = index.function(target) if target else None
                    if callee is not None and callee.key != f.key:
                        steps.append({"step": "call", "function": callee.qualname, "module": callee.module.name, "path": f.module.path, "line": node.lineno, "in": f.qualname})
                        walk(callee, depth + 1)
        out = analyze_entry(index, f, None, {p: {""} for p in f.params if p == HF_ATTRIBUTE})
        for read in out.reads:
            steps.append({"step": "reads", "attr": read["attr"], "required": read["required"], "path": read["path"], "line": read["line"], "in": read["in"]})

    walk(func, 0)
    steps = [s for s in steps if s]
    steps.sort(key=lambda s: (s["path"], s["line"]))
    return {
        "function": func.qualname,
        "module": func.module.name,
        "path": func.module.path,
        "line": func.node.lineno,
        "params": params,
        "acceptsKwargs": func.has_varkw,
        "steps": steps,
    }


def strings_near(node):
    out = []
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            out.append(child.value)
    return out


def rename_step(index, func, name, line):
    """A `for before, after in MAP.items()` loop over a module-level rename map (directly or through a local)."""
    if not name:
        return None
    module = func.module
    # A local bound to a module constant (gguf_mapping = LLAMA_GGUF_UNFUSED_QKV_MAPPING): every constant it may hold.
    candidates = []
    for node in ast.walk(func.node):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name:
            if isinstance(node.value, (ast.Name, ast.Attribute)) and dotted(node.value):
                candidates.append(dotted(node.value))
    candidates = candidates or [name]
    for candidate in candidates:
        target = module_constant(index, module, candidate)
        if target is None:
            continue
        mod, attr = target
        value, map_line = mod.assigns[attr]
        while isinstance(value, ast.Name) and value.id in mod.assigns:
            attr = value.id
            value, map_line = mod.assigns[value.id]
        entries = rename_entries(value)
        if entries is None:
            continue
        return {"step": "rename", "map": attr, "mapPath": mod.path, "mapLine": map_line, "entries": entries, "path": module.path, "line": line, "in": func.qualname}
    return None


def module_constant(index, module, name):
    if name in module.assigns and name not in module.defs:
        return module, name
    fq = index.resolve_dotted(module, name)
    if fq and "." in fq:
        mod, attr = fq.rsplit(".", 1)
        if mod in index.modules and attr in index.modules[mod].assigns:
            return index.modules[mod], attr
    return None


def folder_rename_maps(index):
    """Every module-level rename map (str -> str pairs) of each architecture folder's weight_adapters.py."""
    maps = {}
    for module in index.modules.values():
        if not (module.name.startswith(ARCH_PKG + ".") and module.name.endswith(".weight_adapters")):
            continue
        folder = module.name.split(".")[-2]
        for name, (value, line) in module.assigns.items():
            entries = rename_entries(value)
            if entries:
                maps.setdefault(folder, {})[name] = {"path": module.path, "line": line, "entries": entries}
    return maps


def rename_entries(value):
    pairs = []
    if isinstance(value, ast.Dict):
        for k, v in zip(value.keys, value.values):
            if isinstance(k, ast.Constant) and isinstance(v, ast.Constant) and isinstance(k.value, str) and (v.value is None or isinstance(v.value, str)):
                pairs.append({"from": k.value, "to": v.value})
    elif isinstance(value, (ast.Tuple, ast.List)):
        for element in value.elts:
            if isinstance(element, (ast.Tuple, ast.List)) and len(element.elts) == 2 and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in element.elts):
                pairs.append({"from": element.elts[0].value, "to": element.elts[1].value})
    return pairs or None


# ---------------------------------------------------------------------------- arch.py


def supported_architectures(index):
    """Every SupportedArchitecture(...) assignment in the architectures' arch.py files."""
    found = []
    for module in sorted(index.modules.values(), key=lambda m: m.name):
        if not module.name.startswith(ARCH_PKG + ".") or not module.name.endswith(".arch"):
            continue
        folder = module.name.split(".")[-2]
        for variable, (value, line) in module.assigns.items():
            call = value
            if isinstance(call, ast.Call) and dotted(call.func) == "SupportedArchitecture":
                found.append(arch_facts(index, module, folder, variable, call, line))
            elif isinstance(call, ast.Call) and dotted(call.func) in ("dataclasses.replace", "replace") and call.args:
                base = dotted(call.args[0])
                found.append({"folder": folder, "variable": variable, "path": module.path, "line": line, "replaceOf": base,
                              "keywords": sorted(k.arg for k in call.keywords if k.arg)})
    return found


def arch_facts(index, module, folder, variable, call, line):
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    def ref(node):
        name = dotted(node)
        return index.resolve_dotted(module, name) if name else None
    def kwline(name):
        return kw[name].lineno if name in kw else None
    facts = {"folder": folder, "variable": variable, "path": module.path, "line": line, "keywords": sorted(kw)}
    for key in ("name", "default_encoding", "rope_type", "multi_gpu_supported", "supports_empty_batches"):
        if key in kw:
            lit = literal(kw[key])
            facts[key] = lit.get("literal")
    for key in ("task", "default_weights_format"):
        if key in kw:
            facts[key] = (dotted(kw[key]) or "").rsplit(".", 1)[-1].lower()
    if "supported_encodings" in kw:
        lit = literal(kw["supported_encodings"])
        facts["supported_encodings"] = sorted(lit["literal"]) if "literal" in lit else None
        facts["supported_encodings_line"] = kwline("supported_encodings")
    if "required_arguments" in kw:
        facts["required_arguments"] = literal(kw["required_arguments"]).get("literal")
    for key in ("pipeline_model", "config", "tokenizer", "context_type", "batching", "memory_planner"):
        if key in kw:
            facts[key] = ref(kw[key]) if isinstance(kw[key], (ast.Name, ast.Attribute)) else (ref(kw[key].func) if isinstance(kw[key], ast.Call) and isinstance(kw[key].func, (ast.Name, ast.Attribute)) else None)
            facts[key + "_line"] = kwline(key)
    adapters = {}
    if "weight_adapters" in kw and isinstance(kw["weight_adapters"], ast.Dict):
        for k, v in zip(kw["weight_adapters"].keys, kw["weight_adapters"].values):
            fmt = (dotted(k) or "").rsplit(".", 1)[-1]
            adapters[fmt] = {"function": ref(v), "line": v.lineno}
    facts["weight_adapters"] = adapters
    return facts


# ---------------------------------------------------------------------------- output


def registry_sites(index):
    """Where MAX's pipeline code builds SupportedArchitecture.config (memory estimation, registry)."""
    sites = []
    for name in ("max.pipelines.lib.registry", "max.pipelines.lib.config.config"):
        module = index.modules.get(name)
        if module is None:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CONSTRUCTORS:
                owner = dotted(node.func.value) or ""
                if owner.endswith(".config"):
                    sites.append({"calls": node.func.attr, "on": owner, "path": module.path, "line": node.lineno})
    return sites


def activation_maps(index):
    maps = {}
    for module in index.modules.values():
        for name, (value, line) in module.assigns.items():
            if "ACTIVATION" in name.upper() and isinstance(value, ast.Dict):
                entries = rename_entries(value)
                if entries:
                    maps[f"{module.name}.{name}"] = {"name": name, "module": module.name, "path": module.path, "line": line, "entries": entries}
    return maps


# ---------------------------------------------------------------------------- strings

LOG_CALLS = ("error", "warning", "warn", "info", "debug", "exception", "critical", "echo", "secho", "print", "fail")


def template(node):
    """A message as text; f-string parts become {name} (or {...} for anything but a name)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                out += str(part.value)
            elif isinstance(part, ast.FormattedValue):
                inner = part.value
                nested = template(inner) if isinstance(inner, (ast.JoinedStr, ast.Call)) else None
                if nested is not None:
                    out += nested
                else:
                    name = dotted(inner)
                    out += "{" + (name if name and len(name) < 60 else "...") + "}"
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is not None or right is not None:
            return (left if left is not None else "{...}") + (right if right is not None else "{...}")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "center" and isinstance(node.func.value, (ast.Constant, ast.JoinedStr)):
        return template(node.func.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return template(node.func.value)
    return None


def messages(index, paths):
    """Raised and logged messages in the given files, with the file, line and enclosing function."""
    out = []
    for module in index.modules.values():
        if module.path not in paths:
            continue
        for func_name, node in walk_with_function(module.tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                for arg in node.exc.args[:1]:
                    text = template(arg)
                    if text:
                        out.append({"kind": "raise " + (dotted(node.exc.func) or "?"), "text": text, "path": module.path, "line": arg.lineno, "in": func_name})
            elif isinstance(node, ast.Call):
                name = dotted(node.func) or ""
                if name.rsplit(".", 1)[-1] in LOG_CALLS:
                    for arg in node.args[:1]:
                        text = template(arg)
                        if text:
                            out.append({"kind": name, "text": text, "path": module.path, "line": arg.lineno, "in": func_name})
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and ("msg" in node.targets[0].id or "message" in node.targets[0].id):
                text = template(node.value)
                if text:
                    out.append({"kind": "message " + node.targets[0].id, "text": text, "path": module.path, "line": node.value.lineno, "in": func_name})
    return sorted(out, key=lambda m: (m["path"], m["line"]))


def walk_with_function(tree):
    stack = [(None, tree)]
    while stack:
        func, node = stack.pop()
        yield func, node
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else func
            stack.append((name, child))


# Names generated packages import from outside the architectures: (module, name).
FRAMEWORK_IMPORTS = [("max.graph.weights", "WeightsFormat"), ("max.pipelines.modeling.types", "PipelineTask"), ("max.pipelines.lib", "SupportedArchitecture")]


def framework_facts(index):
    """What generated code uses from MAX outside the architectures: where each name resolves, its fields or members."""
    out = {}
    for module_name, name in FRAMEWORK_IMPORTS:
        module = index.modules.get(module_name)
        fq = index.resolve(module, name) if module else None
        cls = index.classes.get(fq) if fq else None
        entry = {"module": module_name, "name": name, "resolvesTo": fq, "found": cls is not None}
        if cls is not None:
            entry.update(path=cls.module.path, line=cls.line, fields=[f["name"] for f in cls.fields], members=sorted(cls.attrs))
        out[f"{module_name}.{name}"] = entry
    return out


def main():
    root = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] == "--messages":
        index = Index(root)
        json.dump(messages(index, set(sys.argv[3:])), sys.stdout, indent=1)
        return
    index = Index(root)
    archs = supported_architectures(index)
    configs, models, adapters = {}, {}, {}
    for arch in archs:
        config = arch.get("config")
        if config and config in index.classes and config not in configs:
            configs[config] = config_class_facts(index, index.classes[config])
        model = arch.get("pipeline_model")
        if model and model in index.classes and model not in models:
            models[model] = model_facts(index, index.classes[model])
        for fmt, adapter in arch.get("weight_adapters", {}).items():
            fq = adapter["function"]
            if fq and fq not in adapters:
                adapters[fq] = adapter_facts(index, fq)
    # Config classes the pipeline models build by name (they may differ from arch.py's config=).
    for model in list(models.values()):
        for site in model["constructs"]:
            if site.get("via") == "name":
                fq = f"{site['targetModule']}.{site['target']}"
                if fq in index.classes and fq not in configs:
                    configs[fq] = config_class_facts(index, index.classes[fq])
    json.dump({
        "architectures": archs,
        "configClasses": configs,
        "pipelineModels": models,
        "adapters": adapters,
        "registrySites": registry_sites(index),
        "activationMaps": activation_maps(index),
        "renameMaps": folder_rename_maps(index),
        "framework": framework_facts(index),
        "modules": sorted(index.modules),
    }, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
