"""The one error type the CLI turns into a single line on stderr."""

EXIT_BAD_INPUT = 1


class MbgenError(Exception):
    """A problem with an input the user gave us: says which input and what is wrong."""

    def __init__(self, source: str, problem: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
        self.exit_code = exit_code
