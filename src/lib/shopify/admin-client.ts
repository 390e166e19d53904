/**
 * The Admin GraphQL client every Shopify call goes through, built on @shopify/admin-api-client.
 *
 * - Paces itself by extensions.cost.throttleStatus (ThrottlePacer, shared by every client in the
 *   process, with each document's last requested cost) and backs off on THROTTLED by exactly the
 *   points missing / restore rate.
 * - Retries 5xx, 429, network errors and timeouts with full-jitter exponential backoff.
 * - 401/403: asks once for a fresh token (an expiring token may have lapsed), then fails with
 *   ShopifyAuthError, which the sync turns into a non-retriable failure.
 * - ACCESS_DENIED in the errors array becomes ShopifyAccessDeniedError.
 * The library's own retries are off (it only covers 429/503 and reads Retry-After as ms).
 */
import "server-only";
import { createAdminApiClient, type AdminApiClient, type AdminMutations, type AdminQueries } from "@shopify/admin-api-client";
import { SHOPIFY_API_VERSION } from "./api-version";
import { shopifyFetch } from "./origin";
import { recordShopifyThrottled } from "../metrics/process-counters";
import { ShopifyAccessDeniedError, ShopifyAuthError, ShopifyRequestError } from "./shopify-errors";
import { backoffDelay, ThrottlePacer, type QueryCost } from "./throttle";
import { log } from "../log";

export interface AdminClientOptions {
  shop: string;
  /** Current access token; called before each request so a refreshed token is picked up. */
  accessToken: () => Promise<string>;
  /** Called on 401: returns a fresh token to retry once with, or undefined to give up. */
  refreshAccessToken?: () => Promise<string | undefined>;
  pacer?: ThrottlePacer;
  maxRetries?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told of each THROTTLED answer and each retry as it happens (sync runs persist them, so the
   * figures outlive the process). Its failures are its own: a request never fails for it.
   */
  onStat?: (stat: "throttled" | "retries") => Promise<void>;
}

export interface AdminStats {
  requests: number;
  throttled: number;
  retries: number;
  pointsConsumed: number;
}

/**
 * The operations `npm run graphql:codegen` generated (src/lib/shopify/types/admin.generated.d.ts
 * adds them to the library's AdminQueries/AdminMutations), keyed by their exact document text;
 * the library's catch-all string index is dropped, so an untyped document does not compile.
 */
