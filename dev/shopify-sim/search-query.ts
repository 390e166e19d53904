/**
 * The subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) that the
 * simulator understands: `field:value`, `field:>value` (also >=, <, <=), comma lists (`status:active,draft`),
 * quoted values, implicit and explicit AND, OR, NOT / leading `-`, and parentheses. A field the
 * resource does not support is an error, never silently ignored.
 */
export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export type SearchNode =
  | { kind: "term"; field: string | null; comparator: Comparator; value: string }
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] }
  | { kind: "not"; child: SearchNode };

export class SearchSyntaxError extends Error {}

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push(ch);
      i++;
      continue;
    }
    let token = "";
    while (i < input.length && !/\s/.test(input[i]!) && input[i] !== "(" && input[i] !== ")") {
      const c = input[i]!;
      if (c === '"' || c === "'") {
        const end = input.indexOf(c, i + 1);
        if (end === -1) throw new SearchSyntaxError(`Unterminated quote in search query: ${input}`);
        token += input.slice(i, end + 1);
        i = end + 1;
      } else {
        token += c;
        i++;
      }
    }
    tokens.push(token);
  }
  return tokens;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) return value.slice(1, -1);
  return value;
}

function parseTerm(token: string): SearchNode {
  if (token.startsWith("-") && token.length > 1) return { kind: "not", child: parseTerm(token.slice(1)) };
  const colon = token.indexOf(":");
  if (colon <= 0 || token.startsWith('"') || token.startsWith("'")) {
    return { kind: "term", field: null, comparator: ":", value: unquote(token) };
  }
  const field = token.slice(0, colon).toLowerCase();
  let rest = token.slice(colon + 1);
  let comparator: Comparator = ":";
  for (const op of [">=", "<=", ">", "<"] as const) {
    if (rest.startsWith(op)) {
      comparator = op;
      rest = rest.slice(op.length);
      break;
    }
  }
  return { kind: "term", field, comparator, value: unquote(rest) };
}

export function parseSearchQuery(input: string): SearchNode | null {
  const tokens = tokenize(input);
  let pos = 0;
  const parseOr = (): SearchNode => {
    const children = [parseAnd()];
    while (tokens[pos] === "OR") {
      pos++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: "or", children };
  };
  const parseAnd = (): SearchNode => {
    const children: SearchNode[] = [];
    while (pos < tokens.length && tokens[pos] !== ")" && tokens[pos] !== "OR") {
      if (tokens[pos] === "AND") {
        pos++;
        continue;
      }
      children.push(parseUnary());
    }
    if (children.length === 0) throw new SearchSyntaxError(`Empty expression in search query: ${input}`);
    return children.length === 1 ? children[0]! : { kind: "and", children };
  };
  const parseUnary = (): SearchNode => {
    const token = tokens[pos]!;
    if (token === "NOT") {
      pos++;
      return { kind: "not", child: parseUnary() };
    }
    if (token === "(") {
      pos++;
      const inner = parseOr();
      if (tokens[pos] !== ")") throw new SearchSyntaxError(`Missing ) in search query: ${input}`);
      pos++;
      return inner;
    }
    pos++;
    return parseTerm(token);
  };
  if (tokens.length === 0) return null;
  const node = parseOr();
  if (pos !== tokens.length) throw new SearchSyntaxError(`Unexpected ${tokens[pos]} in search query: ${input}`);
  return node;
}

/** How a resource exposes a search field: a value getter and how to compare it. */
export type FieldSpec<T> =
  | { type: "date"; get: (record: T) => string | null }
  | { type: "number"; get: (record: T) => number | null }
  | { type: "string"; get: (record: T) => string | null | readonly string[] }
  | { type: "custom"; match: (record: T, comparator: Comparator, value: string) => boolean };

export interface SearchSpec<T> {
  resource: string;
  fields: Record<string, FieldSpec<T>>;
  /** Free text without a field (e.g. a title search); absent means free text is unsupported. */
  freeText?: (record: T) => string;
}

function compare(a: number, comparator: Comparator, b: number): boolean {
  switch (comparator) {
    case ":":
      return a === b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

function parseDateValue(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SearchSyntaxError(`Invalid date in search query: ${value}`);
  return ms;
}

export function compileSearch<T>(query: string | null | undefined, spec: SearchSpec<T>): (record: T) => boolean {
  if (!query || !query.trim()) return () => true;
  const ast = parseSearchQuery(query);
  if (!ast) return () => true;
  const build = (node: SearchNode): ((record: T) => boolean) => {
    if (node.kind === "and") {
      const parts = node.children.map(build);
      return (r) => parts.every((p) => p(r));
    }
    if (node.kind === "or") {
      const parts = node.children.map(build);
      return (r) => parts.some((p) => p(r));
    }
    if (node.kind === "not") {
      const inner = build(node.child);
      return (r) => !inner(r);
    }
    if (node.field === null) {
      const freeText = spec.freeText;
      if (!freeText)
        throw new SearchSyntaxError(`Free-text search is not supported by the simulator for ${spec.resource}: "${node.value}"`);
      const needle = node.value.toLowerCase();
      return (r) => freeText(r).toLowerCase().includes(needle);
    }
    const field = spec.fields[node.field];
    if (!field) {
      throw new SearchSyntaxError(
        `Search field '${node.field}' is not supported by the simulator for ${spec.resource} (supported: ${Object.keys(spec.fields).join(", ")})`,
      );
    }
    const { comparator, value } = node;
    if (field.type === "custom") return (r) => field.match(r, comparator, value);
    if (value === "*") return (r) => field.get(r) !== null && field.get(r) !== "";
    if (field.type === "date") {
      const target = parseDateValue(value);
      // A bare date (`updated_at:2024-01-01`) matches the whole day.
      const wholeDay = comparator === ":" && /^\d{4}-\d{2}-\d{2}$/.test(value);
      return (r) => {
        const got = field.get(r);
        if (got === null) return false;
        const ms = Date.parse(got);
        if (wholeDay) return ms >= target && ms < target + 86_400_000;
        return compare(ms, comparator, target);
      };
    }
    if (field.type === "number") {
      const target = Number(value);
      if (Number.isNaN(target)) throw new SearchSyntaxError(`Invalid number in search query: ${node.field}:${value}`);
      return (r) => {
        const got = field.get(r);
        return got !== null && compare(got, comparator, target);
      };
    }
    const options = value.split(",").map((v) => v.toLowerCase());
    return (r) => {
      const got = field.get(r);
      if (got === null) return false;
      const values = typeof got === "string" ? [got] : got;
      return values.some((v) => {
        const lower = v.toLowerCase();
        if (comparator !== ":") return compare(lower.localeCompare(options[0]!), comparator, 0);
        return options.some((o) => (o.endsWith("*") ? lower.startsWith(o.slice(0, -1)) : lower === o));
      });
    };
  };
  return build(ast);
}
