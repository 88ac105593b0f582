ALTER TABLE `ppv_settings` ADD `recipient_reads_per_hour` integer DEFAULT 300 NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `presence_read_id` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `presence_typed_reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_presence_read` ON `registrations` (`presence_read_id`);
