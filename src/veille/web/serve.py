"""``veille serve``: the dashboard and API under uvicorn, on one process."""

from __future__ import annotations

import socket

from rich.console import Console

from veille.errors import InvalidValue


def check_port(host: str, port: int) -> None:
    """Refuse a port already taken, with a message instead of uvicorn's traceback."""
    if not 0 < port < 65536:
        raise InvalidValue(f"--port must be 1-65535, got {port}")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InvalidValue(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, console: Console | None = None,
          config=None, banner: list[str] | None = None) -> None:
    import uvicorn

    from veille.web import create_app

    check_port(host, port)
    app = create_app(db, config)
    console = console or Console()
    shown = f"[{host}]" if ":" in host else host
    console.print(f"[bold]veille dashboard[/bold] at http://{shown}:{port}/  ·  API docs at "
                  f"http://{shown}:{port}/docs  ·  database {db}", highlight=False)
    for line in banner or ():
        console.print(line, highlight=False)
    console.print("Stop with Ctrl-C.")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