type KnownKeys<T> = { [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: T[K] };
type Operations = KnownKeys<AdminQueries> & KnownKeys<AdminMutations>;
export type AdminOperation = keyof Operations & string;
export type OperationData<Op extends AdminOperation> = Operations[Op]["return"];
export type OperationVariables<Op extends AdminOperation> = Operations[Op]["variables"];
/** Variables may be left out only when the operation has none that are required. */
type VariablesArgument<Op extends AdminOperation> =
  Record<string, never> extends OperationVariables<Op> ? [variables?: OperationVariables<Op>] : [variables: OperationVariables<Op>];

interface GraphQLErrorLike {
  message?: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: (string | number)[];
}

const sharedPacer = new ThrottlePacer();
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MAX_THROTTLE_WAITS = 20;

export class ShopifyAdmin {
  readonly stats: AdminStats = { requests: 0, throttled: 0, retries: 0, pointsConsumed: 0 };
  private readonly pacer: ThrottlePacer;
  private client?: { token: string; api: AdminApiClient };

  constructor(private readonly options: AdminClientOptions) {
    this.pacer = options.pacer ?? sharedPacer;
  }

  get shop(): string {
    return this.options.shop;
  }

  private async tell(stat: "throttled" | "retries"): Promise<void> {
    try {
      await this.options.onStat?.(stat);
    } catch (error) {
      log.warn({ shop: this.shop, stat, err: error }, "could not record a request statistic");
    }
  }

  private apiFor(token: string): AdminApiClient {
    if (this.client?.token !== token) {
      this.client = {
        token,
        api: createAdminApiClient({
          storeDomain: this.options.shop,
          apiVersion: SHOPIFY_API_VERSION,
          accessToken: token,
          retries: 0,
          customFetchApi: (url, init) => shopifyFetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) }),
        }),
      };
    }
    return this.client.api;
  }

  async request<Op extends AdminOperation>(
    document: Op,
    ...[variables]: VariablesArgument<Op>
  ): Promise<{ data: OperationData<Op>; cost?: QueryCost }> {
    const sleep = this.options.sleep ?? defaultSleep;
    const maxRetries = this.options.maxRetries ?? 5;
    let failures = 0;
    let throttleWaits = 0;
    let refreshes = 0;
    let refreshed: string | undefined;
    for (;;) {
      const expected = this.pacer.expectedCost(this.shop, document);
      const wait = this.pacer.delayFor(this.shop, expected);
      if (wait > 0) {
        log.debug({ shop: this.shop, waitMs: wait, expectedCost: expected }, "pacing: waiting for the bucket to refill");
        await sleep(wait);
      }
      this.pacer.reserve(this.shop, expected);
      this.stats.requests += 1;
      // Read the token after pacing: a wait for the bucket can outlast an expiring token.
      const token = refreshed ?? (await this.options.accessToken());
      refreshed = undefined;

      // The library never throws for HTTP or network failures: it returns them in `errors`
      // (networkStatusCode absent for network errors and timeouts; 200 with graphQLErrors).
      // The library's own operation typing is bypassed: the typed signature above already checked them.
      const response = await this.apiFor(token).request(document as string, {
        variables: variables as Record<string, unknown> | undefined,
      });
      const status = response.errors?.networkStatusCode;
      if (response.errors && status === undefined) {
        if (++failures > maxRetries)
          throw new ShopifyRequestError(
            `Shopify request failed after ${maxRetries} retries: ${response.errors.message ?? "network error"}`,
          );
        this.stats.retries += 1;
        await this.tell("retries");
        const delayMs = backoffDelay(failures);
        log.warn({ shop: this.shop, attempt: failures, delayMs, error: response.errors.message }, "Shopify request failed: retrying");
        await sleep(delayMs);
        continue;
      }

      const cost = (response.extensions as { cost?: QueryCost } | undefined)?.cost;
      if (cost?.throttleStatus) {
        this.pacer.observe(this.shop, cost.throttleStatus);
        this.pacer.learnCost(this.shop, document, cost.requestedQueryCost);
      }
      const graphQLErrors = (response.errors?.graphQLErrors ?? []) as GraphQLErrorLike[];

      if (status === 401 || status === 403) {
        // One forced refresh per request: an expiring token may have lapsed in flight.
        if (status === 401 && refreshes === 0 && this.options.refreshAccessToken) {
          refreshes += 1;
          log.info({ shop: this.shop }, "Shopify answered 401: refreshing the access token once");
          const fresh = await this.options.refreshAccessToken();
          if (fresh) {
            refreshed = fresh;
            continue;
          }
        }
        throw new ShopifyAuthError(
          this.shop,
          status,
          `Shopify refused the access token for ${this.shop} (HTTP ${status}); the shop must reinstall the app`,
        );
      }

      const throttled = graphQLErrors.find((e) => e.extensions?.code === "THROTTLED");
      if (throttled || status === 429) {
        this.stats.throttled += 1;
        recordShopifyThrottled(this.shop);
        await this.tell("throttled");
        if (++throttleWaits > MAX_THROTTLE_WAITS) throw new ShopifyRequestError(`still THROTTLED after ${MAX_THROTTLE_WAITS} waits`);
        const rate = cost?.throttleStatus.restoreRate ?? this.pacer.restoreRate(this.shop) ?? 50;
        const missing = cost ? cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable : rate;
        const waitMs = Math.max(100, Math.ceil((missing / rate) * 1000));
        log.info(
          { shop: this.shop, waitMs, missing, restoreRate: rate, waits: throttleWaits },
          "THROTTLED: waiting for the points missing",
        );
        await sleep(waitMs);
        continue;
      }

      if (status !== undefined && (status >= 500 || status === 408)) {
        if (++failures > maxRetries) throw new ShopifyRequestError(`Shopify answered HTTP ${status} ${maxRetries + 1} times`);
        this.stats.retries += 1;
        await this.tell("retries");
        const delayMs = backoffDelay(failures);
        log.warn({ shop: this.shop, attempt: failures, delayMs, status }, "Shopify answered a server error: retrying");
        await sleep(delayMs);
        continue;
      }

      const denied = graphQLErrors.filter((e) => e.extensions?.code === "ACCESS_DENIED");
      if (denied.length) {
        throw new ShopifyAccessDeniedError(
          this.shop,
          [...new Set(denied.map((e) => e.message))].join("; "),
          denied.map((e) => (e.path ?? []).join(".")),
        );
      }
      if (response.errors) {
        const message = graphQLErrors.map((e) => e.message).join("; ") || response.errors?.message || `HTTP ${status}`;
        throw new ShopifyRequestError(`Shopify GraphQL error: ${message}`, graphQLErrors);
      }
      if (cost) this.stats.pointsConsumed += cost.actualQueryCost ?? cost.requestedQueryCost;
      return { data: response.data as OperationData<Op>, cost };
    }
  }
}
