-- One set of status words (docs/architecture.md, "Words"): a shop's sync summary says RUNNING as its
-- sync run does, and a channel push that ended well is completed, as a run is. Renamed in place, so
-- existing rows keep their meaning (a cast through new types would fail on the old words).
ALTER TYPE "SyncStatus" RENAME VALUE 'IN_PROGRESS' TO 'RUNNING';
ALTER TYPE "ChannelPushStatus" RENAME VALUE 'succeeded' TO 'completed';
