import type { Metadata } from "next";
import Link from "next/link";
import { BundleEditor } from "@/components/bundle-editor";
import { ChannelConnectForm } from "@/components/channel-connect-form";
import { ChannelMappingImport } from "@/components/channel-mapping-import";
import { ChannelPushButton } from "@/components/channel-push-button";
import { ChannelSettingsForm } from "@/components/channel-settings-form";
import { ListingMappingForm } from "@/components/listing-mapping-form";
import { getChannelsPageView, LISTING_FILTERS, type ChannelCard, type ChannelsPageView } from "@/lib/channels/channels-view";
import { channelMappingUrl } from "@/lib/client/channels-api";
import { formatCount } from "@/lib/format/count";
import { merchantSessionOrRedirect } from "@/lib/merchant-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sales channels · ShopSync" };

const CIRCUIT_CLASS: Record<string, string> = {
  closed: "bg-emerald-100 text-emerald-800",
  half_open: "bg-amber-100 text-amber-900",
  open: "bg-red-100 text-red-800",
};
const CIRCUIT_TEXT: Record<string, string> = { closed: "Healthy", half_open: "Probing", open: "Paused after failures" };

const when = (iso: string | Date | null) => (iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "never");

function StatusCard({ channel, locations }: { channel: ChannelCard; locations: ChannelsPageView["locations"] }) {
  return (
    <li
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="channel-card"
      data-channel-kind={channel.kind}
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="font-semibold">{channel.name}</p>
          <p className="text-sm text-slate-600">
            {channel.kind} · {channel.status.replace("_", " ")}
          </p>
        </div>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-semibold ${CIRCUIT_CLASS[channel.circuitState] ?? ""}`}
          data-testid="circuit-state"
          data-state={channel.circuitState}
        >
          {CIRCUIT_TEXT[channel.circuitState] ?? channel.circuitState}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <dt className="text-slate-500">Last push</dt>
        <dd data-testid="last-push">{when(channel.lastPushAt)}</dd>
        <dt className="text-slate-500">Pending</dt>
        <dd data-testid="pending">{formatCount(channel.listings.pending)}</dd>
        <dt className="text-slate-500">Failed</dt>
        <dd data-testid="failed">{formatCount(channel.listings.failed)}</dd>
        <dt className="text-slate-500">Mapped</dt>
        <dd>
          {formatCount(channel.listings.mapped)} of {formatCount(channel.listings.total)}
        </dd>
        <dt className="text-slate-500">Rate use</dt>
        <dd data-testid="rate-use" className="col-span-3">
          {channel.rateUse && channel.rateLimit
            ? `${channel.rateUse.perSecond.toFixed(2)} SKUs/s in the last push, ${Math.round(channel.rateUse.share * 100)}% of ${channel.rateLimit.requestsPerSecond.toFixed(2)}/s (${channel.rateLimit.source})`
            : channel.rateLimit
              ? `nothing sent yet; paced to ${channel.rateLimit.requestsPerSecond.toFixed(2)}/s (${channel.rateLimit.source})`
              : "unknown"}
        </dd>
      </dl>
      {channel.lastPushError ? <p className="text-sm text-red-700">Last error: {channel.lastPushError}</p> : null}
      {channel.circuitState === "open" && channel.nextProbeAt ? (
        <p className="text-sm text-amber-800">ShopSync tries the channel again at {when(channel.nextProbeAt)}.</p>
      ) : null}
      <div className="flex items-center justify-between gap-3">
        <Link href={`/dashboard/channels?channel=${channel.id}`} className="text-sm text-brand underline">
          Mapping
        </Link>
        <ChannelPushButton id={channel.id} />
      </div>
      <details>
        <summary className="cursor-pointer text-sm text-slate-700">Settings</summary>
        <ChannelSettingsForm
          channelId={channel.id}
          locations={locations}
          locationIds={channel.locationIds}
          safetyBuffer={channel.safetyBuffer}
        />
      </details>
      <details>
        <summary className="cursor-pointer text-sm text-slate-700">Push history</summary>
        <table className="mt-2 w-full text-left text-sm" data-testid="push-history">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Asked</th>
              <th>Why</th>
              <th>Status</th>
              <th className="text-right">Pending</th>
              <th className="text-right">Pushed</th>
              <th className="text-right">Refused</th>
            </tr>
          </thead>
          <tbody>
            {channel.pushes.map((push) => (
              <tr key={push.id} data-status={push.status} className="border-t border-slate-100">
                <td className="py-1">{when(push.createdAt)}</td>
                <td>{push.reason}</td>
                <td title={push.outcome ?? undefined}>{push.status.replace("_", " ")}</td>
                <td className="text-right tabular-nums">{push.pending ?? "–"}</td>
                <td className="text-right tabular-nums">{push.accepted}</td>
                <td className="text-right tabular-nums">{push.rejected}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </li>
  );
}

export default async function ChannelsPage({ searchParams }: { searchParams: Promise<{ channel?: string; filter?: string }> }) {
  const session = await merchantSessionOrRedirect();
  const view = await getChannelsPageView(session.shop, await searchParams);
  const selected = view.selected;
  const bundleSku = new Map(view.bundles.map((bundle) => [bundle.id, bundle.sku]));

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-12">
      <header className="flex flex-col gap-2">
        <Link href="/dashboard" className="text-sm text-brand underline">
          Back to the dashboard
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">Sales channels</h1>
        <p className="text-slate-600">
          ShopSync keeps each channel&apos;s quantities equal to what Shopify says is sellable, minus the channel&apos;s safety buffer.
        </p>
      </header>

      {view.channels.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-600" data-testid="channels-empty">
          No channel is connected yet.
        </p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {view.channels.map((channel) => (
            <StatusCard key={channel.id} channel={channel} locations={view.locations} />
          ))}
        </ul>
      )}

      {selected ? (
        <section className="flex flex-col gap-3" aria-label="Mapping">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 className="text-xl font-semibold">Mapping: {selected.name}</h2>
            <a href={channelMappingUrl(selected.id)} className="text-sm text-brand underline" download>
              Export CSV
            </a>
          </div>
          <ChannelMappingImport channelId={selected.id} />
          <ListingMappingForm channelId={selected.id} skus={selected.skus} bundleSkus={view.bundles.map((bundle) => bundle.sku)} />
          <nav className="flex gap-2 text-sm" aria-label="Filter listings">
            {LISTING_FILTERS.map((filter) => (
              <Link
                key={filter}
                href={`/dashboard/channels?channel=${selected.id}&filter=${filter}`}
                aria-current={filter === selected.filter ? "page" : undefined}
                className={`rounded-full px-3 py-1 ${filter === selected.filter ? "bg-brand text-white" : "bg-slate-100 text-slate-700"}`}
              >
                {filter}
              </Link>
            ))}
          </nav>
          <table className="w-full text-left text-sm" data-testid="listings">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Channel SKU</th>
                <th>Mapped to</th>
                <th className="text-right">Should show</th>
                <th className="text-right">Channel shows</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {selected.listings.map((listing) => (
                <tr key={listing.sku} data-sku={listing.sku} className="border-t border-slate-100">
                  <td className="py-1 font-mono">{listing.sku}</td>
                  <td className="font-mono text-xs" data-testid="mapped-to">
                    {listing.bundleId ? `bundle ${bundleSku.get(listing.bundleId) ?? listing.bundleId}` : (listing.variantId ?? "unmapped")}
                  </td>
                  <td className="text-right tabular-nums">{listing.desired ?? "–"}</td>
                  <td className="text-right tabular-nums">{listing.acknowledged ?? "–"}</td>
                  <td className="text-red-700">
                    {listing.fba ? <span className="text-slate-600">fulfilled by Amazon: not pushed</span> : listing.error}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected.listings.length === 0 ? <p className="text-sm text-slate-600">No listing matches this filter.</p> : null}
        </section>
      ) : null}

      {view.channels.length ? <BundleEditor bundles={view.bundles} /> : null}

      <ChannelConnectForm />
    </main>
  );
}
