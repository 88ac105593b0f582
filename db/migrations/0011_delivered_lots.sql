CREATE TABLE `delivered_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`product_code` text NOT NULL,
	`gtin` text NOT NULL,
	`lot` text NOT NULL,
	`expiry` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`product_code`) REFERENCES `products`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "delivered_lots_lot" CHECK(coalesce(length(trim(lot)), 0) > 0),
	CONSTRAINT "delivered_lots_expiry" CHECK(expiry GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "delivered_lots_gtin" CHECK(length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivered_lots_gtin_lot` ON `delivered_lots` (`gtin`,`lot`);