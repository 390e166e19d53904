import type { Metadata } from "next";
import Link from "next/link";
import { NotificationSettingsForm } from "@/components/notification-settings-form";
import { KIND_TITLES, NOTIFICATION_KINDS } from "@/lib/notifications/kinds";
import { readShopNotificationSettings } from "@/lib/notifications/shop-notification-settings";
import { merchantSessionOrRedirect } from "@/lib/merchant-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications · ShopSync" };

export default async function NotificationsPage() {
  const session = await merchantSessionOrRedirect();
  const settings = await readShopNotificationSettings(session.shop);
  const kinds = NOTIFICATION_KINDS.filter((kind) => kind !== "test").map((kind) => ({ key: kind, label: KIND_TITLES[kind] }));
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-12">
      <Link href="/dashboard" className="text-brand underline">
        Back to the dashboard
      </Link>
      <h1 className="text-2xl font-bold">Notifications for {session.shop}</h1>
      <p className="text-slate-600">One message per kind per hour; anything more in that hour arrives as one digest.</p>
      <NotificationSettingsForm initial={settings} kinds={kinds} />
    </main>
  );
}
