CREATE TABLE `backup_settings` (
	`station_id` text PRIMARY KEY NOT NULL,
	`folder` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "backup_settings_folder" CHECK(coalesce(length(trim(folder)), 0) > 0)
);
