import { z } from "zod";
import { signInOperator } from "@/lib/admin/admin-auth";
import { adminCookie, clearedAdminCookie } from "@/lib/admin/admin-session";
import { clientAddress } from "@/lib/admin/client-address";
import { env } from "@/lib/env";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";

export const dynamic = "force-dynamic";

const signInSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }).strict();

/** Operator sign-in: 204 with the operator's own cookie; 401 wrong credentials; 429 too many attempts. */
export const POST = handleRoute(async (request) => {
  requireSameOrigin(request);
  const { email, password } = signInSchema.parse(await request.json().catch(() => ({})));
  await signInOperator(email, password, clientAddress(request));
  const secure = new URL(env().APP_URL).protocol === "https:";
  return new Response(null, { status: 204, headers: { "set-cookie": adminCookie(email, secure) } });
});

/** Sign out. */
export const DELETE = handleRoute(async (request) => {
  requireSameOrigin(request);
  return new Response(null, { status: 204, headers: { "set-cookie": clearedAdminCookie } });
});
