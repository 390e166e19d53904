import { describe, expect, it } from "vitest";
import { nextCircuit, type Circuit } from "../../../src/lib/channels/circuit-breaker";

const config = { threshold: 3, cooldownMs: 60_000 };
const closed: Circuit = { state: "closed", consecutiveFailures: 0, openedAt: null, nextProbeAt: null };
const now = new Date("2026-11-30T00:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("circuit breaker rules", () => {
  it("stays closed below the threshold and opens at it, with a probe time one cooldown later", () => {
    let circuit = closed;
    for (let i = 1; i < 3; i++) {
      circuit = nextCircuit(circuit, { type: "failure" }, config, now).circuit;
      expect(circuit).toMatchObject({ state: "closed", consecutiveFailures: i });
    }
    const opened = nextCircuit(circuit, { type: "failure" }, config, now);
    expect(opened).toEqual({
      circuit: { state: "open", consecutiveFailures: 3, openedAt: now, nextProbeAt: later(60_000) },
      allowed: false,
    });
  });

  it("refuses pushes while open, lets one probe through after the cooldown, and closes on its success", () => {
    const open: Circuit = { state: "open", consecutiveFailures: 3, openedAt: now, nextProbeAt: later(60_000) };
    expect(nextCircuit(open, { type: "gate" }, config, later(59_999))).toEqual({ circuit: open, allowed: false });
    const probe = nextCircuit(open, { type: "gate" }, config, later(60_000));
    expect(probe).toEqual({ circuit: { ...open, state: "half_open" }, allowed: true });
    expect(nextCircuit(probe.circuit, { type: "success" }, config, later(61_000)).circuit).toEqual(closed);
  });

  it("reopens for another cooldown when the probe fails", () => {
    const halfOpen: Circuit = { state: "half_open", consecutiveFailures: 3, openedAt: now, nextProbeAt: later(60_000) };
    expect(nextCircuit(halfOpen, { type: "failure" }, config, later(61_000)).circuit).toEqual({
      state: "open",
      consecutiveFailures: 4,
      openedAt: later(61_000),
      nextProbeAt: later(121_000),
    });
  });

  it("a success resets the count of consecutive failures", () => {
    const twice: Circuit = { ...closed, consecutiveFailures: 2 };
    expect(nextCircuit(twice, { type: "success" }, config, now).circuit.consecutiveFailures).toBe(0);
  });
});
