/**
 * Feeds API 2021-06-30 with JSON_LISTINGS_FEED: a feed document is created (presigned upload URL,
 * 5 minutes), uploaded without SP-API auth, submitted as a feed that goes IN_QUEUE -> IN_PROGRESS
 * -> DONE (or FATAL when the document is unreadable), and leaves a processing report document
 * with per-message issues. Accepted messages are applied like patchListingsItem submissions.
 */
import { randomUUID } from "node:crypto";
import type { AmazonAccount, Issue, PatchOperation } from "./account.ts";

export type ProcessingStatus = "CANCELLED" | "DONE" | "FATAL" | "IN_PROGRESS" | "IN_QUEUE";

interface FeedDocument {
  id: string;
  contentType: string;
  content: string | null;
  expiresAt: number;
}

interface Feed {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  createdTime: string;
  processingStatus: ProcessingStatus;
  processingStartTime?: string;
  processingEndTime?: string;
  resultFeedDocumentId?: string;
}

export interface FeedTiming {
  queueMs: number;
  processMs: number;
}

const UPLOAD_URL_LIFETIME_MS = 5 * 60_000;

export class FeedService {
  private readonly documents = new Map<string, FeedDocument>();
  private readonly feeds = new Map<string, Feed>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextFeedId = 50_001;

  constructor(
    private readonly account: AmazonAccount,
    private readonly sellerId: string,
    private readonly timing: FeedTiming,
    private readonly publicUrl: () => string,
    private readonly invalidSkus: () => readonly string[],
  ) {}

  createDocument(contentType: string): { feedDocumentId: string; url: string } {
    const id = `amzn1.tortuga.4.na.${randomUUID()}`;
    this.documents.set(id, { id, contentType, content: null, expiresAt: Date.now() + UPLOAD_URL_LIFETIME_MS });
    return { feedDocumentId: id, url: this.documentUrl(id) };
  }

  private documentUrl(id: string): string {
    return `${this.publicUrl()}/__documents/${encodeURIComponent(id)}?X-Amz-Expires=300`;
  }

  /** The presigned URL: PUT uploads (until it expires), GET downloads. */
  upload(id: string, content: string): "ok" | "missing" | "expired" {
    const document = this.documents.get(id);
    if (!document) return "missing";
    if (document.expiresAt < Date.now()) return "expired";
    document.content = content;
    return "ok";
  }

  download(id: string): string | undefined {
    return this.documents.get(id)?.content ?? undefined;
  }

  getDocument(id: string): { feedDocumentId: string; url: string } | undefined {
    return this.documents.has(id) ? { feedDocumentId: id, url: this.documentUrl(id) } : undefined;
  }

  createFeed(input: { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string }): string | undefined {
    if (!this.documents.has(input.inputFeedDocumentId)) return undefined;
    const feedId = String(this.nextFeedId++);
    this.feeds.set(feedId, { feedId, ...input, createdTime: new Date().toISOString(), processingStatus: "IN_QUEUE" });
    this.later(this.timing.queueMs, () => {
      const feed = this.feeds.get(feedId)!;
      feed.processingStatus = "IN_PROGRESS";
      feed.processingStartTime = new Date().toISOString();
      this.later(this.timing.processMs, () => this.finish(feed));
    });
    return feedId;
  }

  getFeed(feedId: string): Feed | undefined {
    return this.feeds.get(feedId);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private finish(feed: Feed): void {
    feed.processingEndTime = new Date().toISOString();
    const content = this.documents.get(feed.inputFeedDocumentId)?.content;
    if (feed.feedType !== "JSON_LISTINGS_FEED" || !content) {
      feed.processingStatus = "FATAL";
      return;
    }
    let parsed: { header?: { sellerId?: unknown; version?: unknown }; messages?: unknown };
    try {
      parsed = JSON.parse(content) as typeof parsed;
    } catch {
      feed.processingStatus = "FATAL";
      return;
    }
    const report = this.process(feed, parsed);
    const resultId = `amzn1.tortuga.4.na.${randomUUID()}`;
    this.documents.set(resultId, { id: resultId, contentType: "application/json", content: JSON.stringify(report), expiresAt: Infinity });
    feed.resultFeedDocumentId = resultId;
    feed.processingStatus = "DONE";
  }

  private process(feed: Feed, document: { header?: { sellerId?: unknown; version?: unknown }; messages?: unknown }) {
    const issues: (Issue & { messageId?: number; sku?: string })[] = [];
    let accepted = 0;
    let invalid = 0;
    const messages = Array.isArray(document.messages) ? (document.messages as Record<string, unknown>[]) : [];
    if (
      document.header?.sellerId !== this.sellerId ||
      document.header?.version !== "2.0" ||
      messages.length === 0 ||
      messages.length > 25_000
    ) {
      issues.push({
        code: "100001",
        severity: "ERROR",
        message: "The feed header or message list does not match the JSON_LISTINGS_FEED schema (v2).",
      });
    } else {
      for (const message of messages) {
        const messageId = typeof message.messageId === "number" ? message.messageId : undefined;
        const sku = typeof message.sku === "string" ? message.sku : undefined;
        const patches = patchesOf(message);
        if (!messageId || !sku || typeof message.productType !== "string" || !patches) {
          invalid += 1;
          issues.push({
            messageId,
            sku,
            code: "100002",
            severity: "ERROR",
            message: "The message does not match the JSON_LISTINGS_FEED message schema.",
          });
          continue;
        }
        const found = this.account.validatePatches(sku, patches, this.invalidSkus());
        if (found.some((issue) => issue.severity === "ERROR")) {
          invalid += 1;
          for (const issue of found) issues.push({ messageId, sku, ...issue });
          continue;
        }
        accepted += 1;
        this.account.schedulePatches(sku, patches);
      }
    }
    return {
      header: { sellerId: this.sellerId, version: "2.0", feedId: feed.feedId },
      issues,
      summary: {
        errors: issues.filter((issue) => issue.severity === "ERROR").length,
        warnings: issues.filter((issue) => issue.severity === "WARNING").length,
        messagesProcessed: accepted + invalid,
        messagesAccepted: accepted,
        messagesInvalid: invalid,
      },
    };
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** PATCH messages carry patches; PARTIAL_UPDATE / UPDATE carry attributes (replaced per attribute). */
function patchesOf(message: Record<string, unknown>): PatchOperation[] | undefined {
  if (message.operationType === "PATCH" && Array.isArray(message.patches)) return message.patches as PatchOperation[];
  if (
    (message.operationType === "PARTIAL_UPDATE" || message.operationType === "UPDATE") &&
    message.attributes &&
    typeof message.attributes === "object"
  )
    return Object.entries(message.attributes as Record<string, unknown[]>).map(([name, value]) => ({
      op: "replace",
      path: `/attributes/${name}`,
      value,
    }));
  return undefined;
}
