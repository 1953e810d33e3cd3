"""What a run did, for the log, the CLI and tests."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunSummary:
    run_id: str | None  # the published version (the one left in place when nothing changed)
    published: bool
    out_dir: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    reprocessed: list[str] = field(default_factory=list)  # unchanged bytes, extracted again
    reason: str | None = None  # why unchanged pages were extracted again, if they all were
    hashed: int = 0  # pages whose bytes were hashed (the others reused a trusted stat hint)
    rejects: list[tuple[str, str, str]] = field(default_factory=list)  # (source_path, reason, detail) of this run
    table_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def render(self) -> str:
        head = (
            f"trial-extract run {self.run_id or '-'}: "
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged, {len(self.rejects)} rejected in this run"
        )
        lines = [head]
        if self.reason:
            lines.append(self.reason)
        elif self.reprocessed:
            lines.append(f"{len(self.reprocessed)} unchanged pages extracted again "
                         f"(their duplicate went away, or the size limit was raised)")
        if not self.published:
            lines.append(f"no changes: nothing written; {self.out_dir} still holds run {self.run_id or '-'}")
        else:
            lines.append(f"published to {self.out_dir} in {self.seconds:.2f} s:")
            for t, n in self.table_counts.items():
                lines.append(f"  {t:<16}{n:>8} rows")
        for kind, paths in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            for sp in paths[:10]:
                lines.append(f"  {kind} {sp}")
            if len(paths) > 10:
                lines.append(f"  ... and {len(paths) - 10} more {kind}")
        for sp, reason, detail in self.rejects[:20]:
            lines.append(f"  rejected {sp}: {reason} ({detail[:100]})")
        if len(self.rejects) > 20:
            lines.append(f"  ... and {len(self.rejects) - 20} more rejects (see rejects.parquet)")
        return "\n".join(lines)
