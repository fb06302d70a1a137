"""The coach's keymap file: remaps by binding id, and a bad entry is reported, never fatal."""

from __future__ import annotations

from facilitator.core.keymap import load_keymap, parse_keymap

KNOWN = {"next-step", "toggle-timer", "decide"}


def test_entries_remap_known_bindings_by_id():
    loaded = parse_keymap('[keys]\nnext-step = "j, ctrl+n"\ntoggle-timer = "t"\n', KNOWN)
    assert loaded.keys == {"next-step": "j,ctrl+n", "toggle-timer": "t"}
    assert loaded.problems == ()


def test_an_unknown_id_or_a_bad_key_is_named_and_the_rest_still_applies(tmp_path):
    path = tmp_path / "keymap.toml"
    loaded = parse_keymap('[keys]\nnext = "j"\ndecide = "two words"\ntoggle-timer = 5\nnext-step = "j"\n',
                          KNOWN, path)
    assert loaded.keys == {"next-step": "j"}
    assert len(loaded.problems) == 3
    assert all(str(path) in p for p in loaded.problems)
    assert "'next' is not a key of facilitator" in loaded.problems[0]
    assert "decide = 'two words' is not a list of keys" in loaded.problems[1]


def test_broken_toml_keeps_the_usual_keys_and_says_where():
    loaded = parse_keymap('[keys\nnext-step = "j"', KNOWN)
    assert loaded.keys == {}
    assert "usual keys apply" in loaded.problems[0]


def test_no_file_is_no_problem_and_an_escape_in_a_value_is_shown_escaped(tmp_path):
    assert load_keymap(KNOWN, tmp_path / "absent.toml").problems == ()
    loaded = parse_keymap('[keys]\ndecide = "\\u001b[2J"\n', KNOWN)
    assert loaded.keys == {}
    assert "\x1b" not in loaded.problems[0] and "\\x1b" in loaded.problems[0]


def test_a_huge_file_is_not_read_whole(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text("# " + "x" * 200_000)
    assert "larger than 64 KiB" in load_keymap(KNOWN, path).problems[0]
