"""pytest set-up for nbval over the notebooks: run them on the small committed fixture.

The stored outputs of the cells tagged ``nbval-check-output`` were made from
tests/data/processed_small (``python -m regionkit.report refresh-notebooks``), so nbval must run
the notebooks on the same tables, whatever data/processed holds. A notebook's
``processed_dir = ""`` reads the folder named by REGIONKIT_PROCESSED; the kernels nbval starts
inherit this process's environment.
"""

import os
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "processed_small"

os.environ["REGIONKIT_PROCESSED"] = str(FIXTURE)
