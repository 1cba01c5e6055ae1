"""The shape of the package: imports run one way, no circles, small modules.

The import graph is read by grimp (the library import-linter is built on), from the source,
``TYPE_CHECKING`` imports included. Every module of ``pipeline/`` sits in one layer of
``LAYERS``; a module may import modules of its own layer or below, never above (the
orchestrator, the scheduler and the reports are above everything they use). Run
``python -m tests.test_architecture`` for the figures.
"""

from __future__ import annotations

import statistics
from functools import cache
from importlib import import_module
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

LAYERS: tuple[tuple[str, ...], ...] = (
    # 0 foundation: no project knowledge (and the packages whose __init__ runs nothing)
    ("pipeline", "pipeline.content", "pipeline.render", "pipeline.radio",
     "pipeline.diagnostics", "pipeline.errors", "pipeline.hashing",
     "pipeline.lithuanian", "pipeline.config", "pipeline.output", "pipeline.pack_ids",
     "pipeline.typography"),
    # 1 readers, catalogues and generated artwork
    ("pipeline.content.patterns", "pipeline.content.textfile", "pipeline.content.yamlsource",
     "pipeline.content.validate", "pipeline.formats", "pipeline.brand", "pipeline.emblem",
     "pipeline.barcode", "pipeline.qr", "pipeline.markdown", "pipeline.linebreak",
     "pipeline.pdffile", "pipeline.social"),
    # 2 content models and rule packs
    ("pipeline.rule_packs", "pipeline.postpress", "pipeline.content.fields",
     "pipeline.content.models", "pipeline.content.events", "pipeline.radio.spoken",
     "pipeline.radio.syllables",
     "pipeline.radio.models"),
    # 3 the project model and the job
    ("pipeline.project", "pipeline.jobs"),
    # 4 engines: each stage of a job, none knowing the others' order
    ("pipeline.render.boxes", "pipeline.render.fetcher", "pipeline.render.sheets",
     "pipeline.render.copyfit", "pipeline.render.fitted", "pipeline.render.fitprobe",
     "pipeline.render.fitscan", "pipeline.render.pdf", "pipeline.render.templates",
     "pipeline.render.keep", "pipeline.images", "pipeline.raster_files", "pipeline.image_child",
     "pipeline.inspection",
     "pipeline.composition",
     "pipeline.finishing", "pipeline.finishing.impose", "pipeline.finishing.grey",
     "pipeline.finishing.forms",
     "pipeline.finishing.intent", "pipeline.finishing.marks", "pipeline.finishing.metadata",
     "pipeline.finishing.outlines", "pipeline.preflight", "pipeline.preflight.checks",
     "pipeline.preflight.colour", "pipeline.preflight.geometry", "pipeline.preflight.walk",
     "pipeline.preflight.marks",
     "pipeline.preflight.profile", "pipeline.preflight.context", "pipeline.preflight.registry",
     "pipeline.preflight.objects", "pipeline.preflight.checks.document",
     "pipeline.preflight.checks.boxes", "pipeline.preflight.checks.bleed",
     "pipeline.preflight.checks.colours",
     "pipeline.preflight.checks.ink", "pipeline.preflight.checks.overprint",
     "pipeline.preflight.checks.lines_text", "pipeline.preflight.checks.images",
     "pipeline.preflight.checks.fonts",
     "pipeline.compliance", "pipeline.compliance.evidence", "pipeline.compliance.raster",
     "pipeline.compliance.rules", "pipeline.compliance.registry",
     "pipeline.compliance.emblem_rules", "pipeline.compliance.text_rules",
     "pipeline.compliance.placement_rules", "pipeline.compliance.colours",
     "pipeline.compliance.messages", "pipeline.compliance.ocr", "pipeline.compliance.paint",
     "pipeline.compliance.pixels", "pipeline.compliance.screen", "pipeline.qrverify",
     "pipeline.proofs", "pipeline.ticket",
     "pipeline.radio.rundown", "pipeline.radio.audio", "pipeline.glyphs", "pipeline.ink",
     "pipeline.screen", "pipeline.accessibility"),
    # 5 the product kinds (content folder → jobs)
    ("pipeline.products", "pipeline.products.poster", "pipeline.products.leaflet",
     "pipeline.products.outdoor", "pipeline.products.event", "pipeline.products.supervision",
     "pipeline.products.publication", "pipeline.products.radio", "pipeline.products.cards"),
    # 6 reading content/ by kind
    ("pipeline.content.loader",),
    # 7 what a build found, and what it remembers
    ("pipeline.results", "pipeline.incremental", "pipeline.refusals"),
    # 8 one build's options and state
    ("pipeline.session",),
    # 9 one job's stages
    ("pipeline.book", "pipeline.digital", "pipeline.stages", "pipeline.cards"),
    # 10 which job runs where
    ("pipeline.scheduler",),
    # 11 what people read of a build
    ("pipeline.board", "pipeline.progress", "pipeline.compliance.report"),
    # 12 the orchestrator
    ("pipeline.build",),
    # 13 the commands around it
    ("pipeline.watch",),
    ("pipeline.cli", "pipeline.__main__", "pipeline.terminal"),
)

MAX_LINES = 400
MAX_MEDIAN_LINES = 150
MAX_ORCHESTRATOR_LINES = 200


def build_graph() -> grimp.ImportGraph:
    """A new import graph of ``pipeline`` (its own modules only)."""
    return grimp.build_graph("pipeline", include_external_packages=False, cache_dir=None)


@cache
def graph() -> grimp.ImportGraph:
    """The import graph of ``pipeline`` as it is."""
    return build_graph()


