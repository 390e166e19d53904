"use client";

/** The operator's sign-in form; on success the console page re-renders signed in. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signInOperator } from "@/lib/client/admin-api";

export function AdminSignInForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await signInOperator(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.refresh();
  }

  return (
    <form action={(form) => void submit(form)} className="flex max-w-sm flex-col gap-3" data-testid="admin-sign-in">
      <label className="flex flex-col gap-1 text-sm font-semibold">
        Email
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="rounded-md border border-slate-300 px-3 py-2 font-normal"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-semibold">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="rounded-md border border-slate-300 px-3 py-2 font-normal"
        />
      </label>
      <button type="submit" disabled={pending} className="rounded-md bg-brand px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
