/**
 * Id-only bulk exports for the weekly deletion pass: which records Shopify still has. Cheap on
 * Shopify's side at any store size (one bulk operation per resource, no pagination).
 */
const filter = (search: string | undefined) => (search ? `(query: ${JSON.stringify(search)})` : "");

export const ID_EXPORTS = {
  products: () => `{ products { edges { node { id } } } }`,
  variants: () => `{ productVariants { edges { node { id } } } }`,
  orders: (search?: string) => `{ orders${filter(search)} { edges { node { id } } } }`,
  customers: () => `{ customers { edges { node { id } } } }`,
  locations: () => `{ locations(includeInactive: true) { edges { node { id } } } }`,
  inventoryItems: () => `{ inventoryItems { edges { node { id } } } }`,
} as const;
