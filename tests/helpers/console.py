"""A command run on a console (a pseudo-terminal), as a person at the keyboard runs it: what it asks is answered by
typing, and the screen is read back."""

import os
import select
import time
from collections.abc import Mapping, Sequence


def typed_at_the_prompt(argv: Sequence[str], env: Mapping[str, str], prompt: bytes, keys: bytes) -> tuple[int, str]:
    """Run ``argv`` on a pseudo-terminal with ``env``; type ``keys`` once ``prompt`` is on the screen. The exit status
    and everything the screen showed."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: become the command, and never go on as the test
        try:
            os.execve(argv[0], list(argv), dict(env))
        finally:
            os._exit(127)
    screen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if prompt in screen and keys:
            os.write(fd, keys)
            keys = b""
        if not select.select([fd], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child is gone
            break
        if not chunk:
            break
        screen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace")
