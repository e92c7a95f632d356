"""`marsad analyze` end to end: options, formats, exit codes, and the output contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main

REPO = Path(__file__).resolve().parent.parent
ARTICLE = (
    "نقل محتجزين إلى مركز جديد\n\n"
    "أعلنت الإدارة المحلية اليوم عن نقل مجموعة من المحتجزين إلى مركز جديد، وقالت إن العملية جرت دون حوادث.\n"
)


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli import main; main()", *args]


def test_help_explains_formats_and_errors() -> None:
    result = CliRunner().invoke(main, ["analyze", "--help"])
    assert result.exit_code == 0
    for word in ("--published", "--outlet", "--format", "-o", ".jsonl", "Windows-1256", "marsad: FILE: reason"):
        assert word in result.output


def test_jsonl_default_and_json_array(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("اليوم", "أمس"), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["analyze", str(tmp_path)])
    assert res.exit_code == 0
    lines = res.output.strip().split("\n")
    assert len(lines) == 2 and all(json.loads(line)["title"] == "نقل محتجزين إلى مركز جديد" for line in lines)
    res = runner.invoke(main, ["analyze", str(tmp_path), "--format", "json"])
    docs = json.loads(res.output)
    assert isinstance(docs, list) and len(docs) == 2
    assert docs[0]["id"] != docs[1]["id"]


def test_output_file_and_overrides(tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps({"text": ARTICLE, "outlet": "Rudaw", "published": "2020-01-01"}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["analyze", str(src), "--published", "2022-01-21", "--outlet", "hawar", "-o", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["published"] == "2022-01-21"
    assert doc["outlet"]["name_en"] == "Hawar News Agency (ANHA)"
    res = CliRunner().invoke(main, ["analyze", str(src), "--outlet", "Some Blog"])
    assert json.loads(res.output)["outlet"]["name"] == "Some Blog"


def test_same_text_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("\ufeff" + ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    res = CliRunner().invoke(main, ["analyze", str(tmp_path)])
    ids = {json.loads(line)["id"] for line in res.output.strip().split("\n")}
    assert len(ids) == 1


def test_failure_lines_and_exit_status(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = subprocess.run(_cmd("analyze", str(tmp_path), str(tmp_path / "nope.html")), capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"marsad: {tmp_path / 'empty.txt'}: empty file",
        f"marsad: {tmp_path / 'nope.html'}: no such file or directory",
    ]
    assert len(proc.stdout.splitlines()) == 1


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(ARTICLE + str(i), encoding="utf-8")
    proc = subprocess.run(_cmd("analyze", str(tmp_path)), capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stderr == ""


@pytest.mark.slow
def test_seeds_and_corpus_pass_the_contract_checker(shared_dir: Path) -> None:
    checker = shared_dir / "tools" / "check_contract.py"
    analyze = subprocess.run(
        _cmd("analyze", str(shared_dir / "seeds"), str(shared_dir / "corpus")),
        capture_output=True,
        check=False,
        cwd=REPO,
    )
    assert analyze.returncode == 0, analyze.stderr.decode()
    check = subprocess.run(
        [sys.executable, str(checker)], input=analyze.stdout, capture_output=True, check=False, env={**os.environ}
    )
    report = check.stdout.decode() + check.stderr.decode()
    assert check.returncode == 0, report
    assert "0 problems" in report or "no problem" in report.lower(), report
    # one line per article: every record of seeds/ and corpus/ (their README is no article)
    articles = [p for d in ("seeds", "corpus") for p in (shared_dir / d).iterdir() if p.suffix in (".txt", ".json")]
    assert len(analyze.stdout.decode().splitlines()) == len(articles)


def test_demo_corpus_analyses_cleanly() -> None:
    demo = REPO / "demo"
    proc = subprocess.run(_cmd("analyze", str(demo)), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(docs) >= 4
    for doc in docs:
        assert doc["language"] == "ar"
        assert doc["title"] and doc["published"]
        assert doc["outlet"] is None or doc["outlet"]["name"]
        for span in doc["mentions"] + doc["times"] + doc["quantities"]:
            assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_one_text_file_loads_no_store_html_parser_or_pool(tmp_path: Path) -> None:
    """Start-up: `marsad analyze` of a text file imports its own command only, not the store
    (other commands), the HTML parser (an HTML input loads it) or multiprocessing (a pool)."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    probe = (
        "import sys\n"
        "from marsad.cli import main\n"
        "try:\n"
        f"    main(['analyze', {str(tmp_path / 'a.txt')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('marsad.store', 'selectolax', 'multiprocessing', 'marsad.cli.corpus') if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert '"events"' in proc.stdout
    assert "LOADED []" in proc.stderr, proc.stderr[-2000:]


def test_every_command_is_listed_and_runs_its_help() -> None:
    listed = CliRunner().invoke(main, ["--help"])
    assert listed.exit_code == 0
    for name in ("analyze", "ingest", "search", "reuse", "incidents", "watch", "export", "batch", "serve", "train"):
        assert name in listed.output
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0
