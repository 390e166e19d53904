/**
 * relay-outbox: every minute, sends the outbox messages the request-time relay could not (Inngest
 * unreachable, or the app stopped between the commit and the send). Event ids are the messages'
 * idempotency keys, so a message sent twice is run once.
 */
import { inngest } from "../client";
import { relayOutbox } from "../../src/lib/marketplaces/outbox";

export const relayOutboxFunction = inngest.createFunction(
  { id: "relay-outbox", name: "Relay the outbox to Inngest", triggers: [{ cron: "* * * * *" }], retries: 1 },
  async ({ step }) => step.run("relay", () => relayOutbox(500)),
);
