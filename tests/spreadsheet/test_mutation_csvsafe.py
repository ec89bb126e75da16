"""CSV neutralisation (catalogue/spreadsheet/csvsafe.py): the trigger table, the quoting and its undoing.

Written from a mutation run (scripts/mutation.sh): each case kills a mutant the other tests let live.
"""

from __future__ import annotations

import io

import pytest

from catalogue.spreadsheet import csvsafe


def test_the_triggers_are_pinned():
    assert csvsafe.TRIGGERS == "=+-@\t\r"


@pytest.mark.parametrize("trigger", list(csvsafe.TRIGGERS))
def test_each_trigger_gets_exactly_one_quote(trigger):
    for value in (trigger, trigger + "x", "'" + trigger, "''" + trigger + "1"):
        assert csvsafe.cell(value) == "'" + value
        assert csvsafe.restore("'" + value) == value


@pytest.mark.parametrize("value", ["", "'", "''", "x=1", " =1", "\n=1", "'x", "%=1", "#=1", "*1", "O'Brien"])
def test_other_texts_are_written_and_read_as_they_are(value):
    assert csvsafe.cell(value) == value
    assert csvsafe.restore(value) == value


@pytest.mark.parametrize("value", [-1, 0, 2.5, None, True, b"=x"])
def test_values_that_are_not_text_are_left_alone(value):
    assert csvsafe.cell(value) is value


def test_the_writer_neutralises_every_row_with_the_options_given():
    out = io.StringIO()
    writer = csvsafe.writer(out, delimiter=";", lineterminator="\n")
    assert writer.writerow(["=1", -1, "a"]) == len("'=1;-1;a\n")
    writer.writerows([["@x", "+y"], ["plain"]])
    assert out.getvalue() == "'=1;-1;a\n'@x;'+y\nplain\n"
    assert csvsafe.row(iter(["-", 3])) == ["'-", 3]
