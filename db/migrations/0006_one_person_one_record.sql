CREATE TABLE `recipient_names` (
	`recipient_id` text NOT NULL,
	`name_key` text NOT NULL,
	`birth_date` text NOT NULL,
	PRIMARY KEY(`recipient_id`, `name_key`),
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recipient_names_key" CHECK(coalesce(length(trim(name_key)), 0) > 0),
	CONSTRAINT "recipient_names_birth_date" CHECK(birth_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `recipient_names_key_birth` ON `recipient_names` (`name_key`,`birth_date`);--> statement-breakpoint
DROP INDEX `recipients_name_birth`;--> statement-breakpoint
ALTER TABLE `recipients` ADD `identity_key` text GENERATED ALWAYS AS (CASE
      WHEN doc_number IS NULL THEN NULL
      WHEN doc_type IN ('MYKAD', 'MYPR', 'MYKAS', 'BIRTH_CERT') AND length(doc_number) = 12 AND doc_number NOT GLOB '*[^0-9]*'
        THEN 'JPN:' || doc_number
      ELSE doc_type || ':' || doc_country || ':' || doc_number END) VIRTUAL;--> statement-breakpoint
ALTER TABLE `recipients` ADD `identity_conflict_of` text REFERENCES recipients(id);--> statement-breakpoint
ALTER TABLE `recipients` ADD `name_key_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Recipients an older version let in twice, under two JPN card types with the same 12 digits, are
-- kept and flagged: each later one points to the first (created first, then by id). A temporary
-- index keeps this quick on a large database.
CREATE INDEX `recipients_identity_key_migrating` ON `recipients` (`identity_key`, `created_at`, `id`);--> statement-breakpoint
UPDATE recipients SET identity_conflict_of = (
  SELECT first.id FROM recipients first
  WHERE first.identity_key = recipients.identity_key
  ORDER BY first.created_at, first.id LIMIT 1)
WHERE identity_key GLOB 'JPN:*'
  AND EXISTS (
    SELECT 1 FROM recipients earlier
    WHERE earlier.identity_key = recipients.identity_key
      AND (earlier.created_at < recipients.created_at
        OR (earlier.created_at = recipients.created_at AND earlier.id < recipients.id)));--> statement-breakpoint
DROP INDEX `recipients_identity_key_migrating`;--> statement-breakpoint
CREATE UNIQUE INDEX `recipients_identity` ON `recipients` (`identity_key`) WHERE identity_conflict_of IS NULL;--> statement-breakpoint
CREATE INDEX `recipients_identity_conflict` ON `recipients` (`identity_conflict_of`) WHERE identity_conflict_of IS NOT NULL;--> statement-breakpoint
CREATE INDEX `recipients_name_key_version` ON `recipients` (`name_key_version`) WHERE purged_at IS NULL;--> statement-breakpoint
-- The flag is the migration's alone: a new row cannot carry it past the unique identity key, and a
-- row cannot be given it later. It may only be cleared (the unique index then has its say).
CREATE TRIGGER recipients_identity_conflict_insert BEFORE INSERT ON recipients
WHEN NEW.identity_conflict_of IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'IDENTITY_CONFLICT_FLAG_FIXED');
END;--> statement-breakpoint
CREATE TRIGGER recipients_identity_conflict_update BEFORE UPDATE OF identity_conflict_of ON recipients
WHEN NEW.identity_conflict_of IS NOT NULL AND NEW.identity_conflict_of IS NOT OLD.identity_conflict_of
BEGIN
  SELECT RAISE(ABORT, 'IDENTITY_CONFLICT_FLAG_FIXED');
END;--> statement-breakpoint
-- The names as older versions normalised them, until the console keys them again at start
-- (name_key_version 0 marks them).
INSERT INTO recipient_names (recipient_id, name_key, birth_date)
  SELECT id, name_key, birth_date FROM recipients
  WHERE purged_at IS NULL AND coalesce(length(trim(name_key)), 0) > 0 AND birth_date IS NOT NULL;--> statement-breakpoint
-- Names are personal data: they go with the purge, and follow a corrected birth date.
CREATE TRIGGER recipient_names_purged AFTER UPDATE OF purged_at ON recipients
WHEN NEW.purged_at IS NOT NULL
BEGIN
  DELETE FROM recipient_names WHERE recipient_id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER recipient_names_birth_date AFTER UPDATE OF birth_date ON recipients
WHEN NEW.birth_date IS NOT NULL AND NEW.birth_date IS NOT OLD.birth_date
BEGIN
  UPDATE recipient_names SET birth_date = NEW.birth_date WHERE recipient_id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER recipient_names_of_purged BEFORE INSERT ON recipient_names
WHEN (SELECT purged_at FROM recipients WHERE id = NEW.recipient_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'PURGED');
END;
