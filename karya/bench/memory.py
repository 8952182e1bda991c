"""Peak resident memory, per process and per figure (Linux: /proc/self; elsewhere the
process's lifetime peak from `getrusage`). No Django import: the SDP import's own process
uses it before Django is set up."""

from __future__ import annotations

import resource


def own_peak_mb() -> float:
    """The peak resident memory of this process's own address space since it started or since
    `reset_peak` (Linux: VmHWM). Not `ru_maxrss` alone: Linux carries that over `exec` from the
    process that started us, so a child would report its parent's peak when that was higher."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reset_peak() -> None:
    """Start the peak afresh from the memory held now (Linux: `clear_refs` 5), so the peak of
    each figure is its own, not the largest of every measurement before it."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
