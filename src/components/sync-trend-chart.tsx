"use client";

/** Sync duration and records per second over the last 30 days (recharts), one point per completed sync. */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { SyncTrendPoint } from "@/lib/dashboard/sync-trend";

const day = (iso: string) => iso.slice(5, 16).replace("T", " ");

export function SyncTrendChart({ points }: { points: SyncTrendPoint[] }) {
  if (points.length === 0) return <p className="text-slate-600">No completed syncs in the last 30 days.</p>;
  return (
    <figure
      data-testid="sync-trend-chart"
      data-points={points.length}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3"
    >
      <LineChart width={720} height={260} data={points} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="at" tickFormatter={day} fontSize={11} />
        <YAxis yAxisId="duration" fontSize={11} label={{ value: "seconds", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <YAxis
          yAxisId="rate"
          orientation="right"
          fontSize={11}
          label={{ value: "records/s", angle: 90, position: "insideRight", fontSize: 11 }}
        />
        <Tooltip labelFormatter={(label) => day(String(label))} />
        <Legend />
        <Line yAxisId="duration" type="monotone" dataKey="durationSeconds" name="Duration (s)" stroke="#0f766e" isAnimationActive={false} />
        <Line yAxisId="rate" type="monotone" dataKey="recordsPerSecond" name="Records/s" stroke="#7c3aed" isAnimationActive={false} />
      </LineChart>
      <figcaption className="mt-1 text-xs text-slate-500">
        Each point is a completed sync: how long it took and how many records per second it wrote.
      </figcaption>
    </figure>
  );
}
