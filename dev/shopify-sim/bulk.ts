import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { SimClock } from "./clock.ts";
import { connectionNodeType, isConnectionType } from "./cost.ts";
import { executePrepared, prepareDocument } from "./executor.ts";
import { toGid } from "./ids.ts";
import type { SimContext } from "./resolvers/context.ts";
import type { Webhooks } from "./webhooks.ts";

/**
 * Bulk query operations: validated like Shopify (at least one and at most five connections, nesting
 * depth at most two, five concurrent operations per app and shop), run in the background over the
 * live store, written as Shopify's JSONL (each connection node on its own line, nested ones with
 * `__parentId`), served from an absolute URL, announced with bulk_operations/finish.
 */
export const MAX_CONCURRENT_BULK_QUERIES = 5;
export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_DEPTH = 2;

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationRecord {
  __typename: "BulkOperation";
  id: number;
  apiKey: string;
  shopDomain: string;
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
  type: "QUERY";
  groupObjects: boolean;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" | null;
}

export interface BulkOperationsOptions {
  schema: GraphQLSchema;
  webhooks: Webhooks;
  /** Absolute base URL the result files are served from (the app fetches them with a plain GET). */
  publicUrl: () => string;
  /** Objects written per second (a demo looks real at ~5,000; tests use Infinity). */
  objectsPerSecond: number;
  /** Time spent in CREATED before RUNNING. */
  startDelayMs: number;
  /** Roots executed per step (progress granularity). */
  chunkSize?: number;
  /** Shopify's clock (createdAt, completedAt); default the host's. */
  clock?: SimClock;
}

const ACTIVE: readonly BulkStatus[] = ["CREATED", "RUNNING", "CANCELING"];
const RESULT_TTL_MS = 7 * 86_400_000;

function isoNow(clock?: SimClock): string {
  return clock ? clock.iso() : new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

interface ConnectionShape {
  count: number;
  depth: number;
  problems: string[];
}

/** Counts connections and their nesting depth; reports shapes Shopify refuses. */
function analyseShape(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
  inList: boolean,
  parentHasId: boolean,
  shape: ConnectionShape,
): void {
  for (const sel of set.selections) {
    if (sel.kind !== "Field") {
      const fragment = sel.kind === "InlineFragment" ? sel : fragments[sel.name.value];
      if (!fragment) continue;
      const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) analyseShape(schema, fragment.selectionSet, type, fragments, depth, inList, parentHasId, shape);
      continue;
    }
    if (!("getFields" in parent)) continue;
    const def = parent.getFields()[sel.name.value];
    if (!def || !sel.selectionSet) continue;
    if (isConnectionType(def.type)) {
      shape.count++;
      shape.depth = Math.max(shape.depth, depth + 1);
      if (inList) shape.problems.push("Queries that contain a connection field within a list field are not currently supported.");
      if (depth > 0 && !parentHasId)
        shape.problems.push(
          `The parent of the nested connection '${sel.name.value}' must select the 'id' field (the simulator needs it for __parentId).`,
        );
      const nodeType = connectionNodeType(def.type);
      if (!nodeType) continue;
      for (const inner of sel.selectionSet.selections) {
        if (inner.kind !== "Field") continue;
        if (inner.name.value === "nodes" && inner.selectionSet)
          analyseShape(schema, inner.selectionSet, nodeType, fragments, depth + 1, false, selectsId(inner.selectionSet), shape);
        if (inner.name.value === "edges") {
          for (const e of inner.selectionSet?.selections ?? []) {
            if (e.kind === "Field" && e.name.value === "node" && e.selectionSet)
              analyseShape(schema, e.selectionSet, nodeType, fragments, depth + 1, false, selectsId(e.selectionSet), shape);
          }
        }
      }
      continue;
    }
    const named = getNamedType(def.type);
    const unwrapped = isNonNullType(def.type) ? def.type.ofType : def.type;
    if (isCompositeType(named))
      analyseShape(schema, sel.selectionSet, named, fragments, depth, inList || isListType(unwrapped), parentHasId, shape);
  }
}

function selectsId(set: SelectionSetNode): boolean {
  return set.selections.some(
    (s) => (s.kind === "Field" && s.name.value === "id" && !s.alias) || (s.kind === "InlineFragment" && selectsId(s.selectionSet)),
  );
}

