/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type ProductFieldsFragment = Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'status' | 'vendor' | 'productType' | 'tags' | 'createdAt' | 'updatedAt'>;

export type VariantFieldsFragment = (
  Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'barcode' | 'price' | 'compareAtPrice' | 'position' | 'createdAt' | 'updatedAt'>
  & { inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
);

export type OrderFieldsWithoutPiiFragment = (
  Pick<AdminTypes.Order, 'id' | 'name' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'processedAt' | 'cancelledAt' | 'closedAt' | 'createdAt' | 'updatedAt'>
  & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
);

export type OrderFieldsFragment = (
  Pick<AdminTypes.Order, 'email' | 'id' | 'name' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'processedAt' | 'cancelledAt' | 'closedAt' | 'createdAt' | 'updatedAt'>
  & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
);

export type LineItemFieldsFragment = (
  Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku' | 'quantity'>
  & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
);

export type CustomerFieldsFragment = (
  Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'tags' | 'createdAt' | 'updatedAt'>
  & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>>, defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, amountSpent: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
);

export type LocationFieldsFragment = (
  Pick<AdminTypes.Location, 'id' | 'name' | 'isActive' | 'updatedAt'>
  & { address: Pick<AdminTypes.LocationAddress, 'city' | 'countryCode'> }
);

export type InventoryItemFieldsFragment = Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'createdAt' | 'updatedAt'>;

export type InventoryLevelFieldsFragment = (
  Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
  & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
);

export type ReconcileProductsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileProductsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'status' | 'vendor' | 'productType' | 'tags' | 'createdAt' | 'updatedAt'>
    & { variants: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'barcode' | 'price' | 'compareAtPrice' | 'position' | 'createdAt' | 'updatedAt'>
        & { inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
      )> } }
  )>> };

export type ReconcileVariantsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileVariantsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'barcode' | 'price' | 'compareAtPrice' | 'position' | 'createdAt' | 'updatedAt'>
    & { product: Pick<AdminTypes.Product, 'id'>, inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
  )>> };

export type ReconcileOrdersQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileOrdersQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'email' | 'id' | 'name' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'processedAt' | 'cancelledAt' | 'closedAt' | 'createdAt' | 'updatedAt'>
    & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku' | 'quantity'>
        & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
  )>> };

export type ReconcileOrdersWithoutPiiQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileOrdersWithoutPiiQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'processedAt' | 'cancelledAt' | 'closedAt' | 'createdAt' | 'updatedAt'>
    & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku' | 'quantity'>
        & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
  )>> };

export type ReconcileCustomersQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileCustomersQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'tags' | 'createdAt' | 'updatedAt'>
    & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>>, defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, amountSpent: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
  )>> };

export type ReconcileLocationsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileLocationsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Location, 'id' | 'name' | 'isActive' | 'updatedAt'>
    & { address: Pick<AdminTypes.LocationAddress, 'city' | 'countryCode'> }
  )>> };

export type ReconcileInventoryItemsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReconcileInventoryItemsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'createdAt' | 'updatedAt'>
    & { inventoryLevels: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
        & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
      )> } }
  )>> };

export type CountResourcesQueryVariables = AdminTypes.Exact<{
  productsCountQuery?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  ordersCountQuery?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  customersCountQuery?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  productVariantsCountQuery?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CountResourcesQuery = { productsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>>, ordersCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>>, customersCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>>, productVariantsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>> };

export type SyncProductsPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncProductsPageQuery = { products: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'status' | 'vendor' | 'productType' | 'tags' | 'createdAt' | 'updatedAt'>
      & { variants: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
          Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'barcode' | 'price' | 'compareAtPrice' | 'position' | 'createdAt' | 'updatedAt'>
          & { inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
        )> } }
    )> } };

export type SyncProductVariantsPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncProductVariantsPageQuery = { product?: AdminTypes.Maybe<{ variants: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'barcode' | 'price' | 'compareAtPrice' | 'position' | 'createdAt' | 'updatedAt'>
        & { inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
      )> } }> };

