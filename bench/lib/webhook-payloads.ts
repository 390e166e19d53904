/**
 * REST webhook bodies as Shopify sends them, for the webhook benchmarks (bench:webhooks and
 * bench/webhook-statements.ts): a product with two variants and an order with three line items,
 * timestamps in the shop's offset.
 */
export const productPayload = (id: number, updatedAt: string, title = `Product ${id}`) => ({
  id,
  admin_graphql_api_id: `gid://shopify/Product/${id}`,
  title,
  handle: `bench-${id}`,
  status: "active",
  vendor: "Bench",
  product_type: "Mug",
  tags: "bench, ceramic",
  created_at: "2026-01-01T00:00:00-05:00",
  updated_at: updatedAt,
  variants: [1, 2].map((n) => ({
    id: id + n,
    title: `Size ${n}`,
    sku: `B-${id}-${n}`,
    barcode: null,
    price: "9.99",
    compare_at_price: null,
    position: n,
    created_at: "2026-01-01T00:00:00-05:00",
    updated_at: updatedAt,
    inventory_item_id: id + 10 + n,
  })),
});

export const orderPayload = (id: number, updatedAt: string, financialStatus = "paid") => ({
  id,
  admin_graphql_api_id: `gid://shopify/Order/${id}`,
  name: `#${id}`,
  email: `buyer-${id}@example.com`,
  customer: null,
  financial_status: financialStatus,
  fulfillment_status: null,
  currency: "USD",
  total_price: "29.97",
  subtotal_price: "29.97",
  total_tax: "0.00",
  processed_at: updatedAt,
  cancelled_at: null,
  closed_at: null,
  created_at: "2026-01-01T00:00:00+09:00",
  updated_at: updatedAt,
  line_items: [1, 2, 3].map((n) => ({
    id: id + n,
    title: `Line ${n}`,
    sku: `L-${n}`,
    quantity: n,
    variant_id: null,
    product_id: null,
    price: "9.99",
  })),
});
