"""The ``build-print`` command: a thin shell over the library.

It parses options, calls the library, prints findings and maps the outcome to an exit code.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline import __version__
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.errors import ContentError, PipelineError, storage_error
from pipeline.pack_ids import DEFAULT_PACK_ID, PACK_IDS
from pipeline.terminal import print_finding, print_findings, print_summary

if TYPE_CHECKING:  # the library is imported when a command runs (`--help` stays fast)
    from pipeline.results import BuildReport, Listener
    from pipeline.session import BuildOptions

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES = """\b
Exit codes:
  0  done, no error-level finding
  1  error-level findings in the output (see the report)
  2  bad usage, configuration or content (nothing was built)
  3  a file could not be written or read: disk full, permission denied,
     read-only disk, output folder vanished (the message names the path;
     files already in output/ stay whole)"""


def _project_options(function: F) -> F:
    function = click.option("--project", "project",
                            type=click.Path(file_okay=False, path_type=Path),
                            help="Project folder (default: the current folder if it holds "
                                 "content/campaign.yaml, else the bundled sample).")(function)
    function = click.option("--debug", is_flag=True,
                            help="Show tracebacks for unexpected errors.")(function)
    return function


def _run(debug: bool, action: Callable[[], int], *, writes: bool = True) -> None:
    """Run ``action`` and exit with its code, or with the code of the error it raised.

    ``writes``: whether the command writes output/ (the advice of a refused file names
    --output) or only reads the files given.
    """
    try:
        code = action()
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            print_finding(diagnostic)
        click.echo(f"{len(exc.diagnostics)} problem(s) in the content; nothing was built.",
                   err=True)
        code = exc.exit_code
    except PipelineError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"error: {exc}", err=True)
        code = exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        code = 0
    except OSError as exc:  # the machine refused a file: one line naming it, exit code 3
        if debug:
            traceback.print_exc()
        failure = storage_error(exc, writing=writes)
        click.echo(f"error: {failure}", err=True)
        code = failure.exit_code
    except Exception as exc:  # last resort: one line, traceback only with --debug
        if debug:
            traceback.print_exc()
        else:
            click.echo(f"internal error: {type(exc).__name__}: {exc} "
                       "(run with --debug for the traceback)", err=True)
        code = 1
    sys.exit(code)


def _build_options(function: F) -> F:
    function = click.option("--jobs", "-j", "jobs", type=click.IntRange(min=1),
                            help="Worker processes (default: the number of CPUs).")(function)
    function = click.option("--no-proofs", is_flag=True,
                            help="Skip the PNG proofs and thumbnails.")(function)
    function = click.option("--lang", "lang", type=click.Choice(("lt", "en")), default="lt",
                            show_default=True,
                            help="Language of the compliance report "
                                 "(output/compliance.html and .pdf).")(function)
    function = click.option("--proof-overlay", is_flag=True,
                            help="Draw trim (magenta), safe area (dashed cyan) and folds on "
                                 "the proofs.")(function)
    return function


def _options(jobs: int | None, no_proofs: bool, proof_overlay: bool,
             lang: str = "lt") -> BuildOptions:
    from pipeline.session import BuildOptions

    defaults = BuildOptions()
    return BuildOptions(jobs=jobs or defaults.jobs, proofs=not no_proofs,
                        overlay=proof_overlay, lang=lang)


@click.group(invoke_without_command=True, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="build-print")
@_project_options
@click.option("--only", multiple=True, metavar="PATTERN",
              help="Build only jobs whose id (glob), product or content file matches; repeatable.")
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: <project>/output).")
@click.option("--quiet", "-q", is_flag=True, help="Print only findings.")
@_build_options
@click.pass_context
def cli(ctx: click.Context, project: Path | None, debug: bool, only: tuple[str, ...],
        output: Path | None, quiet: bool, jobs: int | None, no_proofs: bool,
        proof_overlay: bool, lang: str) -> None:
    """Build the campaign's print products (all of them when no command is given).

    Only what changed since the last build is rendered again; output/index.html is the
    proof board.
    """
    if ctx.invoked_subcommand is None:
        options = _options(jobs, no_proofs, proof_overlay, lang)
        _run(debug, lambda: _build(project, output, only, quiet, options))


def _listener(quiet: bool) -> Listener:
    from pipeline.progress import LineProgress, TerminalProgress
    from pipeline.results import Listener

    if quiet:
        return Listener()
    return TerminalProgress() if sys.stderr.isatty() else LineProgress()


def _build(project: Path | None, output: Path | None, only: tuple[str, ...], quiet: bool,
           options: BuildOptions | None = None) -> int:
    from pipeline.build import build
    from pipeline.config import load_config

    config = load_config(project, output)
    report = build(config, only=only, options=options, listener=_listener(quiet))
    if not report.results:
        click.echo(f"no job matches {' '.join(only)!r}; see `build-print list`", err=True)
        return 2
    print_summary(config, report, quiet)
    return 1 if report.failed else 0


@cli.command("watch", epilog=EXIT_CODES)
@_project_options
@click.option("--only", multiple=True, metavar="PATTERN",
              help="Watch-build only jobs matching these patterns (as for build).")
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: <project>/output).")
@_build_options
def watch_command(project: Path | None, debug: bool, only: tuple[str, ...],
                  output: Path | None, jobs: int | None, no_proofs: bool,
                  proof_overlay: bool, lang: str) -> None:
    """Build, then rebuild whatever a saved change in content/, layouts/ or brand/ affects.

    Runs until Ctrl-C. Open output/index.html: the proof board reloads itself after each build.
    """
    def action() -> int:
        from pipeline.config import load_config
        from pipeline.watch import watch

        config = load_config(project, output)
        board = config.display(config.output / "index.html")

        def on_build(report: BuildReport, changed: list[str]) -> None:
            if changed:
                click.echo(f"changed: {', '.join(changed)}")
            print_findings([d for result in report.rebuilt for d in result.diagnostics])
            for result in report.rebuilt:
                click.echo(f"rebuilt  {result.status:4}  {result.job.id}  ({result.reason})")
            click.echo(f"{len(report.rebuilt)} rebuilt, {len(report.reused)} reused in "
                       f"{report.seconds:.1f} s; proof board: {board}; watching "
                       "content/, layouts/, brand/ (Ctrl-C to stop)", err=False)

        def on_error(exc: ContentError, changed: list[str]) -> None:
            if changed:
                click.echo(f"changed: {', '.join(changed)}")
            for diagnostic in exc.diagnostics:
                print_finding(diagnostic)
            click.echo(f"{len(exc.diagnostics)} problem(s) in the content; nothing rebuilt, "
                       "the last good output stays. Watching for the fix…")

        watch(config, only=only, options=_options(jobs, no_proofs, proof_overlay, lang),
              listener=lambda: _listener(False), on_build=on_build, on_error=on_error)
        return 0
    _run(debug, action)


@cli.command("list", epilog=EXIT_CODES)
@_project_options
def list_command(project: Path | None, debug: bool) -> None:
    """List products and their variants (the job ids --only selects from)."""
    def action() -> int:
        from pipeline.build import load, plan
        from pipeline.config import load_config

        jobs = plan(load(load_config(project)))
        product = max((len(job.product) for job in jobs), default=0)
        ident = max((len(job.id) for job in jobs), default=0)
        for job in jobs:
            variant = ", ".join(f"{k}={v}" for k, v in job.variant.items())
            click.echo(f"{job.product:{product}}  {job.id:{ident}}  {variant}  ({job.source})")
        return 0
    _run(debug, action)


def _echo_json(results: dict[str, list[Diagnostic]]) -> None:
    """Findings of several files as one JSON object keyed by file name."""
    import json

    click.echo(json.dumps({name: [d.to_json() for d in findings]
                           for name, findings in results.items()},
                          ensure_ascii=False, indent=2))


@cli.command("preflight", epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--profile", default="campaign", show_default=True, metavar="ID|FILE.yaml",
              help="Preflight profile: gwg2015-sheetfed, gwg2015-magazine, campaign, or a "
                   "printer's own YAML file (see pipeline/data/preflight/).")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
def preflight_command(files: tuple[Path, ...], as_json: bool, profile: str,
                      debug: bool) -> None:
    """Preflight PDF files as a printer does (GWG 2015 Sheetfed Offset CMYK and more).

    Page boxes and bleed, PDF/X identification and output intent, colour spaces and spot
    colours, ink coverage, overprint, thin lines and small text, image resolution, fonts,
    transparency, annotations, forms, scripts and layers. Exit code 1 on any error.
    """
    def action() -> int:

        from pipeline.diagnostics import has_errors
        from pipeline.preflight import Expectations, load_profile, run_preflight

        load_profile(profile)  # a bad profile is a usage error before any file is read
        results = {str(path): run_preflight(path.read_bytes(),
                                            Expectations(job=path.name, profile=profile))
                   for path in files}
        if as_json:
            _echo_json(results)
        else:
            for name, findings in results.items():
                click.echo(name)
                for finding in findings:
                    page = f"page {finding.page}: " if finding.page else ""
                    label = click.style(f"{finding.severity.value:7}", fg={
                        Severity.ERROR: "red", Severity.WARNING: "yellow"}.get(finding.severity))
                    click.echo(f"  {label} {finding.code:16} {page}{finding.message}")
                counts = {s: sum(f.severity is s for f in findings) for s in Severity}
                click.echo(f"  {counts[Severity.ERROR]} error(s), "
                           f"{counts[Severity.WARNING]} warning(s)")
        return 1 if any(has_errors(f) for f in results.values()) else 0
    _run(debug, action, writes=False)


@cli.command("check", epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pack", "pack_id", type=click.Choice(PACK_IDS), default=DEFAULT_PACK_ID,
              show_default=True, help="EU publicity rule pack.")
@click.option("--document", is_flag=True,
              help="The files are documents for participants (attendance sheets, certificates).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
def check_command(files: tuple[Path, ...], pack_id: str, document: bool, as_json: bool,
                  debug: bool) -> None:
    """Check PDFs made anywhere (e.g. exported from InDesign) against EU publicity rules.

    The emblem is found on a raster of each page (position, size, ratio, stars, colours) and
    the required statements in the text.
    """
    def action() -> int:

        from pipeline.compliance import check_pdf, load_pack
        from pipeline.diagnostics import VERDICTS, has_errors

        pack = load_pack(pack_id)
        results = {str(path): check_pdf(path.read_bytes(), job=path.name, pack=pack,
                                        product="document" if document else None)
                   for path in files}
        if as_json:
            _echo_json(results)
        else:
            for name, findings in results.items():
                click.echo(f"{name}  ({pack.id})")
                for d in findings:
                    verdict = VERDICTS[d.severity]
                    label = click.style(f"{verdict:4}", fg={"fail": "red", "warn": "yellow",
                                                            "pass": "green"}[verdict])
                    page = f"page {d.page}: " if d.page else ""
                    click.echo(f"  {label} {d.code:17} {page}{d.message}")
                counts = {v: sum(VERDICTS[d.severity] == v for d in findings)
                          for v in ("fail", "warn", "pass")}
                click.echo("  " + ", ".join(f"{n} {v}" for v, n in counts.items()))
        return 1 if any(has_errors(f) for f in results.values()) else 0
    _run(debug, action, writes=False)


@cli.command("report", epilog=EXIT_CODES)
@_project_options
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: <project>/output).")
def report_command(project: Path | None, debug: bool, output: Path | None) -> None:
    """Export the last build's compliance report as output/compliance.pdf (A4).

    For e-mail and the archive: the same page as output/compliance.html, in its language
    (build with --lang en for English). A build does not render it (about 20 s for the
    sample) and removes it when the report's content changes.
    """
    def action() -> int:
        from pipeline.compliance.report import export_pdf
        from pipeline.config import load_config

        config = load_config(project, output)
        written = export_pdf(config.output)
        click.echo(f"compliance report exported: {config.display(written)}")
        return 0
    _run(debug, action)


@cli.command("radio", epilog=EXIT_CODES)
@_project_options
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: <project>/output).")
@click.option("--audio", is_flag=True,
              help="Also synthesise each read segment with espeak-ng (Lithuanian voice) and "
                   "compare its length with the estimate.")
def radio_command(project: Path | None, debug: bool, output: Path | None, audio: bool) -> None:
    """Build the radio outputs only: script sheets, rundowns, prompter text, spot sheets."""
    def action() -> int:
        code = _build(project, output, ("radio-*", "spot-*"), quiet=False)
        if audio:
            from pipeline.build import load
            from pipeline.config import load_config
            from pipeline.output import write_atomic
            from pipeline.products.radio import spots_of
            from pipeline.radio import audio as speech
            from pipeline.radio.models import RadioShow

            if speech.espeak() is None:
                click.echo(speech.INSTALL_HINT + "; going on without audio.", err=True)
                return code
            config = load_config(project, output)
            loaded = load(config)
            spots = spots_of(loaded)
            for item in loaded.items:
                if not isinstance(item.model, RadioShow):
                    continue
                click.echo(f"{item.model.id}: segment, estimate, espeak-ng")
                for title, data, estimate, synthetic in speech.previews(item.model, spots):
                    write_atomic(config.output, f"radio/audio/{item.model.id}/{title}.wav",
                                 data)
                    click.echo(f"  {title:40} {estimate:6.1f} s {synthetic:6.1f} s")
        return code
    _run(debug, action)


def main() -> None:
    """Console-script entry point.

    When the command is over, every file is written and closed, the lock released and the
    worker processes gone, so the process ends at once instead of tearing down the modules
    it imported (WeasyPrint, fontTools, pydantic: about 0.2 s, a quarter of a no-op build).
    """
    try:
        cli(prog_name="build-print")  # standalone mode: always ends in SystemExit
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):  # as Python reports sys.exit("text")
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # the reader went away (`build-print | head`)
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
