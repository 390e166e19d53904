/**
 * The merchant's session for a server-rendered page: the signed-in shop's session, or a redirect
 * to the landing page (where the merchant installs or signs in again). Every merchant page starts here.
 */
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { decodeSession, SESSION_COOKIE, type Session } from "./session";

export async function merchantSessionOrRedirect(): Promise<Session> {
  const session = decodeSession((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) redirect("/");
  return session;
}
