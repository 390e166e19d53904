-- AlterTable
ALTER TABLE "FailedSyncItem" ADD COLUMN     "parentShopifyId" TEXT;

-- Dead letters written before the column named their parent only in the error message
-- ("<Type> <id> belongs to <ParentType> <parentId>, which is not stored"): move it into the column.
UPDATE "FailedSyncItem"
SET "parentShopifyId" = substring("errorMessage" from ' belongs to [A-Za-z]+ (gid://shopify/[A-Za-z]+/[^\s,]+), which is not stored')
WHERE "parentShopifyId" IS NULL AND "errorMessage" LIKE '%, which is not stored%';
