/**
 * The transactional outbox: a change and the message asking for its work are written in one
 * transaction (`enqueueOutbox` takes the transaction's client); the relay sends unsent messages to
 * Inngest with the message's idempotency key as the event id, then marks them sent. A send that fails
 * stays unsent and is retried by the next relay (right after the request, and every minute by
 * relay-outbox); a message sent but not marked (a crash in between) is sent again with the same id,
 * which Inngest drops as a duplicate, so one change is published once.
 */
import { type Prisma } from "../../generated/prisma/client";
import { inngest } from "../../../inngest/client";
import { db } from "../db";
import { log } from "../log";

type Tx = Prisma.TransactionClient;

export interface OutboxInput {
  shopId: string;
  name: string;
  data: Record<string, unknown>;
  idempotencyKey: string;
}

export async function enqueueOutbox(tx: Tx, input: OutboxInput & { id: string }): Promise<void> {
  await tx.outboxMessage.create({
    data: {
      id: input.id,
      shopId: input.shopId,
      name: input.name,
      data: input.data as Prisma.InputJsonValue,
      idempotencyKey: input.idempotencyKey,
    },
    select: { id: true },
  });
}

/** Sends up to `limit` unsent messages, oldest first; rows are locked so two relays never send one message at once. */
export async function relayOutbox(limit = 100): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await db().$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; name: string; data: Record<string, unknown>; idempotencyKey: string }[]>`
        SELECT id, name, data, "idempotencyKey" FROM "OutboxMessage"
        WHERE "sentAt" IS NULL ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      for (const row of rows) {
        try {
          await inngest.send({ id: row.idempotencyKey, name: row.name, data: row.data });
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
          });
          sent += 1;
        } catch (error) {
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: { attempts: { increment: 1 }, lastError: error instanceof Error ? error.message : String(error) },
          });
          failed += 1;
        }
      }
    },
    { timeout: 60_000 },
  );
  return { sent, failed };
}

/** After a commit: try to send now; a failure leaves the message for relay-outbox. */
export async function relayOutboxSoon(): Promise<void> {
  try {
    await relayOutbox();
  } catch (error) {
    log.warn(
      { error: error instanceof Error ? error.message : String(error) },
      "outbox relay after commit failed; relay-outbox will send it",
    );
  }
}
