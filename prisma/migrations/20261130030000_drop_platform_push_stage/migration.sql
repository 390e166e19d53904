-- Drop the phantom platform_push stage (no code ever wrote it; channels will add a real stage).
-- PostgreSQL cannot drop an enum value, so the type is recreated. No BEGIN/COMMIT here: the
-- migration already runs in one transaction (dev/db/migrate.ts, prisma migrate deploy).
-- AlterEnum
CREATE TYPE "SyncResource_new" AS ENUM ('products', 'orders', 'customers', 'inventory');
ALTER TABLE "SyncRun" ALTER COLUMN "resources" TYPE "SyncResource_new"[] USING ("resources"::text::"SyncResource_new"[]);
ALTER TABLE "SyncStage" ALTER COLUMN "resource" TYPE "SyncResource_new" USING ("resource"::text::"SyncResource_new");
ALTER TYPE "SyncResource" RENAME TO "SyncResource_old";
ALTER TYPE "SyncResource_new" RENAME TO "SyncResource";
DROP TYPE "SyncResource_old";
