/**
 * Amazon's bulk path: one JSON_LISTINGS_FEED (up to 25,000 messages) instead of one
 * patchListingsItem per SKU. Submitting (createFeedDocument, upload to the presigned URL,
 * createFeed) and reading the outcome (getFeed until DONE, then the processing report) are separate
 * calls, so a durable caller can sleep between them; the report's per-message issues are mapped
 * back to SKUs. createFeed is limited to about one call per two minutes per account.
 */
import { z } from "zod";
import type { PushResult, QuantityUpdate } from "../channel";

export const MAX_FEED_MESSAGES = 25_000;

export function buildListingsFeed(sellerId: string, updates: QuantityUpdate[]): string {
  if (updates.length > MAX_FEED_MESSAGES) throw new Error(`a listings feed holds at most ${MAX_FEED_MESSAGES} messages`);
  return JSON.stringify({
    header: { sellerId, version: "2.0", issueLocale: "en_US" },
    messages: updates.map((update, index) => ({
      messageId: index + 1,
      sku: update.sku,
      operationType: "PATCH",
      productType: update.productType ?? "PRODUCT",
      patches: [
        {
          op: "merge",
          path: "/attributes/fulfillment_availability",
          value: [{ fulfillment_channel_code: "DEFAULT", quantity: update.quantity }],
        },
      ],
    })),
  });
}

export const feedSchema = z.object({
  feedId: z.string(),
  processingStatus: z.enum(["CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE"]),
  resultFeedDocumentId: z.string().optional(),
});

export const processingReportSchema = z.object({
  issues: z.array(
    z.object({
      messageId: z.number().int().optional(),
      sku: z.string().optional(),
      code: z.string().optional(),
      severity: z.string(),
      message: z.string(),
    }),
  ),
  summary: z.object({ messagesProcessed: z.number().int(), messagesAccepted: z.number().int(), messagesInvalid: z.number().int() }),
});

/** Per-SKU results of a feed from its processing report: a message with an ERROR issue is rejected with its messages, the rest accepted. */
export function feedResults(updates: QuantityUpdate[], report: z.infer<typeof processingReportSchema>): PushResult[] {
  const errors = new Map<number, string[]>();
  for (const issue of report.issues) {
    if (issue.severity !== "ERROR" || issue.messageId === undefined) continue;
    errors.set(issue.messageId, [...(errors.get(issue.messageId) ?? []), issue.code ? `${issue.code}: ${issue.message}` : issue.message]);
  }
  return updates.map((update, index) => {
    const messages = errors.get(index + 1);
    return messages ? { sku: update.sku, outcome: "rejected", message: messages.join("; ") } : { sku: update.sku, outcome: "accepted" };
  });
}
