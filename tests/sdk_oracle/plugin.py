"""pytest plugin of the SDK oracles: the `oracle` marker, so their tests can be deselected with
`-m "not oracle"`, and their counts in the terminal summary of every run (CI's log shows them
without `-s`): tests hand their summary text to `sdk_oracle.report.show()`.

tests/test_sdk_oracle.py and tests/test_js_sdk_oracle.py load it with `pytest_plugins`. The
marker is registered here and put on those files' tests after collection (before `-m`
deselects), rather than written as `pytestmark = pytest.mark.oracle`: the module is imported before this plugin is registered, so
the mark would be unknown then, and the suite turns that warning into an error. (Registering
`oracle` under `markers` in pyproject.toml would allow the plain `pytestmark` form.)
"""

from __future__ import annotations

import pytest

from sdk_oracle.report import SHOWN

MARKER = "oracle"
TEST_FILES = ("test_sdk_oracle.py", "test_js_sdk_oracle.py")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}: lints requests made by the official Python and JS SDKs (slow; needs the SDKs, .ci/run installs them)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in TEST_FILES:
            item.add_marker(MARKER)



def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SHOWN:
        terminalreporter.section("SDK oracles")
        for text in SHOWN:
            terminalreporter.write_line(text)