def layer_of() -> dict[str, int]:
    """Each module's layer number (0 = lowest)."""
    return {module: number for number, layer in enumerate(LAYERS) for module in layer}


def runs_on_import(module: str) -> list[str]:
    """``module`` and the packages whose ``__init__`` Python runs first to import it
    (``pipeline.compliance.rules`` runs ``pipeline.compliance``), root excluded."""
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(2, len(parts) + 1)]


def upward_imports(imports: grimp.ImportGraph) -> list[tuple[str, str, int]]:
    """(importer, imported, line) of every import from a lower layer to a higher one.

    An import of a submodule also runs its parent packages' ``__init__`` (which grimp does
    not count as imported): a package in a higher layer than the importer is reported too.
    """
    layers = layer_of()
    found = []
    for importer in sorted(imports.modules):
        for imported in sorted(imports.find_modules_directly_imported_by(importer)):
            details = imports.get_import_details(importer=importer, imported=imported)
            line = details[0]["line_number"] if details else 0
            for module in runs_on_import(imported):
                if module in (importer, *runs_on_import(importer)):
                    continue  # a package importing its own submodule, or a module its parent
                if layers.get(module, -1) > layers.get(importer, len(LAYERS)):
                    found.append((importer, module, line))
    return sorted(set(found))


def import_circles(imports: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that import one another, directly or through others (Tarjan's
    strongly connected components with more than one module)."""
    modules = sorted(imports.modules)
    edges = {m: sorted(imports.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return circles


def module_lines() -> dict[str, int]:
    """Lines of every module file of the package, by path relative to it."""
    return {path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    """This test ensures a new module is placed in the layer table (so the direction of
    its imports is checked) and the table names no module that is gone."""
    known = set(layer_of())
    assert sorted(graph().modules - known) == []
    assert sorted(known - graph().modules) == []


def test_packages_in_the_foundation_run_nothing() -> None:
    """This test ensures a package placed in the lowest layer imports nothing from its
    ``__init__`` (importing one of its modules runs that ``__init__`` first)."""
    packages = [m for m in LAYERS[0] if PACKAGE.parent.joinpath(*m.split(".")).is_dir()]
    assert "pipeline.content" in packages
    assert {p: sorted(graph().find_modules_directly_imported_by(p)) for p in packages} == {
        p: [] for p in packages}


def test_no_import_circles() -> None:
    """This test ensures no module imports, directly or through others, a module that
    imports it back."""
    assert import_circles(graph()) == []


def test_imports_run_one_way() -> None:
    """This test ensures no lower layer imports a higher one: the engines never import the
    stages, the stages never the scheduler, nothing the orchestrator."""
    assert upward_imports(graph()) == []


def test_module_sizes() -> None:
    """This test ensures modules stay small: none over 400 lines, the median at most 150,
    and the orchestrator at most 200 (it reads as the pipeline)."""
    lines = module_lines()
    assert {path: n for path, n in lines.items() if n > MAX_LINES} == {}
    assert statistics.median(lines.values()) <= MAX_MEDIAN_LINES
    assert lines["build.py"] <= MAX_ORCHESTRATOR_LINES


def test_public_api_names_resolve() -> None:
    """This test ensures every name ``pipeline`` exports lazily (``from pipeline import
    BuildOptions, …``) is the object of the module that now holds it (not, say, a
    submodule of the same name), and the documented ``build`` is the function."""
    import pipeline
    from pipeline.build import build

    for name, module in pipeline._API.items():  # noqa: SLF001 - our own table
        assert getattr(pipeline, name) is getattr(import_module(module), name), name
    assert callable(build) and build.__module__ == "pipeline.build"


def test_an_import_through_a_higher_package_is_upward() -> None:
    """This test ensures importing a low module that lives in a package of the engines
    layer counts as importing that package: its ``__init__`` runs too."""
    planted = build_graph()
    planted.add_module("pipeline.compliance.low")
    planted.add_import(importer="pipeline.project", imported="pipeline.compliance.low",
                       line_number=3, line_contents="import pipeline.compliance.low")
    assert ("pipeline.project", "pipeline.compliance", 3) in upward_imports(planted)


def test_checks_find_a_planted_upward_import_and_circle() -> None:
    """This test ensures the checks themselves work: an engine importing the orchestrator
    is reported as an upward import, and as a circle (the orchestrator imports it)."""
    planted = build_graph()
    planted.add_import(importer="pipeline.render.boxes", imported="pipeline.build",
                       line_number=7, line_contents="import pipeline.build")
    assert upward_imports(planted) == [("pipeline.render.boxes", "pipeline.build", 7)]
    assert any({"pipeline.render.boxes", "pipeline.build"} <= set(group)
               for group in import_circles(planted))


def test_rule_pack_ids_are_the_packs_there_are() -> None:
    """This test ensures the one list of rule pack ids names exactly the pack files."""
    from pipeline.pack_ids import PACK_IDS

    files = sorted(path.stem for path in (PACKAGE / "data" / "packs").glob("*.yaml"))
    assert sorted(PACK_IDS) == files


if __name__ == "__main__":
    sizes = module_lines()
    print(f"modules: {len(graph().modules)}; import circles: {len(import_circles(graph()))}; "
          f"imports that run back up: {len(upward_imports(graph()))}")
    print(f"lines per module: median {statistics.median(sizes.values()):g}, "
          f"largest {max(sizes.values())} ({max(sizes, key=lambda p: sizes[p])}); "
          f"build.py {sizes['build.py']}")
