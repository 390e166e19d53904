/**
 * Asks for a sync: records the run (or finds the active one) and sends shop/sync.requested. The
 * event id is derived from the run id, so a retried request never starts the run twice (Inngest
 * deduplicates event ids for 24 hours), and the function's singleton keeps one run per shop.
 */
import { inngest } from "../../../inngest/client";
import { shopSyncRequested, SYNC_RESOURCES } from "../../../inngest/events";
import { createSyncRun, type CreateSyncRunOptions, type SyncResourceName } from "./sync-runs";

export interface RequestSyncOptions extends Omit<CreateSyncRunOptions, "resources"> {
  shopDomain: string;
  resources?: SyncResourceName[];
}

export async function requestSync(options: RequestSyncOptions): Promise<{ runId: string; created: boolean }> {
  const resources = options.resources?.length ? options.resources : [...SYNC_RESOURCES];
  const { runId, created } = await createSyncRun({ ...options, resources });
  if (created) {
    await inngest.send(
      shopSyncRequested.create(
        {
          shopId: options.shopId,
          shopDomain: options.shopDomain,
          syncRunId: runId,
          kind: options.kind,
          trigger: options.trigger,
          resources,
          dryRun: options.dryRun ?? false,
          force: options.force ?? false,
        },
        { id: `sync-run-${runId}` },
      ),
    );
  }
  return { runId, created };
}
