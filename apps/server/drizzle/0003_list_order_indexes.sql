DROP INDEX "conversations_user_list_idx";--> statement-breakpoint
DROP INDEX "conversations_space_idx";--> statement-breakpoint
CREATE INDEX "conversations_user_list_idx" ON "conversations" USING btree ("user_id","is_archived","is_pinned" DESC NULLS LAST,"last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_space_idx" ON "conversations" USING btree ("space_id","is_archived","is_pinned" DESC NULLS LAST,"last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);