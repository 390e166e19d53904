import { InstallForm } from "@/components/install-form";

const FEATURES = [
  {
    title: "Everything, durably",
    body: "Products, variants, orders, customers and inventory at every location, copied by checkpointed workflows that resume after any crash.",
  },
  { title: "Progress you can trust", body: "Each stage reports what it has imported out of Shopify's own counts. No guessing bars." },
  { title: "Always fresh", body: "Webhooks apply changes within seconds; a daily refresh closes any gap they leave." },
  { title: "Nothing lost", body: "A record that cannot be stored lands in a dead-letter queue with its raw payload, ready to retry." },
];

export default async function LandingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const error = typeof params.error === "string" ? params.error : undefined;
  const shop = typeof params.shop === "string" ? params.shop : undefined;
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-10 px-6 py-16">
      <header className="flex flex-col gap-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand">ShopSync</p>
        <h1 className="text-4xl font-bold tracking-tight">Your Shopify store, in your own Postgres.</h1>
        <p className="text-lg text-slate-600">
          Install once. ShopSync copies your catalogue, orders, customers and inventory into your database and keeps the copy true.
        </p>
      </header>
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <InstallForm error={error} defaultShop={shop} />
      </section>
      <section className="grid gap-4 sm:grid-cols-2">
        {FEATURES.map((feature) => (
          <div key={feature.title} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">{feature.title}</h2>
            <p className="mt-1 text-sm text-slate-600">{feature.body}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
