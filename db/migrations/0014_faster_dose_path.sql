-- The queue index held every registration by (day, status, time): a dose moved its entry from the
-- waiting part to the vaccinated part, rewriting two or three index pages. Now the day's
-- registrations are indexed by time alone, and the waiting queue apart in a partial index: a
-- registration leaving the queue deletes one entry there and rewrites no other index.
DROP INDEX `registrations_queue`;--> statement-breakpoint
CREATE INDEX `registrations_day` ON `registrations` (`day_id`,`registered_at`);--> statement-breakpoint
CREATE INDEX `registrations_waiting` ON `registrations` (`day_id`,`registered_at`) WHERE queue_status = 'waiting';--> statement-breakpoint
-- The audit log's seq is the chain's own numbering (the last entry's seq + 1, covered by its hash):
-- AUTOINCREMENT only made every append also rewrite sqlite_sequence, one more page per write.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`device_at` integer NOT NULL,
	`user_id` text,
	`station` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text,
	`entity_id` text,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	CONSTRAINT "audit_log_action" CHECK(coalesce(length(trim(action)), 0) > 0),
	CONSTRAINT "audit_log_detail" CHECK(json_valid("__new_audit_log"."detail")),
	CONSTRAINT "audit_log_hashes" CHECK(length("__new_audit_log"."prev_hash") = 64 AND length("__new_audit_log"."hash") = 64)
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("seq", "at", "device_at", "user_id", "station", "action", "entity_type", "entity_id", "detail", "prev_hash", "hash") SELECT "seq", "at", "device_at", "user_id", "station", "action", "entity_type", "entity_id", "detail", "prev_hash", "hash" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
-- The rebuild dropped the old table's triggers with it: the log stays append-only, and the set-back
-- guard's mark rises with what signed-in staff did (as migrations 0001 and 0013 made them).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY: audit rows cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY: audit rows cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER station_high_water_audit AFTER INSERT ON audit_log
WHEN NEW.user_id IS NOT NULL
	AND NEW.action NOT LIKE 'auth.%'
	AND NEW.action <> 'access.denied'
	AND NEW.at > (SELECT at FROM station_high_water WHERE id = 1)
BEGIN
	UPDATE station_high_water SET at = NEW.at WHERE id = 1;
END;