export type SyncOrdersPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncOrdersPageQuery = { orders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Order, 'email' | 'id' | 'name' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'processedAt' | 'cancelledAt' | 'closedAt' | 'createdAt' | 'updatedAt'>
      & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
          Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku' | 'quantity'>
          & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
    )> } };

export type SyncOrdersPageWithoutPiiQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncOrdersPageWithoutPiiQuery = { orders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'processedAt' | 'cancelledAt' | 'closedAt' | 'createdAt' | 'updatedAt'>
      & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
          Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku' | 'quantity'>
          & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, totalTaxSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
    )> } };

export type SyncOrderLineItemsPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncOrderLineItemsPageQuery = { order?: AdminTypes.Maybe<{ lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'title' | 'sku' | 'quantity'>
        & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> } }> };

export type SyncCustomersPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncCustomersPageQuery = { customers: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'tags' | 'createdAt' | 'updatedAt'>
      & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>>, defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, amountSpent: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
    )> } };

export type SyncLocationsPageQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncLocationsPageQuery = { locations: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Location, 'id' | 'name' | 'isActive' | 'updatedAt'>
      & { address: Pick<AdminTypes.LocationAddress, 'city' | 'countryCode'> }
    )> } };

export type SyncInventoryItemsPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncInventoryItemsPageQuery = { inventoryItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'createdAt' | 'updatedAt'>
      & { inventoryLevels: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
          Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
          & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
        )> } }
    )> } };

export type SyncInventoryLevelsPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncInventoryLevelsPageQuery = { inventoryItem?: AdminTypes.Maybe<{ inventoryLevels: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
        & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
      )> } }> };

export type SyncChangedInventoryLevelsPageQueryVariables = AdminTypes.Exact<{
  location: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncChangedInventoryLevelsPageQuery = { location?: AdminTypes.Maybe<{ inventoryLevels: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
        & { item: Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'createdAt' | 'updatedAt'>, location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
      )> } }> };

export type RunBulkQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  groupObjects: AdminTypes.Scalars['Boolean']['input'];
}>;


export type RunBulkQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type BulkOperationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationStatusQuery = { bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'fileSize' | 'url' | 'partialDataUrl' | 'completedAt'>> };

export type CancelBulkOperationMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CancelBulkOperationMutation = { bulkOperationCancel?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type ListWebhookSubscriptionsQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ListWebhookSubscriptionsQuery = { webhookSubscriptions: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<Pick<AdminTypes.WebhookSubscription, 'id' | 'topic' | 'uri'>> } };

export type CreateWebhookSubscriptionMutationVariables = AdminTypes.Exact<{
  topic: AdminTypes.WebhookSubscriptionTopic;
  uri: AdminTypes.Scalars['String']['input'];
}>;


export type CreateWebhookSubscriptionMutation = { webhookSubscriptionCreate?: AdminTypes.Maybe<{ webhookSubscription?: AdminTypes.Maybe<Pick<AdminTypes.WebhookSubscription, 'id' | 'topic' | 'uri'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type WebhookCustomerQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type WebhookCustomerQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'tags' | 'createdAt' | 'updatedAt'>
    & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>>, defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, amountSpent: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
  )> };

export type WebhookInventoryLevelQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type WebhookInventoryLevelQuery = { inventoryLevel?: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
    & { item: Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'createdAt' | 'updatedAt'>, location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
  )> };

