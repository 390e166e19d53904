/**
 * Asks for a sync: records the run (or finds the live one) and sends shop/sync.requested. The
 * event id is derived from the run id, so a retried request never starts the run twice (Inngest
 * deduplicates event ids for 24 hours), and the function's singleton keeps one run per shop.
 *
 * The run row carries its event until Inngest has it (an outbox, see createSyncRun): when the
 * send fails the request fails, and the next request for the shop (a retried install, a click,
 * the cron) sends the same event again instead of waiting behind a run that never started.
 */
import { inngest } from "../../../inngest/client";
import { shopSyncRequested } from "../../../inngest/events";
import { withTimeout } from "../http/with-timeout";
import { SYNC_STAGES, type SyncStageName } from "./resources";
import { createSyncRun, findLiveSyncRun, markSyncRunEventSent, type CreateSyncRunOptions, type SyncRunEventData } from "./sync-runs";

/** A request waits this long for Inngest to take the event, then fails (and the outbox keeps it). */
const EVENT_SEND_TIMEOUT_MS = 10_000;

export interface RequestSyncOptions extends Omit<CreateSyncRunOptions, "resources"> {
  shopDomain: string;
  resources?: SyncStageName[];
}

export const syncRunEventId = (runId: string) => `sync-run-${runId}`;

/** Sends a run's event (again: the id dedupes) and clears its outbox entry. */
export async function sendSyncRunEvent(data: SyncRunEventData): Promise<void> {
  await withTimeout(
    inngest.send(shopSyncRequested.create(data, { id: syncRunEventId(data.syncRunId) })),
    EVENT_SEND_TIMEOUT_MS,
    "sending shop/sync.requested",
  );
  await markSyncRunEventSent(data.syncRunId);
}

/**
 * Joins the shop's live sync run without ever starting one (sending its event again if it never
 * reached Inngest); null when no run is live.
 */
export async function joinLiveSync(shopId: string): Promise<{ runId: string; created: false } | null> {
  const live = await findLiveSyncRun(shopId);
  if (!live) return null;
  if (live.pendingEvent) await sendSyncRunEvent(live.pendingEvent);
  return { runId: live.runId, created: false };
}

export async function requestSync(options: RequestSyncOptions): Promise<{ runId: string; created: boolean }> {
  const resources = options.resources?.length ? options.resources : [...SYNC_STAGES];
  const { runId, created, pendingEvent } = await createSyncRun({ ...options, resources });
  if (pendingEvent) await sendSyncRunEvent(pendingEvent);
  return { runId, created };
}
