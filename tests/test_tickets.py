"""Job tickets a printer can quote from: finishing from the product, process and stock from
the format (marked as defaults unless the content gives them), as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.build import load, plan
from pipeline.config import ProjectConfig, load_config
from pipeline.jobs import Job
from pipeline.results import BuildReport
from pipeline.ticket import DEFAULT_MARK, Ticket
from tests.conftest import REPO

CONDITION = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), sheet-fed offset, coated paper"


def sample_jobs(root: Path = REPO) -> list[Job]:
    """The sample's jobs that go to a printer (radio sheets get no ticket)."""
    return [job for job in plan(load(load_config(root))) if job.press]


def ticket(job: Job, pages: int | None = None) -> Ticket:
    return Ticket(job, pages or job.pages or 24, "FOGRA39", CONDITION, 1000)


def field(text: str, label: str) -> str:
    """The value after ``label`` on the text ticket."""
    line = next(line for line in text.splitlines() if line.startswith(label))
    return line[len(label):].strip()


FINISHING = {  # product → what its finishing line must say
    "leaflet": ("roll fold, 3 panels 100 / 100 / 97 mm on the inside page",
                "folds at 200 mm, then at 100 mm from its left trim"),
    "publication": ("saddle stitch, 2 wire staples in the spine",
                    "24 pages on 6 folded sheets",
                    "single pages in reading order: imposition and creep by the printer"),
}
OUTDOOR = {"stendas-zmogus-ne-preke": "panels trimmed and numbered for posting",
           "citylight-zmogus-ne-preke": "trim to size only"}


def test_every_sample_ticket_names_its_finishing_process_and_stock() -> None:
    """This test ensures the ticket of every job of the sample names its finishing (the
    leaflet's roll fold with panels and fold order, the booklet's saddle stitch with its
    staples, trim only for the flat products), and a process and stock marked as defaults
    (the sample content gives none)."""
    jobs = sample_jobs()
    assert {job.product for job in jobs} >= {"leaflet", "publication", "outdoor", "poster",
                                             "event-poster", "invitation", "certificate",
                                             "attendance-sheet", "schedule", "programme"}
    for job in jobs:
        text = ticket(job).text()
        finishing = field(text, "Apdaila (finishing):")
        expected = (OUTDOOR[job.id],) if job.id in OUTDOOR else FINISHING.get(
            job.product, ("trim to size only",))
        for phrase in expected:
            assert phrase in finishing, (job.id, finishing)
        assert "nenurodyta" not in finishing
        assert field(text, "Spaudos būdas (process):").endswith(DEFAULT_MARK)
        assert field(text, "Popierius (stock):").endswith(DEFAULT_MARK)


def test_outdoor_tickets_name_large_format_process_and_their_stock() -> None:
    """This test ensures the 6 × 3 m billboard's ticket names large-format print on blueback
    paper in panels (not sheet-fed offset), the citylight's backlit stock, and a poster's
    offset on coated paper; the output intent says the large-format printer converts."""
    jobs = {job.id: job for job in sample_jobs()}
    billboard = ticket(jobs["stendas-zmogus-ne-preke"]).text()
    process = field(billboard, "Spaudos būdas (process):")
    assert process.startswith("didelio formato skaitmeninė spauda (large-format digital print)")
    assert "offset" not in process
    assert "blueback poster paper, printed in panels" in field(billboard, "Popierius (stock):")
    assert "the printer converts to its own" in field(billboard, "Spalvų profilis (output):")
    citylight = ticket(jobs["citylight-zmogus-ne-preke"]).text()
    assert "large-format" in field(citylight, "Spaudos būdas (process):")
    assert "backlit paper or film" in field(citylight, "Popierius (stock):")
    poster = ticket(jobs["zmogus-ne-preke-kaunas-a3"]).text()
    assert field(poster, "Spaudos būdas (process):").startswith(
        "lakštinė ofsetinė spauda (sheet-fed offset)")
    assert "coated paper" in field(poster, "Popierius (stock):")
    assert "converts" not in field(poster, "Spalvų profilis (output):")


