"""`python -m workspace.cli`: the `accord` command (a spawned worker imports this module again, as `__mp_main__`:
it must not run the command a second time)."""

from . import main

if __name__ == "__main__":
    main()
