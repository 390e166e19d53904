/**
 * A circuit breaker per channel, kept in the database (ChannelConnection's circuit columns) so it
 * survives restarts and every process sees the same state. closed: pushes flow. After `threshold`
 * consecutive failed push attempts it opens: pushes are skipped until `nextProbeAt`. Then one push
 * is a half-open probe: success closes the circuit, failure reopens it for another cooldown.
 */
import { db } from "../db";
import { requestNotification } from "../notifications/request-notification";

export type CircuitState = "closed" | "open" | "half_open";

export interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: Date | null;
  nextProbeAt: Date | null;
}

export interface CircuitConfig {
  threshold: number;
  cooldownMs: number;
}

export type CircuitEvent = { type: "gate" } | { type: "success" } | { type: "failure" };

/** The breaker's rules (pure): the circuit after an event, and whether a push may go out now. */
export function nextCircuit(
  circuit: Circuit,
  event: CircuitEvent,
  config: CircuitConfig,
  now: Date,
): { circuit: Circuit; allowed: boolean } {
  switch (event.type) {
    case "gate":
      if (circuit.state === "open") {
        if (circuit.nextProbeAt && circuit.nextProbeAt <= now) return { circuit: { ...circuit, state: "half_open" }, allowed: true };
        return { circuit, allowed: false };
      }
      return { circuit, allowed: true };
    case "success":
      return { circuit: { state: "closed", consecutiveFailures: 0, openedAt: null, nextProbeAt: null }, allowed: true };
    case "failure": {
      const failures = circuit.consecutiveFailures + 1;
      if (circuit.state === "half_open" || failures >= config.threshold)
        return {
          circuit: {
            state: "open",
            consecutiveFailures: failures,
            openedAt: now,
            nextProbeAt: new Date(now.getTime() + config.cooldownMs),
          },
          allowed: false,
        };
      return { circuit: { ...circuit, consecutiveFailures: failures }, allowed: true };
    }
  }
}

/** Applies an event to the channel's stored circuit under a row lock; returns the new circuit and the gate's answer. */
export async function applyCircuitEvent(
  channelId: string,
  event: CircuitEvent,
  config: CircuitConfig,
  extra: { lastPushError?: string | null; lastPushAt?: Date } = {},
): Promise<{ circuit: Circuit; allowed: boolean }> {
  const { result, before, channel } = await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      {
        circuitState: CircuitState;
        consecutiveFailures: number;
        circuitOpenedAt: Date | null;
        nextProbeAt: Date | null;
        shopId: string;
        name: string;
      }[]
    >`SELECT "circuitState", "consecutiveFailures", "circuitOpenedAt", "nextProbeAt", "shopId", name FROM "ChannelConnection" WHERE id = ${channelId} FOR UPDATE`;
    if (!row) throw new Error(`channel ${channelId} does not exist`);
    const current: Circuit = {
      state: row.circuitState,
      consecutiveFailures: row.consecutiveFailures,
      openedAt: row.circuitOpenedAt,
      nextProbeAt: row.nextProbeAt,
    };
    const result = nextCircuit(current, event, config, new Date());
    await tx.channelConnection.update({
      where: { id: channelId },
      data: {
        circuitState: result.circuit.state,
        consecutiveFailures: result.circuit.consecutiveFailures,
        circuitOpenedAt: result.circuit.openedAt,
        nextProbeAt: result.circuit.nextProbeAt,
        ...(extra.lastPushError !== undefined ? { lastPushError: extra.lastPushError } : {}),
        ...(extra.lastPushAt ? { lastPushAt: extra.lastPushAt } : {}),
      },
      select: { id: true },
    });
    return { result, before: current.state, channel: { shopId: row.shopId, name: row.name } };
  });
  await notifyIfCircuitChanged(channelId, channel, before, result.circuit, extra.lastPushError ?? null);
  return result;
}

/**
 * The notification hook: the shop is told when a channel's circuit opens (pushes stop until the
 * probe) and when it closes again. Half-open, and a failed probe reopening it, are not news. The event id names the change
 * (the opening's time), so a retried push does not tell twice.
 */
async function notifyIfCircuitChanged(
  channelId: string,
  channel: { shopId: string; name: string },
  before: CircuitState,
  after: Circuit,
  lastError: string | null,
): Promise<void> {
  // A failed probe (half-open to open) is the same outage going on, not news.
  const opened = after.state === "open" && before === "closed";
  const closed = after.state === "closed" && before !== "closed";
  if (!opened && !closed) return;
  const at = opened ? after.openedAt!.toISOString() : new Date().toISOString();
  await requestNotification({
    shopId: channel.shopId,
    kind: "channel_circuit_changed",
    id: `channel-circuit:${channelId}:${opened ? "opened" : "closed"}:${at}`,
    facts: {
      channel: channel.name,
      state: opened ? "opened: pushes paused until a probe succeeds" : "closed: pushes flow again",
      ...(opened && lastError ? { lastError } : {}),
    },
  });
}
