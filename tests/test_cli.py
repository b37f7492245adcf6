"""The command line, called in process through main(argv)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import newsclean
from newsclean.cli import main

from .conftest import EXAMPLE


class FakeStdin(io.StringIO):
    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)


def call(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=FakeStdin(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_clean_file_prints_clean_text(seed_text: str) -> None:
    code, out, err = call(["clean", str(EXAMPLE)])
    assert code == 0
    assert err == ""
    assert out == newsclean.clean(seed_text) + "\n"


def test_clean_stdin(seed_text: str) -> None:
    code, out, _ = call(["clean", "-"], stdin=seed_text.encode())
    assert code == 0
    assert out == newsclean.clean(seed_text) + "\n"


def test_explain_prints_audit_trail() -> None:
    code, out, _ = call(["clean", "--explain", str(EXAMPLE)])
    assert code == 0
    assert "promo:foxnews.app-download" in out
    assert out.startswith("newsclean: 5 line(s) removed")


def test_explain_json_lines() -> None:
    code, out, _ = call(["clean", "--explain", "--json", str(EXAMPLE)])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["reason"] for r in rows} >= {"promo:foxnews.listen"}


def test_options_are_flags_with_library_names(seed_text: str) -> None:
    code, out, _ = call(["clean", "--uncurl-quotes", "--no-drop-promo", str(EXAMPLE)])
    assert code == 0
    assert out == newsclean.clean(seed_text, uncurl_quotes=True, drop_promo=False) + "\n"


def test_output_file_is_written(tmp_path: Path, seed_text: str) -> None:
    target = tmp_path / "out.txt"
    code, out, _ = call(["clean", str(EXAMPLE), "-o", str(target)])
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == newsclean.clean(seed_text) + "\n"
    assert list(tmp_path.iterdir()) == [target]


def test_missing_file_is_an_error_on_stderr() -> None:
    code, out, err = call(["clean", "no/such/file.txt"])
    assert code == 1
    assert out == ""
    assert "no/such/file.txt" in err


def test_bad_option_value_is_usage_error() -> None:
    code, _, err = call(["clean", "--score-cutoff", "500", str(EXAMPLE)])
    assert code == 2
    assert "score_cutoff" in err


def test_unknown_flag_is_usage_error() -> None:
    code, _, err = call(["clean", "--nope", str(EXAMPLE)])
    assert code == 2
    assert "unrecognized arguments" in err


def test_no_command_prints_help_and_returns_2() -> None:
    code, _, err = call([])
    assert code == 2
    assert "clean" in err


def test_invalid_utf8_is_decoded_with_a_warning() -> None:
    code, out, err = call(["clean", "-"], stdin=b"caf\xe9 news")
    assert code == 0
    assert "not valid UTF-8" in err
    assert out.startswith("caf")


def test_rules_list_and_show() -> None:
    code, out, _ = call(["rules", "list"])
    assert code == 0
    assert "foxnews.app-download\tapp\t" in out
    code, out, _ = call(["rules", "show", "foxnews.app-download"])
    assert code == 0
    assert "example:     CLICK HERE TO GET THE FOX NEWS APP" in out
    code, _, err = call(["rules", "show", "nope.nope"])
    assert code == 2
    assert "no rule" in err


@pytest.mark.parametrize("flag", ["--version"])
def test_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([flag])
    assert info.value.code == 0
    assert newsclean.__version__ in capsys.readouterr().out


def test_caption_options_reach_the_library(seed_text: str) -> None:
    code, out, _ = call(["clean", "--captions", "drop", "--keep", "first", str(EXAMPLE)])
    assert code == 0
    assert out == newsclean.clean(seed_text, captions="drop", keep="first") + "\n"
    assert "(NATO)" not in out


def test_source_flag_with_auto_outlets(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("skip past newsletter promotion\n\nThe council met.", encoding="utf-8")
    code, out, _ = call(["clean", "--outlets", "auto", str(article)])
    assert "newsletter promotion" in out
    code, out, _ = call(["clean", "--outlets", "auto", "--source", "theguardian.com", str(article)])
    assert code == 0
    assert out == "The council met.\n"


def test_rules_packs_lists_every_pack() -> None:
    code, out, _ = call(["rules", "packs"])
    assert code == 0
    names = {line.split("\t")[0] for line in out.splitlines()}
    assert {"generic", "foxnews", "guardian", "bbc", "reuters"} <= names
    assert len(names) >= 24


@pytest.mark.parametrize("argv", [["--help"], ["clean", "--help"], ["rules", "--help"]])
def test_help_prints_and_exits_0(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert "usage: newsclean" in capsys.readouterr().out


def test_records_on_stdin_are_read_from_the_given_stream() -> None:
    code, out, _ = call(
        ["clean", "-", "--format", "tsv", "--quiet"],
        stdin=b"id\ttext\n1\tAdvertisement\n2\tThe council met.\n",
    )
    assert code == 0
    assert out.splitlines() == ["id\ttext", "1\t", "2\tThe council met."]


def test_train_writes_a_model_that_clean_loads(tmp_path: Path) -> None:
    body = "The council voted on Tuesday to close the old bridge for repairs until spring."
    lines = [body, "Share this story on Facebook", body.replace("bridge", "road"), "Advertisement"]
    records = tmp_path / "ours.jsonl"
    records.write_text(
        "".join(
            json.dumps({"id": f"r{i}", "outlet": f"o{i % 4}", "text": "\n\n".join(lines)}) + "\n"
            for i in range(12)
        ),
        encoding="utf-8",
    )
    labels = tmp_path / "ours.tsv"
    labels.write_text(
        "".join(
            f"r{i}\t{n}\t{'promo' if n in (3, 7) else 'body'}\n"
            for i in range(12)
            for n in (1, 3, 5, 7)
        ),
        encoding="utf-8",
    )
    model = tmp_path / "team.npz"
    code, _, err = call(
        [
            "train",
            "--labels",
            str(labels),
            "--records",
            str(records),
            "-o",
            str(model),
            "--no-bundled",
            "--steps",
            "40",
        ]
    )
    assert code == 0, err
    assert "48 labelled lines" in err
    article = tmp_path / "a.txt"
    article.write_text("\n\n".join([body, body, body.replace("bridge", "road")]), encoding="utf-8")
    code, out, err = call(["clean", "--model", str(model), str(article)])
    assert code == 0, err
    assert body in out


def test_train_refuses_labels_of_unknown_records(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "a", "text": "x"}) + "\n", encoding="utf-8")
    labels = tmp_path / "l.tsv"
    labels.write_text("zzz\t1\tpromo\n", encoding="utf-8")
    code, _, err = call(
        ["train", "--labels", str(labels), "--records", str(records), "-o", str(tmp_path / "m.npz")]
    )
    assert code != 0
    assert "zzz" in err
    assert not (tmp_path / "m.npz").exists()
