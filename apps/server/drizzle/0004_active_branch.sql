ALTER TABLE "messages" ADD COLUMN "on_active_branch" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_root_idx" ON "messages" USING btree ("conversation_id") WHERE "messages"."parent_id" is null;--> statement-breakpoint
-- Existing conversations: only the path from each active leaf up to its root stays on the active branch.
WITH RECURSIVE "shown" ("id", "parent_id", "depth") AS (
	SELECT "m"."id", "m"."parent_id", 1 FROM "conversations" "c" JOIN "messages" "m" ON "m"."id" = "c"."active_leaf_id"
	UNION ALL
	SELECT "m"."id", "m"."parent_id", "s"."depth" + 1 FROM "messages" "m" JOIN "shown" "s" ON "m"."id" = "s"."parent_id" WHERE "s"."depth" < 10000000
)
UPDATE "messages" SET "on_active_branch" = false WHERE NOT EXISTS (SELECT 1 FROM "shown" WHERE "shown"."id" = "messages"."id");
