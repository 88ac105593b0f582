CREATE TABLE `device_settings` (
	`station_id` text PRIMARY KEY NOT NULL,
	`card_reader` text,
	`serial_path` text,
	`serial_baud_rate` integer DEFAULT 9600 NOT NULL,
	`serial_terminator` text DEFAULT 'CR' NOT NULL,
	`hid_vendor_id` integer,
	`hid_product_id` integer,
	`hid_mode` text DEFAULT 'pos' NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "device_settings_baud" CHECK("device_settings"."serial_baud_rate" BETWEEN 1200 AND 921600),
	CONSTRAINT "device_settings_terminator" CHECK("device_settings"."serial_terminator" IN ('CR', 'LF', 'CRLF', 'TAB', 'none')),
	CONSTRAINT "device_settings_hid_mode" CHECK("device_settings"."hid_mode" IN ('pos', 'keyboard')),
	CONSTRAINT "device_settings_hid_ids" CHECK((hid_vendor_id IS NULL) = (hid_product_id IS NULL) AND coalesce(hid_vendor_id, 0) BETWEEN 0 AND 65535 AND coalesce(hid_product_id, 0) BETWEEN 0 AND 65535),
	CONSTRAINT "device_settings_serial_path" CHECK(serial_path IS NULL OR coalesce(length(trim(serial_path)), 0) > 0)
);
