"use client";

/** Webhook latency (p95, last 24 h) and sync failure rate (last 7 days) across shops, for the operator console (recharts). */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

export interface ShopChartPoint {
  shop: string;
  webhookP95Seconds: number;
  failureRatePercent: number;
}

export function AdminShopsChart({ points }: { points: ShopChartPoint[] }) {
  if (points.length === 0) return null;
  return (
    <figure
      data-testid="admin-shops-chart"
      data-points={points.length}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3"
    >
      <BarChart width={Math.max(480, points.length * 90)} height={260} data={points} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="shop" fontSize={11} tickFormatter={(shop: string) => shop.replace(".myshopify.com", "")} />
        <YAxis yAxisId="latency" fontSize={11} label={{ value: "p95 s", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <YAxis
          yAxisId="rate"
          orientation="right"
          domain={[0, 100]}
          fontSize={11}
          label={{ value: "% failed", angle: 90, position: "insideRight", fontSize: 11 }}
        />
        <Tooltip />
        <Legend />
        <Bar yAxisId="latency" dataKey="webhookP95Seconds" name="Webhook latency p95 (s, 24 h)" fill="#0f766e" isAnimationActive={false} />
        <Bar yAxisId="rate" dataKey="failureRatePercent" name="Sync failure rate (%, 7 days)" fill="#dc2626" isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
