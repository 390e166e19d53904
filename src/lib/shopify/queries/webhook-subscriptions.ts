export const LIST_WEBHOOK_SUBSCRIPTIONS = `#graphql
  query ListWebhookSubscriptions($after: String) {
    webhookSubscriptions(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id topic uri }
    }
  }
` as const;

export const CREATE_WEBHOOK_SUBSCRIPTION = `#graphql
  mutation CreateWebhookSubscription($topic: WebhookSubscriptionTopic!, $uri: String!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
      webhookSubscription { id topic uri }
      userErrors { field message }
    }
  }
` as const;