export type WebhookNodesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type WebhookNodesQuery = { nodes: Array<AdminTypes.Maybe<{ __typename: 'AbandonedCheckout' | 'AbandonedCheckoutLineItem' | 'Abandonment' | 'AddAllProductsOperation' | 'AdditionalFee' | 'AnalyticsAnnotation' | 'AnalyticsTarget' | 'App' | 'AppCatalog' | 'AppCredit' | 'AppInstallation' | 'AppPurchaseOneTime' | 'AppRevenueAttributionRecord' | 'AppSubscription' | 'AppUsageRecord' | 'Article' | 'BasicEvent' | 'Blog' | 'BulkOperation' | 'BusinessEntity' } | { __typename: 'CalculatedOrder' | 'CartTransform' | 'CashDrawer' | 'CashManagementCustomReasonCode' | 'CashManagementDefaultReasonCode' | 'CashManagementSystemReasonCode' | 'CashTrackingAdjustment' | 'CashTrackingSession' | 'CatalogCsvOperation' | 'Channel' | 'ChannelDefinition' | 'ChannelInformation' | 'CheckoutAndAccountsConfiguration' | 'CheckoutAndAccountsConfigurationOverride' | 'CheckoutProfile' | 'Collection' | 'CollectionConditionsSource' | 'CollectionSubCollectionsSource' | 'Comment' | 'CommentEvent' } | { __typename: 'Company' | 'CompanyAddress' | 'CompanyContact' | 'CompanyContactRole' | 'CompanyContactRoleAssignment' | 'CompanyLocation' | 'CompanyLocationCatalog' | 'CompanyLocationStaffMemberAssignment' | 'ConsentPolicy' | 'CurrencyExchangeAdjustment' | 'CustomerAccountAppExtensionPage' | 'CustomerAccountNativePage' | 'CustomerPaymentMethod' | 'CustomerSegmentMembersQuery' | 'CustomerVisit' | 'DeliveryCarrierService' | 'DeliveryCondition' | 'DeliveryCountry' | 'DeliveryCustomization' | 'DeliveryLocationGroup' } | { __typename: 'DeliveryMethod' | 'DeliveryMethodDefinition' | 'DeliveryParticipant' | 'DeliveryProfile' | 'DeliveryProfileItem' | 'DeliveryPromiseParticipant' | 'DeliveryPromiseProvider' | 'DeliveryProvince' | 'DeliveryRateDefinition' | 'DeliveryZone' | 'DiscountAutomaticBxgy' | 'DiscountAutomaticNode' | 'DiscountCodeNode' | 'DiscountNode' | 'DiscountRedeemCodeBulkCreation' | 'Domain' | 'DraftOrder' | 'DraftOrderLineItem' | 'DraftOrderTag' | 'Duty' } | { __typename: 'ExchangeLineItem' | 'ExternalVideo' | 'Fulfillment' | 'FulfillmentConstraintRule' | 'FulfillmentEvent' | 'FulfillmentHold' | 'FulfillmentLineItem' | 'FulfillmentOrder' | 'FulfillmentOrderDestination' | 'FulfillmentOrderLineItem' | 'FulfillmentOrderMerchantRequest' | 'GenericFile' | 'GiftCard' | 'GiftCardCashOutTransaction' | 'GiftCardCreditTransaction' | 'GiftCardDebitTransaction' | 'IdentityProviderSubject' | 'InventoryAdjustmentGroup' | 'InventoryItem' | 'InventoryItemMeasurement' } | { __typename: 'InventoryQuantity' | 'InventoryShipment' | 'InventoryShipmentLineItem' | 'InventoryTransfer' | 'InventoryTransferLineItem' | 'LineItem' | 'LineItemGroup' | 'Location' | 'MailingAddress' | 'Market' | 'MarketCatalog' | 'MarketRegionCountry' | 'MarketRegionSubdivision' | 'MarketWebPresence' | 'MarketingActivity' | 'MarketingEvent' | 'MediaImage' | 'Menu' | 'Metafield' | 'MetafieldDefinition' } | { __typename: 'Metaobject' | 'MetaobjectDefinition' | 'Model3d' | 'OnlineStoreTheme' | 'Order' | 'OrderAdjustment' | 'OrderAttributionDefinition' | 'OrderCancelJobResult' | 'OrderCreateMandatePaymentJobResult' | 'OrderDisputeSummary' | 'OrderEditSession' | 'OrderTransaction' | 'Page' | 'PaymentCustomization' | 'PaymentMandate' | 'PaymentSchedule' | 'PaymentTerms' | 'PaymentTermsTemplate' | 'PointOfSaleDevice' | 'PointOfSaleDevicePaymentSession' } | { __typename: 'PriceList' | 'Product' | 'ProductBundleOperation' | 'ProductDeleteOperation' | 'ProductDuplicateOperation' | 'ProductFeed' | 'ProductOption' | 'ProductOptionValue' | 'ProductSetOperation' | 'ProductTaxonomyNode' | 'ProductVariant' | 'ProductVariantComponent' | 'Publication' | 'PublicationResourceOperation' | 'QuantityPriceBreak' | 'Refund' | 'RefundShippingLine' | 'Return' | 'ReturnLineItem' | 'ReturnReasonDefinition' } | { __typename: 'ReturnableFulfillment' | 'ReverseDelivery' | 'ReverseDeliveryLineItem' | 'ReverseFulfillmentOrder' | 'ReverseFulfillmentOrderDisposition' | 'ReverseFulfillmentOrderLineItem' | 'SaleAdditionalFee' | 'SavedSearch' | 'ScriptTag' | 'Segment' | 'SellingPlan' | 'SellingPlanGroup' | 'ServerPixel' | 'ShippingLabel' | 'ShippingLabelPurchaseResult' | 'Shop' | 'ShopAddress' | 'ShopPolicy' | 'ShopifyPaymentsAccount' | 'ShopifyPaymentsBalanceTransaction' } | { __typename: 'ShopifyPaymentsBankAccount' | 'ShopifyPaymentsDispute' | 'ShopifyPaymentsDisputeEvidence' | 'ShopifyPaymentsDisputeFileUpload' | 'ShopifyPaymentsDisputeFulfillment' | 'ShopifyPaymentsPayout' | 'StaffMember' | 'StandardMetafieldDefinitionTemplate' | 'StoreCreditAccount' | 'StoreCreditAccountCreditTransaction' | 'StoreCreditAccountDebitRevertTransaction' | 'StoreCreditAccountDebitTransaction' | 'StorefrontAccessToken' | 'SubscriptionBillingAttempt' | 'SubscriptionContract' | 'SubscriptionDraft' | 'TaxonomyAttribute' | 'TaxonomyCategory' | 'TaxonomyChoiceListAttribute' | 'TaxonomyMeasurementAttribute' } | { __typename: 'TaxonomyValue' | 'TenderTransaction' | 'TransactionFee' | 'UnverifiedReturnLineItem' | 'UrlRedirect' | 'UrlRedirectImport' | 'Validation' | 'Video' | 'WebPixel' | 'WebhookSubscription' } | (
    { __typename: 'Customer' }
    & Pick<AdminTypes.Customer, 'id' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'tags' | 'createdAt' | 'updatedAt'>
    & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>>, defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, amountSpent: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
  ) | (
    { __typename: 'InventoryLevel' }
    & Pick<AdminTypes.InventoryLevel, 'id' | 'updatedAt'>
    & { item: Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'createdAt' | 'updatedAt'>, location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
  )>> };

interface GeneratedQueryTypes {
  "#graphql\n  query ReconcileProducts($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product { ...ProductFields variants(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...VariantFields } } }\n    }\n  }\n  #graphql\n  fragment ProductFields on Product {\n    id title handle status vendor productType tags createdAt updatedAt\n  }\n\n  #graphql\n  fragment VariantFields on ProductVariant {\n    id title sku barcode price compareAtPrice position createdAt updatedAt inventoryItem { id }\n  }\n\n": {return: ReconcileProductsQuery, variables: ReconcileProductsQueryVariables},
  "#graphql\n  query ReconcileVariants($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on ProductVariant { ...VariantFields product { id } } }\n  }\n  #graphql\n  fragment VariantFields on ProductVariant {\n    id title sku barcode price compareAtPrice position createdAt updatedAt inventoryItem { id }\n  }\n\n": {return: ReconcileVariantsQuery, variables: ReconcileVariantsQueryVariables},
  "#graphql\n  query ReconcileOrders($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Order { ...OrderFields lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }\n    }\n  }\n  #graphql\n  fragment OrderFields on Order {\n    ...OrderFieldsWithoutPii\n    email\n  }\n  #graphql\n  fragment OrderFieldsWithoutPii on Order {\n    id name customer { id } displayFinancialStatus displayFulfillmentStatus currencyCode\n    totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }\n    processedAt cancelledAt closedAt createdAt updatedAt\n  }\n\n\n  #graphql\n  fragment LineItemFields on LineItem {\n    id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }\n  }\n\n": {return: ReconcileOrdersQuery, variables: ReconcileOrdersQueryVariables},
  "#graphql\n  query ReconcileOrdersWithoutPii($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Order { ...OrderFieldsWithoutPii lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }\n    }\n  }\n  #graphql\n  fragment OrderFieldsWithoutPii on Order {\n    id name customer { id } displayFinancialStatus displayFulfillmentStatus currencyCode\n    totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }\n    processedAt cancelledAt closedAt createdAt updatedAt\n  }\n\n  #graphql\n  fragment LineItemFields on LineItem {\n    id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }\n  }\n\n": {return: ReconcileOrdersWithoutPiiQuery, variables: ReconcileOrdersWithoutPiiQueryVariables},
  "#graphql\n  query ReconcileCustomers($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Customer { ...CustomerFields } }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id firstName lastName state numberOfOrders tags createdAt updatedAt\n    defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } amountSpent { amount currencyCode }\n  }\n\n": {return: ReconcileCustomersQuery, variables: ReconcileCustomersQueryVariables},
  "#graphql\n  query ReconcileLocations($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Location { ...LocationFields } }\n  }\n  #graphql\n  fragment LocationFields on Location {\n    id name isActive updatedAt address { city countryCode }\n  }\n\n": {return: ReconcileLocationsQuery, variables: ReconcileLocationsQueryVariables},
  "#graphql\n  query ReconcileInventoryItems($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on InventoryItem { ...InventoryItemFields inventoryLevels(first: 10) { pageInfo { hasNextPage endCursor } nodes { ...InventoryLevelFields } } }\n    }\n  }\n  #graphql\n  fragment InventoryItemFields on InventoryItem {\n    id sku tracked createdAt updatedAt\n  }\n\n  #graphql\n  fragment InventoryLevelFields on InventoryLevel {\n    id updatedAt location { id } quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\", \"reserved\"]) { name quantity }\n  }\n\n": {return: ReconcileInventoryItemsQuery, variables: ReconcileInventoryItemsQueryVariables},
  "#graphql\n  query CountResources($productsCountQuery: String, $ordersCountQuery: String, $customersCountQuery: String, $productVariantsCountQuery: String) {\n    productsCount(limit: null, query: $productsCountQuery) { count precision }\n    ordersCount(limit: null, query: $ordersCountQuery) { count precision }\n    customersCount(limit: null, query: $customersCountQuery) { count precision }\n    productVariantsCount(limit: null, query: $productVariantsCountQuery) { count precision }\n  }\n": {return: CountResourcesQuery, variables: CountResourcesQueryVariables},
  "#graphql\n  query SyncProductsPage($first: Int!, $after: String, $query: String) {\n    products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...ProductFields variants(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...VariantFields } } }\n    }\n  }\n  #graphql\n  fragment ProductFields on Product {\n    id title handle status vendor productType tags createdAt updatedAt\n  }\n\n  #graphql\n  fragment VariantFields on ProductVariant {\n    id title sku barcode price compareAtPrice position createdAt updatedAt inventoryItem { id }\n  }\n\n": {return: SyncProductsPageQuery, variables: SyncProductsPageQueryVariables},
  "#graphql\n  query SyncProductVariantsPage($id: ID!, $after: String) {\n    product(id: $id) { variants(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...VariantFields } } }\n  }\n  #graphql\n  fragment VariantFields on ProductVariant {\n    id title sku barcode price compareAtPrice position createdAt updatedAt inventoryItem { id }\n  }\n\n": {return: SyncProductVariantsPageQuery, variables: SyncProductVariantsPageQueryVariables},
  "#graphql\n  query SyncOrdersPage($first: Int!, $after: String, $query: String) {\n    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...OrderFields lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }\n    }\n  }\n  #graphql\n  fragment OrderFields on Order {\n    ...OrderFieldsWithoutPii\n    email\n  }\n  #graphql\n  fragment OrderFieldsWithoutPii on Order {\n    id name customer { id } displayFinancialStatus displayFulfillmentStatus currencyCode\n    totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }\n    processedAt cancelledAt closedAt createdAt updatedAt\n  }\n\n\n  #graphql\n  fragment LineItemFields on LineItem {\n    id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }\n  }\n\n": {return: SyncOrdersPageQuery, variables: SyncOrdersPageQueryVariables},
  "#graphql\n  query SyncOrdersPageWithoutPii($first: Int!, $after: String, $query: String) {\n    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...OrderFieldsWithoutPii lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }\n    }\n  }\n  #graphql\n  fragment OrderFieldsWithoutPii on Order {\n    id name customer { id } displayFinancialStatus displayFulfillmentStatus currencyCode\n    totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }\n    processedAt cancelledAt closedAt createdAt updatedAt\n  }\n\n  #graphql\n  fragment LineItemFields on LineItem {\n    id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }\n  }\n\n": {return: SyncOrdersPageWithoutPiiQuery, variables: SyncOrdersPageWithoutPiiQueryVariables},
  "#graphql\n  query SyncOrderLineItemsPage($id: ID!, $after: String) {\n    order(id: $id) { lineItems(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }\n  }\n  #graphql\n  fragment LineItemFields on LineItem {\n    id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }\n  }\n\n": {return: SyncOrderLineItemsPageQuery, variables: SyncOrderLineItemsPageQueryVariables},
  "#graphql\n  query SyncCustomersPage($first: Int!, $after: String, $query: String) {\n    customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...CustomerFields }\n    }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id firstName lastName state numberOfOrders tags createdAt updatedAt\n    defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } amountSpent { amount currencyCode }\n  }\n\n": {return: SyncCustomersPageQuery, variables: SyncCustomersPageQueryVariables},
  "#graphql\n  query SyncLocationsPage($after: String) {\n    locations(first: 100, after: $after, includeInactive: true) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...LocationFields }\n    }\n  }\n  #graphql\n  fragment LocationFields on Location {\n    id name isActive updatedAt address { city countryCode }\n  }\n\n": {return: SyncLocationsPageQuery, variables: SyncLocationsPageQueryVariables},
  "#graphql\n  query SyncInventoryItemsPage($first: Int!, $after: String, $query: String) {\n    inventoryItems(first: $first, after: $after, query: $query) {\n      pageInfo { hasNextPage endCursor }\n      nodes { ...InventoryItemFields inventoryLevels(first: 10) { pageInfo { hasNextPage endCursor } nodes { ...InventoryLevelFields } } }\n    }\n  }\n  #graphql\n  fragment InventoryItemFields on InventoryItem {\n    id sku tracked createdAt updatedAt\n  }\n\n  #graphql\n  fragment InventoryLevelFields on InventoryLevel {\n    id updatedAt location { id } quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\", \"reserved\"]) { name quantity }\n  }\n\n": {return: SyncInventoryItemsPageQuery, variables: SyncInventoryItemsPageQueryVariables},
  "#graphql\n  query SyncInventoryLevelsPage($id: ID!, $after: String) {\n    inventoryItem(id: $id) { inventoryLevels(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...InventoryLevelFields } } }\n  }\n  #graphql\n  fragment InventoryLevelFields on InventoryLevel {\n    id updatedAt location { id } quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\", \"reserved\"]) { name quantity }\n  }\n\n": {return: SyncInventoryLevelsPageQuery, variables: SyncInventoryLevelsPageQueryVariables},
  "#graphql\n  query SyncChangedInventoryLevelsPage($location: ID!, $first: Int!, $after: String, $query: String) {\n    location(id: $location) {\n      inventoryLevels(first: $first, after: $after, query: $query) {\n        pageInfo { hasNextPage endCursor }\n        nodes { ...InventoryLevelFields item { ...InventoryItemFields } }\n      }\n    }\n  }\n  #graphql\n  fragment InventoryLevelFields on InventoryLevel {\n    id updatedAt location { id } quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\", \"reserved\"]) { name quantity }\n  }\n\n  #graphql\n  fragment InventoryItemFields on InventoryItem {\n    id sku tracked createdAt updatedAt\n  }\n\n": {return: SyncChangedInventoryLevelsPageQuery, variables: SyncChangedInventoryLevelsPageQueryVariables},
  "#graphql\n  query BulkOperationStatus($id: ID!) {\n    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt }\n  }\n": {return: BulkOperationStatusQuery, variables: BulkOperationStatusQueryVariables},
  "#graphql\n  query ListWebhookSubscriptions($after: String) {\n    webhookSubscriptions(first: 100, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      nodes { id topic uri }\n    }\n  }\n": {return: ListWebhookSubscriptionsQuery, variables: ListWebhookSubscriptionsQueryVariables},
  "#graphql\n  query WebhookCustomer($id: ID!) {\n    customer(id: $id) { ...CustomerFields }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id firstName lastName state numberOfOrders tags createdAt updatedAt\n    defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } amountSpent { amount currencyCode }\n  }\n\n": {return: WebhookCustomerQuery, variables: WebhookCustomerQueryVariables},
  "#graphql\n  query WebhookInventoryLevel($id: ID!) {\n    inventoryLevel(id: $id) { ...InventoryLevelFields item { ...InventoryItemFields } }\n  }\n  #graphql\n  fragment InventoryLevelFields on InventoryLevel {\n    id updatedAt location { id } quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\", \"reserved\"]) { name quantity }\n  }\n\n  #graphql\n  fragment InventoryItemFields on InventoryItem {\n    id sku tracked createdAt updatedAt\n  }\n\n": {return: WebhookInventoryLevelQuery, variables: WebhookInventoryLevelQueryVariables},
  "#graphql\n  query WebhookNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      ... on Customer { ...CustomerFields }\n      ... on InventoryLevel { ...InventoryLevelFields item { ...InventoryItemFields } }\n    }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id firstName lastName state numberOfOrders tags createdAt updatedAt\n    defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } amountSpent { amount currencyCode }\n  }\n\n  #graphql\n  fragment InventoryLevelFields on InventoryLevel {\n    id updatedAt location { id } quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\", \"reserved\"]) { name quantity }\n  }\n\n  #graphql\n  fragment InventoryItemFields on InventoryItem {\n    id sku tracked createdAt updatedAt\n  }\n\n": {return: WebhookNodesQuery, variables: WebhookNodesQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation RunBulkQuery($query: String!, $groupObjects: Boolean!) {\n    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {\n      bulkOperation { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: RunBulkQueryMutation, variables: RunBulkQueryMutationVariables},
  "#graphql\n  mutation CancelBulkOperation($id: ID!) {\n    bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } }\n  }\n": {return: CancelBulkOperationMutation, variables: CancelBulkOperationMutationVariables},
  "#graphql\n  mutation CreateWebhookSubscription($topic: WebhookSubscriptionTopic!, $uri: String!) {\n    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {\n      webhookSubscription { id topic uri }\n      userErrors { field message }\n    }\n  }\n": {return: CreateWebhookSubscriptionMutation, variables: CreateWebhookSubscriptionMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
