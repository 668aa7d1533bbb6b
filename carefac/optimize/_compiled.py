"""Compile (or load from numba's cache) every compiled kernel of the optimizer at once.

The first call in an installation compiles them (about 20 s in all on 2 cores); numba caches the
machine code next to the modules, so later processes only load it. Benchmarks call this before
their timers start, so they time the models, not a one-off compile.

A run with a time limit uses a kernel only when it is :func:`usable`: loaded already, in numba's
cache, or with :data:`COMPILE_ALLOWANCE_S` left to compile it; otherwise the numpy version of
the same computation (slower, but the time limit is a promise, also on an installation's first run).
A model :func:`prepare` s the kernels it will use at its start, against its whole time limit, so a
run whose limit leaves the time compiles them (once per installation) even where a stage of it
has a shorter deadline of its own.
"""

from __future__ import annotations

import importlib
import time

import numpy as np

__all__ = ["COMPILE_ALLOWANCE_S", "compile_kernels", "kernel_input", "prepare", "ready", "usable"]

COMPILE_ALLOWANCE_S = 20.0  # time left that lets a run compile a kernel numba has not cached (~2–10 s each)


def kernel_input(array, dtype) -> np.ndarray:
    """Return ``array`` as a C-ordered ``dtype`` array seen read-only: the one type its kernel is
    compiled for.

    numba compiles a read-only array as another type than a writable one (the models pass their
    cost matrices read-only, :func:`load` passed writable ones): a run then compiled a second
    version of a kernel inside its time limit (p_median at a 2 s limit returned after 4.5 s on an
    installation's first run). Every array a kernel only reads goes through here, so
    :func:`compile_kernels` compiles what the models run. No copy when ``array`` already has the
    type and order.
    """
    view = np.ascontiguousarray(array, dtype=dtype).view()
    view.flags.writeable = False
    return view


def _cached(kernel) -> bool:
    """Return whether numba's cache on disk holds machine code for ``kernel`` (its source unchanged)."""
    try:
        return bool(kernel._cache._cache_file._load_index())  # numba checks the source's stamp and its version
    except (AttributeError, OSError, EOFError, ValueError):
        return False


def ready(kernels) -> bool:
    """Return whether each numba function of ``kernels`` runs without compiling (compiled in this process, or cached)."""
    return all(kernel.signatures or _cached(kernel) for kernel in kernels)


def usable(module: str, deadline: float | None) -> bool:
    """Return whether the kernels of ``module`` (a kernel module of this package, by name, with its
    ``KERNELS``) may run before ``deadline`` (``time.perf_counter`` seconds).

    True without a deadline or with :data:`COMPILE_ALLOWANCE_S` left (time to compile them; the
    module, and numba, are then not even imported), else when they are :func:`ready`.
    """
    if deadline is None or deadline - time.perf_counter() >= COMPILE_ALLOWANCE_S:
        return True
    return ready(_module(module).KERNELS)


def _module(name: str):
    return importlib.import_module(f"{__package__}.{name}")


def prepare(module: str, deadline: float | None) -> bool:
    """Compile (or load) the kernels of ``module`` now if they are :func:`usable` before ``deadline``; return whether they are."""
    if not usable(module, deadline):
        return False
    _module(module).load()
    return True


KERNEL_MODULES = (
    "_assign_kernel", "_benders_kernel", "_cut_kernel", "_lagrange_kernel", "_setcover_kernel", "_swap_kernel",
)  # fmt: skip


def compile_kernels() -> float:
    """Run each kernel once on a tiny input with the types the models use; return the seconds taken."""
    began = time.perf_counter()
    for name in KERNEL_MODULES:
        _module(name).load()
    return time.perf_counter() - began
