import { AppError } from "../errors";
import { tagShop } from "../observability";
import { sessionFromRequest, type Session } from "../session";

/** The signed-in merchant's session, or a 401; tags error reports with the shop. */
export function requireSession(request: Request): Session {
  const session = sessionFromRequest(request);
  if (!session) throw new AppError("unauthorized", "sign in by installing ShopSync from the start page");
  tagShop(session.shop);
  return session;
}
