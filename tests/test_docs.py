from pathlib import Path

from veille.model import EVENT_FIELDS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_event_column_is_in_the_data_dictionary():
    text = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    assert [f.name for f in EVENT_FIELDS if f"| `{f.name}` |" not in text] == []


def _readme_commands() -> list[list[str]]:
    import shlex

    text = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    commands, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
            continue
        if inside:
            for part in line.split("&&"):
                part = part.split("  #")[0].strip()
                if part.startswith("veille "):
                    commands.append(shlex.split(part)[1:])
    return commands


def test_every_command_and_option_in_the_readme_exists():
    import typer

    from veille.cli import app

    root = typer.main.get_command(app)
    commands = _readme_commands()
    assert len(commands) > 30
    problems = []
    for tokens in commands:
        command, rest = root, list(tokens)
        if rest[:1] == ["--db"]:  # the one option before the command
            rest = rest[2:]
        while hasattr(command, "commands") and rest and not rest[0].startswith("-"):
            name = rest.pop(0)
            if name not in command.commands:
                problems.append(f"veille {' '.join(tokens)}: no command {name!r}")
                break
            command = command.commands[name]
        else:
            if hasattr(command, "commands"):
                problems.append(f"veille {' '.join(tokens)}: {command.name} needs a subcommand")
                continue
            known = {opt for p in [*command.params, *root.params] for opt in getattr(p, "opts", [])}
            problems += [f"veille {' '.join(tokens)}: no option {t}" for t in rest
                         if t.startswith("--") and t.split("=")[0] not in known]
    assert problems == []
