-- CreateTable
CREATE TABLE "RecordCount" (
    "id" BIGSERIAL NOT NULL,
    "shopId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "delta" BIGINT NOT NULL,

    CONSTRAINT "RecordCount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordCount_shopId_idx" ON "RecordCount"("shopId");


-- Hand-written: the triggers that keep RecordCount, and the counts of the rows already stored.
-- Statement-level with transition tables: one INSERT per statement and shop, whatever the number
-- of rows (an INSERT ... ON CONFLICT DO UPDATE lists only the rows it inserted in NEW TABLE). A
-- shop whose row is gone (its delete cascading to its records) gets no delta.
CREATE FUNCTION shopsync_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RecordCount" ("shopId", "table", delta)
  SELECT n."shopId", TG_TABLE_NAME, count(*) FROM new_rows n
  WHERE EXISTS (SELECT 1 FROM "Shop" s WHERE s.id = n."shopId")
  GROUP BY n."shopId";
  RETURN NULL;
END $$;

CREATE FUNCTION shopsync_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RecordCount" ("shopId", "table", delta)
  SELECT o."shopId", TG_TABLE_NAME, -count(*) FROM old_rows o
  WHERE EXISTS (SELECT 1 FROM "Shop" s WHERE s.id = o."shopId")
  GROUP BY o."shopId";
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Product', 'ProductVariant', 'Order', 'Customer', 'Location', 'InventoryItem', 'InventoryLevel'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shopsync_count_inserted()', t || '_count_inserted', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shopsync_count_deleted()', t || '_count_deleted', t);
    EXECUTE format('INSERT INTO "RecordCount" ("shopId", "table", delta) SELECT "shopId", %L, count(*) FROM %I GROUP BY "shopId"', t, t);
  END LOOP;
END $$;
