"""``python -m icv`` is the ``icv`` command (used to start the scheduler as a child process)."""

from icv.cli import main

main()
