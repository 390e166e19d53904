/**
 * An accessible progress bar. With a value it is determinate (aria-valuenow); with null it is
 * indeterminate (no aria-valuenow, per ARIA), drawn as a pulsing track rather than a made-up width.
 */
const TONES = {
  brand: "bg-brand",
  green: "bg-emerald-600",
  red: "bg-red-600",
  slate: "bg-slate-400",
} as const;

export interface ProgressBarProps {
  value: number | null;
  /** Id of the element that names the bar. */
  labelledBy: string;
  /** What a screen reader says instead of a bare percentage, e.g. "12,400 of 20,000 orders". */
  valueText?: string;
  tone?: keyof typeof TONES;
  size?: "sm" | "lg";
}

export function ProgressBar({ value, labelledBy, valueText, tone = "brand", size = "sm" }: ProgressBarProps) {
  const height = size === "lg" ? "h-4" : "h-2.5";
  const clamped = value === null ? null : Math.min(100, Math.max(0, value));
  return (
    <div
      role="progressbar"
      aria-labelledby={labelledBy}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      aria-valuetext={valueText}
      className={`w-full overflow-hidden rounded-full bg-slate-200 ${height}`}
    >
      {clamped === null ? (
        <div className={`h-full w-full animate-pulse opacity-40 ${TONES[tone]}`} />
      ) : (
        <div className={`h-full rounded-full transition-[width] duration-500 ${TONES[tone]}`} style={{ width: `${clamped}%` }} />
      )}
    </div>
  );
}
