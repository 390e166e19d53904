/**
 * bulk_operations/finish. The ingress route turns it into shopify/bulk-operation.finished, which
 * wakes the sync step waiting for that export (the step then reads the operation itself, so the
 * webhook only saves the 30 s poll). Nothing is stored.
 */
import { z } from "zod";
import { defineTopic } from "./define-topic";

export const bulkOperationPayload = z.object({
  admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/BulkOperation\/\d+$/, "must be a BulkOperation GID"),
  status: z.string().min(1),
  error_code: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
  type: z.string().optional(),
});

export const bulkOperationsFinish = defineTopic({
  topic: "bulk_operations/finish",
  schema: bulkOperationPayload,
  runsWhenUninstalled: true,
  resourceId: (operation) => operation.admin_graphql_api_id,
  handle: async () => "announced to the waiting sync; nothing to store",
});