interface JsonlOut {
  roots: string[];
  children: string[];
  objects: number;
  rootObjects: number;
}

/** Turns one executed chunk into JSONL lines in Shopify's layout. */
class JsonlWriter {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly groupObjects: boolean,
  ) {}

  rootConnection(field: FieldNode, parent: GraphQLCompositeType, value: unknown): JsonlOut {
    const out: JsonlOut = { roots: [], children: [], objects: 0, rootObjects: 0 };
    if (!("getFields" in parent)) return out;
    const def = parent.getFields()[field.name.value];
    if (!def) return out;
    this.connection(field, def.type, value, null, out, true);
    return out;
  }

  private connection(
    field: FieldNode,
    type: Parameters<typeof connectionNodeType>[0],
    value: unknown,
    parentId: string | null,
    out: JsonlOut,
    isRoot: boolean,
  ): void {
    const nodeType = connectionNodeType(type);
    if (!nodeType || value === null || typeof value !== "object") return;
    const conn = value as Record<string, unknown>;
    for (const inner of field.selectionSet?.selections ?? []) {
      if (inner.kind !== "Field") continue;
      const key = inner.alias?.value ?? inner.name.value;
      const list = conn[key];
      if (!Array.isArray(list)) continue;
      if (inner.name.value === "nodes" && inner.selectionSet) {
        for (const node of list) this.node(node, inner.selectionSet, nodeType, parentId, out, isRoot);
        return;
      }
      if (inner.name.value === "edges") {
        for (const e of inner.selectionSet?.selections ?? []) {
          if (e.kind !== "Field" || e.name.value !== "node" || !e.selectionSet) continue;
          const nodeKey = e.alias?.value ?? "node";
          for (const edge of list) this.node((edge as Record<string, unknown>)[nodeKey], e.selectionSet, nodeType, parentId, out, isRoot);
        }
        return;
      }
    }
  }

  private node(
    value: unknown,
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    parentId: string | null,
    out: JsonlOut,
    isRoot: boolean,
  ): void {
    if (value === null || typeof value !== "object") return;
    const nested: (() => void)[] = [];
    const id = (value as Record<string, unknown>)["id"];
    const copy = this.strip(value as Record<string, unknown>, set, type, typeof id === "string" ? id : null, nested, out);
    if (parentId !== null) copy["__parentId"] = parentId;
    const line = JSON.stringify(copy);
    out.objects++;
    if (isRoot) out.rootObjects++;
    if (isRoot) out.roots.push(line);
    else (this.groupObjects ? out.roots : out.children).push(line);
    for (const emit of nested) emit();
  }

  /** Copies an object without its connection fields; the connections' nodes become their own lines. */
  private strip(
    value: Record<string, unknown>,
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    ownId: string | null,
    nested: (() => void)[],
    out: JsonlOut,
  ): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...value };
    const visitSet = (selections: SelectionSetNode, parent: GraphQLCompositeType): void => {
      for (const sel of selections.selections) {
        if (sel.kind !== "Field") {
          const fragment = sel.kind === "InlineFragment" ? sel : this.fragments[sel.name.value];
          if (!fragment) continue;
          const t = fragment.typeCondition ? this.schema.getType(fragment.typeCondition.name.value) : parent;
          if (t && isCompositeType(t)) visitSet(fragment.selectionSet, t);
          continue;
        }
        if (!("getFields" in parent)) continue;
        const def = parent.getFields()[sel.name.value];
        const key = sel.alias?.value ?? sel.name.value;
        if (!def || !(key in copy)) continue;
        if (isConnectionType(def.type)) {
          const connValue = copy[key];
          delete copy[key];
          nested.push(() => this.connection(sel, def.type, connValue, ownId, out, false));
          continue;
        }
        const named = getNamedType(def.type);
        const inner = copy[key];
        if (isCompositeType(named) && sel.selectionSet && inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
          copy[key] = this.strip(inner as Record<string, unknown>, sel.selectionSet, named, ownId, nested, out);
        }
      }
    };
    visitSet(set, type);
    return copy;
  }
}

