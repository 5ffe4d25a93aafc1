const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses `90`, `90s`, `15m`, `12h` or `7d` into whole seconds; null when it is none of those. */
export function parseDurationSeconds(value: string): number | null {
  const match = /^(\d{1,9})\s*([smhd]?)$/.exec(value.trim());
  if (!match) return null;
  const unit = (match[2] || "s") as keyof typeof UNIT_SECONDS;
  return Number(match[1]) * UNIT_SECONDS[unit];
}
