"""Fixtures for the end-to-end tests: every test that takes ``kernel_name`` or ``kernel`` runs once per
JDK under test (see harness.py: the installed ``java-futures`` kernelspec, plus one temporary
kernelspec per JVM in ``JAVA_FUTURES_TEST_JAVAS``).

A test marked ``@pytest.mark.one_jdk("why")`` runs on the installed kernel only: for what the JDK cannot
change (the wire protocol, a front end's handling, a magic's argument parsing). What touches JShell or the
JVM (evaluation, interrupts, exit, workers, class shipping) stays on every JDK."""
from __future__ import annotations

import pytest

from harness import BASE_KERNEL, KERNEL_NAMES, KERNELS_PROBLEM, Kernel, kernel_id


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "one_jdk(reason): JDK-independent test, run on the installed "
                                       f"{BASE_KERNEL!r} kernel only; the reason says why the JDK cannot matter")
    if KERNELS_PROBLEM:
        raise pytest.UsageError(KERNELS_PROBLEM)


def pytest_report_header(config: pytest.Config) -> str:
    return "java-futures kernels under test: " + ", ".join(KERNEL_NAMES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselects the other JDKs' copies of tests marked one_jdk (a marker without a reason is an error)."""
    keep, other_jdks = [], []
    for item in items:
        mark = item.get_closest_marker("one_jdk")
        if mark is not None and not (mark.args and str(mark.args[0]).strip()):
            raise pytest.UsageError(f"{item.nodeid}: one_jdk needs a reason")
        callspec = getattr(item, "callspec", None)
        name = callspec.params.get("kernel_name", BASE_KERNEL) if callspec else BASE_KERNEL
        (other_jdks if mark is not None and name != BASE_KERNEL else keep).append(item)
    if other_jdks:
        config.hook.pytest_deselected(items=other_jdks)
        items[:] = keep


@pytest.fixture(scope="module", params=KERNEL_NAMES, ids=[kernel_id(n) for n in KERNEL_NAMES])
def kernel_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def shared_kernel(kernel_name: str):
    k = Kernel(kernel_name)
    yield k
    k.close()


@pytest.fixture
def kernel(shared_kernel: Kernel) -> Kernel:
    """The module's kernel for this JDK, checked responsive first: if an earlier test left it dead or
    wedged (that test has failed already), it is restarted so that this test is judged on its own."""
    try:
        if not shared_kernel.alive():
            raise RuntimeError("kernel died")
        reply, _ = shared_kernel.run("1 + 1", timeout=20)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("1 + 1 failed")
    except Exception:
        shared_kernel.restart()
    return shared_kernel


@pytest.fixture
def fresh_kernel(kernel_name: str):
    """A kernel of its own, for tests that end or restart it."""
    k = Kernel(kernel_name)
    yield k
    try:
        k.close()
    except Exception:
        pass
