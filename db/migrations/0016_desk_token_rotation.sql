PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_desks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`previous_token_hash` text,
	`rotated_at` integer,
	`paired_at` integer NOT NULL,
	`pairing_code_hash` text NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	`revoke_reason` text,
	`revoke_cause` text,
	FOREIGN KEY (`pairing_code_hash`) REFERENCES `pairing_codes`(`code_hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "desks_id" CHECK(length(id) = 36),
	CONSTRAINT "desks_name" CHECK(coalesce(length(trim(name)), 0) > 0 AND length(name) <= 40),
	CONSTRAINT "desks_revoked" CHECK((revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL AND revoke_cause IS NULL) OR (revoked_at IS NOT NULL AND coalesce(length(trim(revoke_reason)), 0) > 0 AND ((revoke_cause = 'manager' AND revoked_by IS NOT NULL) OR (revoke_cause = 'copied' AND revoked_by IS NULL)))),
	CONSTRAINT "desks_previous_token" CHECK(previous_token_hash IS NULL OR rotated_at IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_desks`("id", "name", "token_hash", "paired_at", "pairing_code_hash", "last_seen_at", "revoked_at", "revoked_by", "revoke_reason", "revoke_cause") SELECT "id", "name", "token_hash", "paired_at", "pairing_code_hash", "last_seen_at", "revoked_at", "revoked_by", "revoke_reason", CASE WHEN "revoked_at" IS NOT NULL THEN 'manager' END FROM `desks`;--> statement-breakpoint
DROP TABLE `desks`;--> statement-breakpoint
ALTER TABLE `__new_desks` RENAME TO `desks`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `desks_token_hash_unique` ON `desks` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `desks_previous_token_hash_unique` ON `desks` (`previous_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `desks_pairing_code_hash_unique` ON `desks` (`pairing_code_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `desks_active_name` ON `desks` (lower("name")) WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE TABLE `desk_retired_tokens` (
	`desk_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`retired_at` integer NOT NULL,
	PRIMARY KEY(`desk_id`, `token_hash`),
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action
);
