/** Slack incoming-webhook payloads in Block Kit: a header, the facts as fields, links as buttons. */
import { factLabel, isLinkFact, KIND_TITLES, type NotificationFacts, type NotificationKind } from "./kinds";

interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
}

// Slack limits a section to 10 fields and a header to 150 characters.
const MAX_FIELDS = 10;

function factBlocks(facts: NotificationFacts): Record<string, unknown>[] {
  const entries = Object.entries(facts);
  const fields = entries
    .filter(([key, value]) => !isLinkFact(key, value))
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => ({ type: "mrkdwn", text: `*${factLabel(key)}*\n${String(value)}` }));
  const buttons = entries
    .filter(([key, value]) => isLinkFact(key, value))
    .map(([key, value]) => ({ type: "button", text: { type: "plain_text", text: factLabel(key.replace(/Url$/, "")) }, url: value }));
  return [...(fields.length ? [{ type: "section", fields }] : []), ...(buttons.length ? [{ type: "actions", elements: buttons }] : [])];
}

export function slackNotification(shop: string, kind: NotificationKind, facts: NotificationFacts): SlackPayload {
  const title = KIND_TITLES[kind];
  return {
    text: `${title}: ${shop}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Shop: *${shop}*` }] },
      ...factBlocks(facts),
    ],
  };
}

export function slackDigest(shop: string, kind: NotificationKind, items: { requestedAt: Date; facts: NotificationFacts }[]): SlackPayload {
  const title = `${KIND_TITLES[kind]} (${items.length} more this hour)`;
  return {
    text: `Digest: ${title}: ${shop}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Shop: *${shop}*` }] },
      ...items.flatMap((item) => [
        { type: "divider" },
        { type: "context", elements: [{ type: "mrkdwn", text: item.requestedAt.toISOString() }] },
        ...factBlocks(item.facts),
      ]),
    ],
  };
}