def test_json_ticket_carries_the_same_facts() -> None:
    """This test ensures the JSON ticket gives the leaflet's folds in order with their
    positions, the booklet's staples and sheets, the billboard's process key, and marks
    every default as such."""
    jobs = {job.id: job for job in sample_jobs()}
    leaflet = ticket(jobs["lankstinukas-jaunimui"]).to_json()
    assert leaflet["finishing"]["kind"] == "roll-fold"
    assert leaflet["finishing"]["panels_mm"] == [100, 100, 97]
    assert leaflet["finishing"]["folds"] == [
        {"order": 1, "at_mm": 200, "folding_over_mm": 97},
        {"order": 2, "at_mm": 100, "folding_over_mm": 197}]
    book = ticket(jobs["leidinys-prevencija"], pages=24).to_json()
    assert book["finishing"] | {"text": ""} == {"kind": "saddle-stitch", "text": "",
                                                 "staples": 2, "sheets": 6}
    board = ticket(jobs["stendas-zmogus-ne-preke"]).to_json()
    assert board["process"]["key"] == "large-format" and board["process"]["source"] == "default"
    assert board["stock"]["key"] == "blueback"
    assert board["format"] == {"name": "Billboard 6 × 3 m", "trim_mm": [6000, 3000],
                               "bleed_mm": 20, "scale": "1:10", "page_mm": [600, 300]}
    assert json.loads(json.dumps(board, ensure_ascii=False)) == board


def test_what_the_content_gives_is_not_marked_as_a_default(project: Path) -> None:
    """This test ensures a process, paper and finishing note given in the content are printed
    as given (no default mark, source "content"), the note after the product's own
    finishing."""
    path = project / "content" / "leaflets" / "jaunimui.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "production:\n  process: skaitmeninė spauda\n  paper: 170 g/m² matinis kreidotas\n"
        "  finishing: matinis laminavimas\n"), encoding="utf-8")
    job = next(job for job in sample_jobs(project) if job.id == "lankstinukas-jaunimui")
    made = ticket(job)
    text = made.text()
    assert field(text, "Spaudos būdas (process):") == "skaitmeninė spauda"
    assert field(text, "Popierius (stock):") == "170 g/m² matinis kreidotas"
    finishing = field(text, "Apdaila (finishing):")
    assert "roll fold" in finishing and finishing.endswith("; matinis laminavimas")
    data = made.to_json()
    assert data["process"] == {"text": "skaitmeninė spauda", "source": "content"}
    assert data["finishing"]["note"] == "matinis laminavimas"


def test_perfect_binding_tickets_give_the_spine(project: Path) -> None:
    """This test ensures a perfect-bound book's ticket gives its spine width from the page
    count and caliper (64 pages × 0.1 mm / 2 + 2 × 0.3 mm cover = 3.8 mm) and its cover
    file, and the cover's ticket the same spine."""
    path = project / "content" / "publications" / "prevencija" / "publication.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "binding: saddle-stitch", "binding: perfect"), encoding="utf-8")
    jobs = {job.id: job for job in sample_jobs(project)}
    book = ticket(jobs["leidinys-prevencija"], pages=64)
    assert ("perfect binding, spine 3.8 mm; cover in virselis-prevencija.pdf"
            in field(book.text(), "Apdaila (finishing):"))
    assert book.to_json()["finishing"]["spine_mm"] == 3.8
    finalise = jobs["virselis-prevencija"].finalise
    assert finalise is not None
    cover = ticket(finalise(64), pages=1)
    assert "creased at both edges of the 3.8 mm spine" in field(
        cover.text(), "Apdaila (finishing):")


@pytest.mark.slow
def test_every_print_pdf_has_both_tickets(sample_build: tuple[ProjectConfig,
                                                            BuildReport]) -> None:
    """This test ensures every PDF written to output/print/ has its text and JSON tickets
    beside it, naming its finishing, with its real page count and size; the billboard's
    names its process."""
    config, report = sample_build
    written = [r for r in report.results if r.written and r.job.output.parts[0] == "print"]
    assert len(written) > 40
    for result in written:
        pdf = config.output / result.job.output
        text = pdf.with_suffix(".job.txt").read_text(encoding="utf-8")
        data = json.loads(pdf.with_suffix(".job.json").read_text(encoding="utf-8"))
        assert data["job"] == result.job.id and data["file"]["bytes"] == pdf.stat().st_size
        assert data["finishing"]["kind"] == result.job.finishing.kind
        assert data["finishing"]["text"] == field(text, "Apdaila (finishing):")
        assert data["pages"] == result.pages
    board = json.loads((config.output / "print/outdoor/stendas-zmogus-ne-preke.job.json")
                       .read_text(encoding="utf-8"))
    assert board["process"]["key"] == "large-format"
