"""Run-together digit splitting: the searches of schema section 4 on rows printed in the corpus."""

from __future__ import annotations

from textmine.digits import ColumnSpec, Group, RowRules, parse_cell, split_row
from textmine.tables import T3_SUM, T4_SUM


def test_schema_example_has_one_reading():
    # 一、本年新收政府信息公开申请数量640020470 (Pingtan 2021)
    assert split_row([Group("640020470")], 7, rules=T3_SUM).candidates == [(64, 0, 0, 2, 0, 4, 70)]


def test_several_readings_are_all_kept():
    # （一）予以公开270020130: two splits satisfy the row; the columns decide later
    got = split_row([Group("270020130")], 7, rules=T3_SUM).candidates
    assert sorted(got) == [(2, 7, 0, 0, 20, 1, 30), (27, 0, 0, 2, 0, 1, 30)]


def test_item_number_and_spaces():
    assert split_row([Group("230"), Group("000023")], 7, rules=T3_SUM).candidates == [
        (23, 0, 0, 0, 0, 0, 23)]
    groups = [Group(g) for g in ["23", "0", "00", "0", "023"]]
    assert split_row(groups, 7, rules=T3_SUM).candidates == [(23, 0, 0, 0, 0, 0, 23)]


def test_t4_fifteen_cells():
    got = split_row([Group("10203120001200000")], 15, rules=T4_SUM)
    assert got.candidates == [(1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)]
    assert got.satisfied


def test_printed_row_that_breaks_its_arithmetic_is_kept_as_printed():
    groups = [Group(g) for g in ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]]
    got = split_row(groups, 15, rules=T4_SUM)
    assert got.candidates == [(10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0)]
    assert not got.satisfied


def test_negative_only_where_a_change_may_be():
    specs = [ColumnSpec(), ColumnSpec(negative=True), ColumnSpec()]
    assert split_row([Group("2648-18538")], 3, specs).candidates == [
        (2648, -1, 8538), (2648, -18, 538), (2648, -185, 38), (2648, -1853, 8)]
    assert split_row([Group("2648-18538")], 3).candidates == []


def test_order_rule_for_cumulative_columns():
    got = split_row([Group("4251516")], 2, rules=RowRules(orders=((0, 1),))).candidates
    assert got == [(4, 251516), (42, 51516), (425, 1516)]


def test_parse_cell_states():
    assert parse_cell("") == "blank"
    assert parse_cell(" / ") == "na"
    assert parse_cell("—") == "na"
    assert parse_cell("1,234") == 1234
    assert parse_cell("251000元") == 251000
    assert parse_cell("-18") == -18
    assert parse_cell("2939239.689") == 2939239.689
    assert parse_cell("若干") == "unreadable"
