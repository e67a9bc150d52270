"""Imported by the local engine's forkserver (``set_forkserver_preload``): loads the models once
there (:func:`textmine.analyze.warm_up`), so that every worker forked from it starts warm.

A failure here must not stop the forkserver (multiprocessing would not start any worker): it is
reported on stderr, and the workers then load the models themselves, as without this module,
and report any real error on the file they analyse.
"""

from __future__ import annotations

import gc
import sys
import traceback

try:
    from .analyze import warm_up

    warm_up()
except Exception:  # see the module docstring
    print("textmine: the workers' models could not be preloaded (each worker loads its own):\n"
          + traceback.format_exc(), file=sys.stderr)
# what is loaded now lives as long as the workers: out of the garbage collector's sight, it is
# neither traversed by every full collection in them nor copied page by page when it would be
gc.freeze()
