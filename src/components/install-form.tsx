import { SHOP_DOMAIN_HINT } from "@/lib/shopify/shop-domain";

/** Plain HTML form: works without JavaScript; the browser checks the pattern, the server re-checks. */
export function InstallForm({ error, defaultShop }: { error?: string; defaultShop?: string }) {
  return (
    <form action="/api/auth/shopify/install" method="get" className="flex flex-col gap-3" noValidate={false}>
      <label htmlFor="shop" className="text-sm font-medium text-slate-700">
        Your Shopify store
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="shop"
          name="shop"
          type="text"
          required
          defaultValue={defaultShop}
          placeholder="your-store.myshopify.com"
          pattern="[A-Za-z0-9][A-Za-z0-9\-]*(\.myshopify\.com)?"
          title={SHOP_DOMAIN_HINT}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "shop-error" : "shop-hint"}
          className="flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30"
        />
        <button type="submit" className="rounded-md bg-brand px-5 py-2 font-semibold text-white shadow-sm hover:bg-brand-dark">
          Install ShopSync
        </button>
      </div>
      {error ? (
        <p id="shop-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : (
        <p id="shop-hint" className="text-sm text-slate-500">
          {SHOP_DOMAIN_HINT}. You will approve access on Shopify, then watch your data arrive.
        </p>
      )}
    </form>
  );
}
