"""What a run did, for the log, the CLI and tests."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunSummary:
    run_id: str | None
    published: bool
    out_dir: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
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
        if not self.published:
            lines.append(f"no changes: nothing published; {self.out_dir} is as it was")
        else:
            lines.append(f"published to {self.out_dir} in {self.seconds:.2f} s:")
            for t, n in self.table_counts.items():
                lines.append(f"  {t:<16}{n:>8} rows")
        for sp, reason, detail in self.rejects[:20]:
            lines.append(f"  rejected {sp}: {reason} ({detail[:100]})")
        if len(self.rejects) > 20:
            lines.append(f"  ... and {len(self.rejects) - 20} more rejects (see rejects.parquet)")
        return "\n".join(lines)