export class BulkOperations {
  private readonly operations = new Map<number, BulkOperationRecord>();
  private readonly files = new Map<string, { path: string; expiresAt: number }>();
  private readonly dir = mkdtempSync(join(tmpdir(), "shopify-sim-bulk-"));
  private nextId = 4_000_000;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BulkOperationsOptions) {}

  get(apiKey: string, shopDomain: string, id: number): BulkOperationRecord | undefined {
    const op = this.operations.get(id);
    return op && op.apiKey === apiKey && op.shopDomain === shopDomain ? op : undefined;
  }

  list(apiKey: string, shopDomain: string): BulkOperationRecord[] {
    return [...this.operations.values()].filter((o) => o.apiKey === apiKey && o.shopDomain === shopDomain);
  }

  listForShop(shopDomain: string): BulkOperationRecord[] {
    return [...this.operations.values()].filter((o) => o.shopDomain === shopDomain);
  }

  current(apiKey: string, shopDomain: string): BulkOperationRecord | undefined {
    return this.list(apiKey, shopDomain).at(-1);
  }

  /** Path of a result file by its token, while it has not expired. */
  filePath(token: string): string | null {
    const file = this.files.get(token);
    if (!file || file.expiresAt < Date.now()) return null;
    return file.path;
  }

  runQuery(
    ctx: SimContext,
    query: string,
    groupObjects: boolean,
  ): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const refuse = (message: string, code: BulkUserError["code"] = "INVALID") => ({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message, code }],
    });
    const prepared = prepareDocument(this.options.schema, query, {}, null);
    if (!prepared.ok) return refuse(`Invalid bulk query: ${prepared.errors.map((e) => e.message).join("; ")}`);
    if (prepared.operation.operation !== "query") return refuse("Bulk queries must be a query operation.");
    const rootFields = prepared.operation.selectionSet.selections.filter(
      (s): s is FieldNode => s.kind === "Field" && !s.name.value.startsWith("__"),
    );
    const queryRoot = this.options.schema.getQueryType();
    if (!queryRoot) return refuse("No query root");
    const shape: ConnectionShape = { count: 0, depth: 0, problems: [] };
    analyseShape(this.options.schema, prepared.operation.selectionSet, queryRoot, prepared.costContext.fragments, 0, false, false, shape);
    if (shape.count === 0) return refuse("Bulk queries must contain at least one connection.");
    if (shape.count > MAX_BULK_CONNECTIONS) return refuse(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
    if (shape.depth > MAX_BULK_DEPTH)
      return refuse(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_DEPTH}.`);
    if (shape.problems.length > 0) return refuse(shape.problems[0]!);
    const root = rootFields[0];
    const rootDef = root ? queryRoot.getFields()[root.name.value] : undefined;
    if (rootFields.length !== 1 || !root || !rootDef || !isConnectionType(rootDef.type)) {
      return refuse("The simulator runs bulk queries with exactly one top-level connection field (e.g. products, orders).");
    }
    const active = this.list(ctx.apiKey, ctx.shop.domain).filter((o) => ACTIVE.includes(o.status));
    if (active.length >= MAX_CONCURRENT_BULK_QUERIES) {
      return {
        bulkOperation: null,
        userErrors: [{ field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" }],
      };
    }
    const op: BulkOperationRecord = {
      __typename: "BulkOperation",
      id: this.nextId++,
      apiKey: ctx.apiKey,
      shopDomain: ctx.shop.domain,
      status: "CREATED",
      errorCode: null,
      createdAt: isoNow(this.options.clock),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
      type: "QUERY",
      groupObjects,
    };
    this.operations.set(op.id, op);
    const writer = new JsonlWriter(this.options.schema, prepared.costContext.fragments, groupObjects);
    this.later(this.options.startDelayMs, () => void this.execute(op, ctx, prepared, writer, root, queryRoot));
    return { bulkOperation: op, userErrors: [] };
  }

  cancel(
    ctx: SimContext,
    id: number | null,
  ): { bulkOperation: BulkOperationRecord | null; userErrors: { field: string[]; message: string }[] } {
    const op = id === null ? undefined : this.get(ctx.apiKey, ctx.shop.domain, id);
    if (!op) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (op.status !== "CREATED" && op.status !== "RUNNING") {
      return {
        bulkOperation: op,
        userErrors: [{ field: ["id"], message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }],
      };
    }
    op.status = "CANCELING";
    return { bulkOperation: op, userErrors: [] };
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  private async execute(
    op: BulkOperationRecord,
    baseCtx: SimContext,
    prepared: Extract<ReturnType<typeof prepareDocument>, { ok: true }>,
    writer: JsonlWriter,
    root: FieldNode,
    queryRoot: GraphQLCompositeType,
  ): Promise<void> {
    if (this.stopped) return;
    if (op.status === "CANCELING") return this.finish(op, baseCtx, "CANCELED", null, null);
    op.status = "RUNNING";
    const token = `${op.id}-${randomBytes(12).toString("hex")}`;
    const path = join(this.dir, `${token}.jsonl`);
    const stream = createWriteStream(path);
    // Small chunks at low speeds so progress and cancellation show up promptly; at full speed large
    // ones, since each chunk re-runs the query's filter over the whole store (a benchmark's large
    // store took minutes to export in chunks of 250).
    const chunkSize =
      this.options.chunkSize ??
      (Number.isFinite(this.options.objectsPerSecond) ? Math.max(1, Math.min(250, Math.floor(this.options.objectsPerSecond / 4))) : 1_000);
    const failure = baseCtx.shop.faults.bulkFailure;
    const started = performance.now();
    let offset = 0;
    try {
      for (;;) {
        if (this.stopped) return;
        if ((op.status as BulkStatus) === "CANCELING") return this.finish(op, baseCtx, "CANCELED", null, null, stream);
        const ctx: SimContext = { ...baseCtx, bulk: { rootOffset: offset, rootLimit: chunkSize, rootTotal: 0 } };
        const result = executePrepared(this.options.schema, prepared, ctx);
        const denied = result.errors?.find((e) => e.extensions["code"] === "ACCESS_DENIED");
        if (denied) return this.finish(op, baseCtx, "FAILED", "ACCESS_DENIED", token, stream);
        if (result.errors && result.errors.length > 0) return this.finish(op, baseCtx, "FAILED", "INTERNAL_SERVER_ERROR", token, stream);
        const data = result.data as Record<string, unknown> | null | undefined;
        const out = writer.rootConnection(root, queryRoot, data?.[root.alias?.value ?? root.name.value]);
        const lines = [...out.roots, ...out.children];
        for (const line of lines) {
          if (failure && op.objectCount >= failure.afterObjects)
            return this.finish(op, baseCtx, "FAILED", failure.errorCode, token, stream);
          stream.write(`${line}\n`);
          op.objectCount++;
        }
        op.rootObjectCount += out.rootObjects;
        offset += chunkSize;
        const total = ctx.bulk?.rootTotal ?? 0;
        if (Number.isFinite(this.options.objectsPerSecond)) {
          const due = (op.objectCount / this.options.objectsPerSecond) * 1000 - (performance.now() - started);
          if (due > 0) await this.sleep(due);
        } else {
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        if (offset >= total) break;
      }
      if ((op.status as BulkStatus) === "CANCELING") return this.finish(op, baseCtx, "CANCELED", null, null, stream);
      if (failure && op.objectCount >= failure.afterObjects) return this.finish(op, baseCtx, "FAILED", failure.errorCode, token, stream);
      return this.finish(op, baseCtx, "COMPLETED", null, token, stream);
    } catch {
      return this.finish(op, baseCtx, "FAILED", "INTERNAL_SERVER_ERROR", token, stream);
    }
  }

  private async finish(
    op: BulkOperationRecord,
    ctx: SimContext,
    status: BulkStatus,
    errorCode: BulkErrorCode | null,
    token: string | null,
    stream?: WriteStream,
  ): Promise<void> {
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
    if (this.stopped) return;
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = isoNow(this.options.clock);
    if (token && stream && op.objectCount > 0) {
      const path = String(stream.path);
      this.files.set(token, { path, expiresAt: Date.now() + RESULT_TTL_MS });
      const url = `${this.options.publicUrl()}/bulk-results/${token}.jsonl`;
      if (status === "COMPLETED") {
        op.url = url;
        op.fileSize = statSync(path).size;
      } else if (status === "FAILED") {
        op.partialDataUrl = url;
      }
    }
    this.options.webhooks.emit(
      ctx.shop,
      "bulk_operations/finish",
      {
        admin_graphql_api_id: toGid("BulkOperation", op.id),
        completed_at: op.completedAt,
        created_at: op.createdAt,
        error_code: op.errorCode?.toLowerCase() ?? null,
        status: op.status.toLowerCase(),
        type: "query",
      },
      op.apiKey,
    );
  }
}
