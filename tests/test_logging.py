"""Warnings go through the `newsclean` logger (#17 item 8): the library only logs (with a
NullHandler, as a library should), and the command line shows the logger on its stderr at
the level -v / -q set, in its own `newsclean: warning: ...` style."""

from __future__ import annotations

import io
import json
import logging

import pytest

from newsclean.cli import main
from newsclean.io import Decoder, format_of, read_items
from newsclean.log import logger

BAD_BYTES = b"caf\xe9 news\n"


def call(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        argv, stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"), stdout=out, stderr=err
    )
    return code, out.getvalue(), err.getvalue()


def test_the_library_logger_has_only_a_null_handler() -> None:
    assert logger.name == "newsclean"
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    assert not [h for h in logger.handlers if not isinstance(h, logging.NullHandler)]


def test_reading_warns_through_the_logger(caplog: pytest.LogCaptureFixture) -> None:
    decode = Decoder()  # no warn callback: the library logs
    with caplog.at_level(logging.WARNING, logger="newsclean"):
        items = list(read_items("-", format_of("a.txt"), "text", decode, io.BytesIO(BAD_BYTES)))
    assert items[0].record["text"].startswith("caf")
    [record] = caplog.records
    assert record.name == "newsclean"
    assert record.levelno == logging.WARNING
    assert "not valid UTF-8" in record.getMessage()


def test_the_cli_shows_warnings_in_its_own_style() -> None:
    code, _, err = call(["clean", "-"], stdin=BAD_BYTES)
    assert code == 0
    assert err.startswith("newsclean: warning: -: not valid UTF-8")


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_q_keeps_warnings_off_stderr(flag: str) -> None:
    code, out, err = call(["clean", "-", flag], stdin=BAD_BYTES)
    assert code == 0
    assert out.startswith("caf")
    assert err == ""


def test_q_is_taken_by_every_command() -> None:
    code, _, err = call(["stats", "-", "-q"], stdin=BAD_BYTES)
    assert code == 0, err
    assert "not valid UTF-8" not in err


def test_v_and_vv_say_more() -> None:
    records = b"".join(json.dumps({"text": f"News {i}."}).encode() + b"\n" for i in range(2))
    _, _, err = call(["clean", "-", "-v", "--quiet"], stdin=records)
    assert err == ""  # --quiet wins
    _, _, err = call(["clean", "-", "-v"], stdin=records)
    assert "newsclean: info: standard input holds jsonl records" in err
    _, _, err = call(["clean", "-", "-vv"], stdin=b"One article.\n")
    assert "newsclean: debug: standard input read as one text article" in err
    _, _, err = call(["clean", "-", "-v"], stdin=b"One article.\n")
    assert "debug" not in err


def test_the_logger_is_left_as_it_was_found(caplog: pytest.LogCaptureFixture) -> None:
    before = (list(logger.handlers), logger.level, logger.propagate)
    call(["clean", "-", "-vv"], stdin=BAD_BYTES)
    call(["clean", "-", "--field"], stdin=BAD_BYTES)  # a usage error: exit 2
    assert (list(logger.handlers), logger.level, logger.propagate) == before
    with caplog.at_level(logging.WARNING, logger="newsclean"):
        list(read_items("-", format_of("a.txt"), "text", Decoder(), io.BytesIO(BAD_BYTES)))
    assert len(caplog.records) == 1  # the library's warning reaches the application again


def test_an_application_calling_main_does_not_get_warnings_twice(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        code, _, err = call(["clean", "-"], stdin=BAD_BYTES)
    assert code == 0
    assert err.count("not valid UTF-8") == 1
    assert not caplog.records
