CREATE TABLE `desks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`paired_at` integer NOT NULL,
	`pairing_code_hash` text NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	`revoke_reason` text,
	FOREIGN KEY (`pairing_code_hash`) REFERENCES `pairing_codes`(`code_hash`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "desks_id" CHECK(length(id) = 36),
	CONSTRAINT "desks_name" CHECK(coalesce(length(trim(name)), 0) > 0 AND length(name) <= 40),
	CONSTRAINT "desks_revoked" CHECK((revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL) OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND coalesce(length(trim(revoke_reason)), 0) > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desks_token_hash_unique` ON `desks` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `desks_pairing_code_hash_unique` ON `desks` (`pairing_code_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `desks_active_name` ON `desks` (lower("name")) WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE TABLE `pairing_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`issued_by` text,
	`used_at` integer,
	`withdrawn_at` integer,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pairing_codes_lifetime" CHECK("pairing_codes"."expires_at" > "pairing_codes"."issued_at"),
	CONSTRAINT "pairing_codes_once" CHECK(used_at IS NULL OR withdrawn_at IS NULL)
);
--> statement-breakpoint
CREATE TABLE `request_outcomes` (
	`request_id` text PRIMARY KEY NOT NULL,
	`station` text NOT NULL,
	`channel` text,
	`saved` integer NOT NULL,
	`at` integer NOT NULL,
	CONSTRAINT "request_outcomes_saved" CHECK("request_outcomes"."saved" IN (0, 1)),
	CONSTRAINT "request_outcomes_channel" CHECK((saved = 1) = (channel IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `request_outcomes_at` ON `request_outcomes` (`at`);