import { AppError } from "../errors";

/** A request's JSON body; an empty body is `emptyAs` when given (else a 400), and text that is not JSON is a 400. */
export async function readJsonBody(request: Request, options: { emptyAs?: unknown } = {}): Promise<unknown> {
  const text = await request.text();
  if (!text.trim() && "emptyAs" in options) return options.emptyAs;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the request body is not JSON");
  }
}
