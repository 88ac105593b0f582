PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_recipients` (
	`id` text PRIMARY KEY NOT NULL,
	`doc_type` text NOT NULL,
	`doc_number` text,
	`doc_country` text NOT NULL,
	`full_name` text,
	`name_key` text,
	`birth_date` text,
	`sex` text NOT NULL,
	`nationality` text NOT NULL,
	`address_line` text,
	`postcode` text,
	`state` text NOT NULL,
	`duplicate_approved_by` text,
	`duplicate_reason` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`purged_at` integer,
	FOREIGN KEY (`duplicate_approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recipients_doc_type" CHECK("__new_recipients"."doc_type" IN ('MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT')),
	CONSTRAINT "recipients_doc_number" CHECK("__new_recipients"."doc_number" NOT GLOB '*[^A-Z0-9]*' AND length("__new_recipients"."doc_number") BETWEEN 5 AND 20),
	CONSTRAINT "recipients_doc_country" CHECK("__new_recipients"."doc_country" GLOB '[A-Z][A-Z][A-Z]'),
	CONSTRAINT "recipients_personal" CHECK(CASE WHEN purged_at IS NULL
        THEN doc_number IS NOT NULL AND birth_date IS NOT NULL AND postcode IS NOT NULL AND coalesce(length(trim(full_name)), 0) > 0 AND coalesce(length(trim(name_key)), 0) > 0
        ELSE doc_number IS NULL AND full_name IS NULL AND name_key IS NULL AND birth_date IS NULL AND address_line IS NULL AND postcode IS NULL AND duplicate_reason IS NULL END),
	CONSTRAINT "recipients_birth_date" CHECK(birth_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "recipients_sex" CHECK("__new_recipients"."sex" IN ('M', 'F')),
	CONSTRAINT "recipients_nationality" CHECK("__new_recipients"."nationality" GLOB '[A-Z][A-Z][A-Z]'),
	CONSTRAINT "recipients_postcode" CHECK("__new_recipients"."postcode" GLOB '[0-9][0-9][0-9][0-9][0-9]'),
	CONSTRAINT "recipients_state" CHECK(coalesce(length(trim(state)), 0) > 0),
	CONSTRAINT "recipients_duplicate_approval" CHECK((duplicate_approved_by IS NULL AND duplicate_reason IS NULL) OR (duplicate_approved_by IS NOT NULL AND (coalesce(length(trim(duplicate_reason)), 0) > 0 OR purged_at IS NOT NULL)))
);
--> statement-breakpoint
INSERT INTO `__new_recipients`("id", "doc_type", "doc_number", "doc_country", "full_name", "name_key", "birth_date", "sex", "nationality", "address_line", "postcode", "state", "duplicate_approved_by", "duplicate_reason", "created_at", "created_by", "purged_at") SELECT "id", "doc_type", "doc_number", "doc_country", "full_name", "name_key", "birth_date", "sex", "nationality", "address_line", "postcode", "state", "duplicate_approved_by", "duplicate_reason", "created_at", "created_by", NULL FROM `recipients`;--> statement-breakpoint
DROP TABLE `recipients`;--> statement-breakpoint
ALTER TABLE `__new_recipients` RENAME TO `recipients`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `recipients_identity_key` ON `recipients` (`doc_type`,`doc_number`,`doc_country`);--> statement-breakpoint
CREATE INDEX `recipients_name_birth` ON `recipients` (`name_key`,`birth_date`);--> statement-breakpoint
CREATE TABLE `__new_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`recipient_id` text NOT NULL,
	`day_id` text NOT NULL,
	`channel` text NOT NULL,
	`phone` text,
	`consent` integer NOT NULL,
	`slip_token` text NOT NULL,
	`registered_at` integer NOT NULL,
	`registered_device_at` integer NOT NULL,
	`registered_by` text NOT NULL,
	`queue_status` text NOT NULL,
	`outcome_reason` text,
	`presence_method` text,
	`presence_confirmed_at` integer,
	`presence_confirmed_by` text,
	`purged_at` integer,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`day_id`) REFERENCES `days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`presence_confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "registrations_channel" CHECK("__new_registrations"."channel" IN ('walk-in', 'outreach')),
	CONSTRAINT "registrations_phone" CHECK(CASE WHEN purged_at IS NOT NULL THEN phone IS NULL AND outcome_reason IS NULL WHEN phone IS NULL THEN channel = 'outreach' ELSE phone GLOB '+[0-9]*' AND phone NOT GLOB '+*[^0-9]*' AND length(phone) BETWEEN 9 AND 16 END),
	CONSTRAINT "registrations_consent" CHECK("__new_registrations"."consent" = 1),
	CONSTRAINT "registrations_queue_status" CHECK("__new_registrations"."queue_status" IN ('waiting', 'vaccinated', 'deferred', 'left')),
	CONSTRAINT "registrations_outcome_reason" CHECK(queue_status NOT IN ('deferred', 'left') OR purged_at IS NOT NULL OR coalesce(length(trim(outcome_reason)), 0) > 0),
	CONSTRAINT "registrations_presence" CHECK((presence_method IS NULL AND presence_confirmed_at IS NULL AND presence_confirmed_by IS NULL) OR (presence_method IS NOT NULL AND presence_method IN ('MYKAD', 'SLIP_QR') AND presence_confirmed_at IS NOT NULL AND presence_confirmed_by IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_registrations`("id", "recipient_id", "day_id", "channel", "phone", "consent", "slip_token", "registered_at", "registered_device_at", "registered_by", "queue_status", "outcome_reason", "presence_method", "presence_confirmed_at", "presence_confirmed_by", "purged_at") SELECT "id", "recipient_id", "day_id", "channel", "phone", "consent", "slip_token", "registered_at", "registered_device_at", "registered_by", "queue_status", "outcome_reason", "presence_method", "presence_confirmed_at", "presence_confirmed_by", NULL FROM `registrations`;--> statement-breakpoint
