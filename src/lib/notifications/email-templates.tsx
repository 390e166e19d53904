/**
 * Email bodies as React Email components, rendered to HTML and to plain text by @react-email/render
 * (no string concatenation of markup; every value is escaped by React).
 */
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { factLabel, isLinkFact, KIND_TITLES, type NotificationFacts, type NotificationKind } from "./kinds";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const page = { fontFamily: "system-ui, sans-serif", backgroundColor: "#f6f7f9", padding: "24px 0" };
const card = { backgroundColor: "#ffffff", borderRadius: 8, padding: 24, maxWidth: 560 };

function FactLines({ facts }: { facts: NotificationFacts }) {
  const entries = Object.entries(facts);
  return (
    <>
      {entries
        .filter(([key, value]) => !isLinkFact(key, value))
        .map(([key, value]) => (
          <Text key={key} style={{ margin: "4px 0" }}>
            <strong>{factLabel(key)}:</strong> {String(value)}
          </Text>
        ))}
      {entries
        .filter(([key, value]) => isLinkFact(key, value))
        .map(([key, value]) => (
          <Button
            key={key}
            href={String(value)}
            style={{ backgroundColor: "#111827", color: "#ffffff", padding: "10px 16px", borderRadius: 6 }}
          >
            {factLabel(key.replace(/Url$/, ""))}
          </Button>
        ))}
    </>
  );
}

function NotificationEmail({ shop, kind, facts }: { shop: string; kind: NotificationKind; facts: NotificationFacts }) {
  const title = KIND_TITLES[kind];
  return (
    <Html>
      <Head />
      <Preview>{`${title}: ${shop}`}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Heading as="h2">{title}</Heading>
          <Text>Shop: {shop}</Text>
          <FactLines facts={facts} />
        </Container>
      </Body>
    </Html>
  );
}

function DigestEmail({
  shop,
  kind,
  items,
}: {
  shop: string;
  kind: NotificationKind;
  items: { requestedAt: Date; facts: NotificationFacts }[];
}) {
  const title = `${KIND_TITLES[kind]} (${items.length} more this hour)`;
  return (
    <Html>
      <Head />
      <Preview>{`${title}: ${shop}`}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Heading as="h2">{title}</Heading>
          <Text>
            Shop: {shop}. To keep your inbox quiet, ShopSync sends one message of a kind per hour and folds the rest into this digest.
          </Text>
          {items.map((item, index) => (
            <Section key={index}>
              <Hr />
              <Text style={{ color: "#6b7280" }}>{item.requestedAt.toISOString()}</Text>
              <FactLines facts={item.facts} />
            </Section>
          ))}
        </Container>
      </Body>
    </Html>
  );
}

async function renderBoth(element: React.ReactElement, subject: string): Promise<RenderedEmail> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}

export function renderNotificationEmail(shop: string, kind: NotificationKind, facts: NotificationFacts): Promise<RenderedEmail> {
  return renderBoth(<NotificationEmail shop={shop} kind={kind} facts={facts} />, `[ShopSync] ${KIND_TITLES[kind]}: ${shop}`);
}

export function renderDigestEmail(
  shop: string,
  kind: NotificationKind,
  items: { requestedAt: Date; facts: NotificationFacts }[],
): Promise<RenderedEmail> {
  return renderBoth(
    <DigestEmail shop={shop} kind={kind} items={items} />,
    `[ShopSync] Digest: ${KIND_TITLES[kind]} (${items.length} more): ${shop}`,
  );
}
