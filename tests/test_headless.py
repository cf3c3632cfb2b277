"""A headless runner (nbclient, what nbconvert --execute and papermill use) runs a notebook on the kernel
and the saved outputs are the ones a reader expects."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

pytestmark = pytest.mark.one_jdk("nbclient is one more client of the same protocol that jupyter_client drives on every JDK in the other suites")


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_nbclient_runs_a_notebook(kernel_name: str) -> None:
    nb = _notebook(
        'System.out.println("hello from a cell");',
        "int answer = 6 * 7;",
        "answer",
        'display("<i>html</i>", "text/html");',
        'System.err.println("to stderr");',
    )
    NotebookClient(nb, kernel_name=kernel_name, timeout=120, startup_timeout=120).execute()
    out = [c.outputs for c in nb.cells]
    assert [c.execution_count for c in nb.cells] == [1, 2, 3, 4, 5]
    assert out[0] == [nbformat.v4.new_output("stream", name="stdout", text="hello from a cell\n")]
    assert out[1] == []
    assert len(out[2]) == 1 and out[2][0].output_type == "execute_result"
    assert out[2][0].data["text/plain"] == "42"
    assert len(out[3]) == 1 and out[3][0].output_type == "display_data" and "text/html" in out[3][0].data
    assert [(o.output_type, o.name, o.text) for o in out[4]] == [("stream", "stderr", "to stderr\n")]
    nbformat.validate(nb)


def test_nbclient_stops_at_an_error_with_its_message(kernel_name: str) -> None:
    nb = _notebook('throw new IllegalStateException("stop here");', 'System.out.println("not reached");')
    with pytest.raises(CellExecutionError) as info:
        NotebookClient(nb, kernel_name=kernel_name, timeout=120, startup_timeout=120).execute()
    assert "stop here" in str(info.value)
    assert [o.output_type for o in nb.cells[0].outputs] == ["error"]
    assert nb.cells[1].outputs == []