DROP TABLE `registrations`;--> statement-breakpoint
ALTER TABLE `__new_registrations` RENAME TO `registrations`;--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_slip_token_unique` ON `registrations` (`slip_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_once_a_day` ON `registrations` (`recipient_id`,`day_id`);--> statement-breakpoint
CREATE INDEX `registrations_queue` ON `registrations` (`day_id`,`queue_status`,`registered_at`);--> statement-breakpoint
ALTER TABLE `batch_records` ADD `purged_at` integer;--> statement-breakpoint
CREATE INDEX `batch_records_record` ON `batch_records` (`record_id`);--> statement-breakpoint
-- The rebuild dropped it with the old table.
CREATE TRIGGER registrations_not_in_sealed_day BEFORE INSERT ON registrations
WHEN (SELECT state FROM days WHERE id = NEW.day_id) IS NOT 'open'
BEGIN
	SELECT RAISE(ABORT, 'DAY_SEALED: registrations cannot be added to a sealed day');
END;
--> statement-breakpoint
-- A sealed record changes once, and only to lose its recipient under the retention purge.
DROP TRIGGER batch_records_no_update;
--> statement-breakpoint
CREATE TRIGGER batch_records_no_update BEFORE UPDATE ON batch_records
WHEN NOT (
	OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL
	AND NEW.batch_id = OLD.batch_id AND NEW.record_id = OLD.record_id
	AND NEW.position = OLD.position AND NEW.record_type = OLD.record_type
	AND json_extract(NEW.canonical, '$.recipient') IS NULL
)
BEGIN
	SELECT RAISE(ABORT, 'BATCH_SEALED: sealed records cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER recipients_purged_final BEFORE UPDATE ON recipients
WHEN OLD.purged_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'PURGED: a purged recipient cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER registrations_purged_final BEFORE UPDATE ON registrations
WHEN OLD.purged_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'PURGED: a purged registration cannot change');
END;
