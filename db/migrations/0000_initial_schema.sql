CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
	CONSTRAINT "audit_log_detail" CHECK(json_valid("audit_log"."detail")),
	CONSTRAINT "audit_log_hashes" CHECK(length("audit_log"."prev_hash") = 64 AND length("audit_log"."hash") = 64)
);
--> statement-breakpoint
CREATE TABLE `batch_records` (
	`batch_id` text NOT NULL,
	`record_id` text NOT NULL,
	`position` integer NOT NULL,
	`record_type` text NOT NULL,
	`canonical` text NOT NULL,
	PRIMARY KEY(`batch_id`, `record_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batch_records_type" CHECK("batch_records"."record_type" IN ('dose', 'void', 'amendment')),
	CONSTRAINT "batch_records_canonical" CHECK(json_valid("batch_records"."canonical"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_records_position` ON `batch_records` (`batch_id`,`position`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`session_date` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer NOT NULL,
	`record_count` integer NOT NULL,
	`content_hash` text NOT NULL,
	`audit_head` text NOT NULL,
	`sealed_by` text NOT NULL,
	`upload_state` text NOT NULL,
	FOREIGN KEY (`day_id`) REFERENCES `days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sealed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batches_id" CHECK(length(id) = 36),
	CONSTRAINT "batches_session_date" CHECK(session_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "batches_times" CHECK("batches"."opened_at" <= "batches"."closed_at"),
	CONSTRAINT "batches_record_count" CHECK("batches"."record_count" BETWEEN 0 AND 100000),
	CONSTRAINT "batches_content_hash" CHECK(length("batches"."content_hash") = 64),
	CONSTRAINT "batches_audit_head" CHECK(length("batches"."audit_head") = 64),
	CONSTRAINT "batches_upload_state" CHECK("batches"."upload_state" IN ('waiting', 'uploading', 'committed', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_day_id_unique` ON `batches` (`day_id`);--> statement-breakpoint
CREATE TABLE `clock_samples` (
	`id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`device_sent_at` integer NOT NULL,
	`device_received_at` integer NOT NULL,
	`monotonic_received_at` integer NOT NULL,
	`process_id` text NOT NULL,
	`server_time` integer NOT NULL,
	`offset_ms` integer NOT NULL,
	CONSTRAINT "clock_samples_round_trip" CHECK("clock_samples"."device_received_at" >= "clock_samples"."device_sent_at")
);
--> statement-breakpoint
CREATE TABLE `days` (
	`id` text PRIMARY KEY NOT NULL,
	`session_date` text NOT NULL,
	`channel` text NOT NULL,
	`outreach_place` text,
	`outreach_district` text,
	`outreach_state` text,
	`state` text NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_device_at` integer NOT NULL,
	`opened_by` text NOT NULL,
	`closed_at` integer,
	`closed_device_at` integer,
	`closed_by` text,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "days_session_date" CHECK(session_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "days_channel" CHECK("days"."channel" IN ('walk-in', 'outreach')),
	CONSTRAINT "days_outreach_location" CHECK((channel = 'walk-in' AND outreach_place IS NULL AND outreach_district IS NULL AND outreach_state IS NULL) OR (channel = 'outreach' AND coalesce(length(trim(outreach_place)), 0) > 0 AND coalesce(length(trim(outreach_district)), 0) > 0 AND coalesce(length(trim(outreach_state)), 0) > 0)),
	CONSTRAINT "days_state" CHECK((state = 'open' AND closed_at IS NULL AND closed_by IS NULL) OR (state = 'sealed' AND closed_at IS NOT NULL AND closed_by IS NOT NULL AND closed_device_at IS NOT NULL AND closed_at >= opened_at))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `days_one_open` ON `days` (`state`) WHERE state = 'open';--> statement-breakpoint
CREATE TABLE `doses` (
	`id` text PRIMARY KEY NOT NULL,
	`record_type` text NOT NULL,
	`amends` text,
	`amend_reason` text,
	`registration_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`day_id` text NOT NULL,
	`vial_id` text NOT NULL,
	`product_code` text NOT NULL,
	`gtin` text,
	`lot` text NOT NULL,
	`expiry` text NOT NULL,
	`dose_number` integer NOT NULL,
	`series` text NOT NULL,
	`administered_at` integer NOT NULL,
	`site` text NOT NULL,
	`vaccinator_id` text NOT NULL,
	`presence` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_device_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	`observation_ends_at` integer NOT NULL,
	`observation_released_at` integer,
	`adverse_event_note` text,
	`void_record_id` text,
	`void_reason` text,
	`voided_by` text,
	`voided_at` integer,
	`voided_device_at` integer,
	`void_day_id` text,
	FOREIGN KEY (`amends`) REFERENCES `doses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`day_id`) REFERENCES `days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`vial_id`) REFERENCES `vials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_code`) REFERENCES `products`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`vaccinator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`void_day_id`) REFERENCES `days`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "doses_id" CHECK(length(id) = 36),
	CONSTRAINT "doses_record_type" CHECK("doses"."record_type" IN ('dose', 'amendment')),
	CONSTRAINT "doses_amendment" CHECK((record_type = 'dose' AND amends IS NULL AND amend_reason IS NULL) OR (record_type = 'amendment' AND amends IS NOT NULL AND coalesce(length(trim(amend_reason)), 0) > 0)),
	CONSTRAINT "doses_lot" CHECK(coalesce(length(trim(lot)), 0) > 0),
	CONSTRAINT "doses_expiry" CHECK(expiry GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "doses_gtin" CHECK(gtin IS NULL OR (length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*')),
	CONSTRAINT "doses_dose_number" CHECK("doses"."dose_number" >= 1),
	CONSTRAINT "doses_series" CHECK("doses"."series" IN ('primary', 'booster')),
	CONSTRAINT "doses_site" CHECK("doses"."site" IN ('L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH')),
	CONSTRAINT "doses_presence" CHECK("doses"."presence" IN ('MYKAD', 'SLIP_QR')),
	CONSTRAINT "doses_recorded_after_given" CHECK("doses"."administered_at" <= "doses"."recorded_at" + 120000),
	CONSTRAINT "doses_observation" CHECK("doses"."observation_ends_at" >= "doses"."administered_at"),
	CONSTRAINT "doses_void" CHECK((void_record_id IS NULL AND void_reason IS NULL AND voided_by IS NULL AND voided_at IS NULL AND voided_device_at IS NULL AND void_day_id IS NULL) OR (void_record_id IS NOT NULL AND length(void_record_id) = 36 AND coalesce(length(trim(void_reason)), 0) > 0 AND voided_by IS NOT NULL AND voided_at IS NOT NULL AND voided_device_at IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `doses_one_per_registration` ON `doses` (`registration_id`) WHERE record_type = 'dose' AND void_record_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `doses_number_once` ON `doses` (`recipient_id`,`dose_number`) WHERE record_type = 'dose' AND void_record_id IS NULL;--> statement-breakpoint
CREATE INDEX `doses_recipient` ON `doses` (`recipient_id`,`dose_number`);--> statement-breakpoint
CREATE INDEX `doses_day` ON `doses` (`day_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `doses_amended_once` ON `doses` (`amends`) WHERE amends IS NOT NULL AND void_record_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `doses_void_record` ON `doses` (`void_record_id`) WHERE void_record_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `doses_void_day` ON `doses` (`void_day_id`) WHERE void_day_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `interval_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`product_code` text,
	`series` text NOT NULL,
	`dose_number` integer,
	`min_days` integer,
	`min_months` integer,
	`max_days` integer,
	`effective_from` text NOT NULL,
	`source` text NOT NULL,
	FOREIGN KEY (`product_code`) REFERENCES `products`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "interval_rules_series" CHECK("interval_rules"."series" IN ('primary', 'booster')),
	CONSTRAINT "interval_rules_target" CHECK((series = 'primary' AND product_code IS NOT NULL AND coalesce(dose_number, 0) >= 2) OR (series = 'booster' AND dose_number IS NULL)),
	CONSTRAINT "interval_rules_minimum" CHECK((min_days IS NULL) <> (min_months IS NULL)),
	CONSTRAINT "interval_rules_effective" CHECK(effective_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE TABLE `ppv_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`ppv_code` text NOT NULL,
	`name` text NOT NULL,
	`state` text NOT NULL,
	`district` text NOT NULL,
	`myvas_endpoint` text,
	`myvas_token` text,
	`closure_date` text,
	`idle_lock_minutes` integer DEFAULT 5 NOT NULL,
	`export_row_limit` integer DEFAULT 200 NOT NULL,
	`retention_days` integer DEFAULT 90 NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "ppv_settings_single_row" CHECK("ppv_settings"."id" = 1),
	CONSTRAINT "ppv_settings_code" CHECK("ppv_settings"."ppv_code" GLOB 'PPV-*' AND length("ppv_settings"."ppv_code") <= 32),
	CONSTRAINT "ppv_settings_name" CHECK(coalesce(length(trim(name)), 0) > 0),
	CONSTRAINT "ppv_settings_closure_date" CHECK(closure_date IS NULL OR (closure_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')),
	CONSTRAINT "ppv_settings_idle" CHECK("ppv_settings"."idle_lock_minutes" BETWEEN 1 AND 60),
	CONSTRAINT "ppv_settings_export_limit" CHECK("ppv_settings"."export_row_limit" BETWEEN 1 AND 200),
	CONSTRAINT "ppv_settings_retention" CHECK("ppv_settings"."retention_days" BETWEEN 1 AND 3650)
);
--> statement-breakpoint
CREATE TABLE `product_gtins` (
	`gtin` text PRIMARY KEY NOT NULL,
	`product_code` text NOT NULL,
	FOREIGN KEY (`product_code`) REFERENCES `products`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "product_gtins_gtin" CHECK(length("product_gtins"."gtin") = 14 AND "product_gtins"."gtin" NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE TABLE `products` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`manufacturer` text NOT NULL,
	`doses_per_vial` integer NOT NULL,
	`primary_doses` integer NOT NULL,
	`booster_approved` integer NOT NULL,
	CONSTRAINT "products_code" CHECK("products"."code" NOT GLOB '*[^A-Z]*' AND length("products"."code") BETWEEN 2 AND 30),
	CONSTRAINT "products_doses_per_vial" CHECK("products"."doses_per_vial" BETWEEN 1 AND 50),
	CONSTRAINT "products_primary_doses" CHECK("products"."primary_doses" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE `recipients` (
	`id` text PRIMARY KEY NOT NULL,
	`doc_type` text NOT NULL,
	`doc_number` text NOT NULL,
	`doc_country` text NOT NULL,
	`full_name` text NOT NULL,
	`name_key` text NOT NULL,
	`birth_date` text NOT NULL,
	`sex` text NOT NULL,
	`nationality` text NOT NULL,
	`address_line` text,
	`postcode` text NOT NULL,
	`state` text NOT NULL,
	`duplicate_approved_by` text,
	`duplicate_reason` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`duplicate_approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recipients_doc_type" CHECK("recipients"."doc_type" IN ('MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT')),
	CONSTRAINT "recipients_doc_number" CHECK("recipients"."doc_number" NOT GLOB '*[^A-Z0-9]*' AND length("recipients"."doc_number") BETWEEN 5 AND 20),
	CONSTRAINT "recipients_doc_country" CHECK("recipients"."doc_country" GLOB '[A-Z][A-Z][A-Z]'),
	CONSTRAINT "recipients_full_name" CHECK(coalesce(length(trim(full_name)), 0) > 0),
	CONSTRAINT "recipients_name_key" CHECK(coalesce(length(trim(name_key)), 0) > 0),
	CONSTRAINT "recipients_birth_date" CHECK(birth_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "recipients_sex" CHECK("recipients"."sex" IN ('M', 'F')),
	CONSTRAINT "recipients_nationality" CHECK("recipients"."nationality" GLOB '[A-Z][A-Z][A-Z]'),
	CONSTRAINT "recipients_postcode" CHECK("recipients"."postcode" GLOB '[0-9][0-9][0-9][0-9][0-9]'),
	CONSTRAINT "recipients_state" CHECK(coalesce(length(trim(state)), 0) > 0),
	CONSTRAINT "recipients_duplicate_approval" CHECK((duplicate_approved_by IS NULL AND duplicate_reason IS NULL) OR (duplicate_approved_by IS NOT NULL AND coalesce(length(trim(duplicate_reason)), 0) > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recipients_identity_key` ON `recipients` (`doc_type`,`doc_number`,`doc_country`);--> statement-breakpoint
CREATE INDEX `recipients_name_birth` ON `recipients` (`name_key`,`birth_date`);--> statement-breakpoint
CREATE TABLE `registrations` (
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
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`day_id`) REFERENCES `days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`presence_confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "registrations_channel" CHECK("registrations"."channel" IN ('walk-in', 'outreach')),
	CONSTRAINT "registrations_phone" CHECK(CASE WHEN phone IS NULL THEN channel = 'outreach' ELSE phone GLOB '+[0-9]*' AND phone NOT GLOB '+*[^0-9]*' AND length(phone) BETWEEN 9 AND 16 END),
	CONSTRAINT "registrations_consent" CHECK("registrations"."consent" = 1),
	CONSTRAINT "registrations_queue_status" CHECK("registrations"."queue_status" IN ('waiting', 'vaccinated', 'deferred', 'left')),
	CONSTRAINT "registrations_outcome_reason" CHECK(queue_status NOT IN ('deferred', 'left') OR coalesce(length(trim(outcome_reason)), 0) > 0),
	CONSTRAINT "registrations_presence" CHECK((presence_method IS NULL AND presence_confirmed_at IS NULL AND presence_confirmed_by IS NULL) OR (presence_method IS NOT NULL AND presence_method IN ('MYKAD', 'SLIP_QR') AND presence_confirmed_at IS NOT NULL AND presence_confirmed_by IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_slip_token_unique` ON `registrations` (`slip_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_once_a_day` ON `registrations` (`recipient_id`,`day_id`);--> statement-breakpoint
CREATE INDEX `registrations_queue` ON `registrations` (`day_id`,`queue_status`,`registered_at`);--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "user_roles_role" CHECK("user_roles"."role" IN ('clerk', 'vaccinator', 'manager', 'admin'))
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`full_name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`active` integer NOT NULL,
	`must_change_secret` integer NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_staff_id" CHECK("users"."staff_id" NOT GLOB '*[^A-Z0-9]*' AND length("users"."staff_id") BETWEEN 3 AND 20),
	CONSTRAINT "users_full_name" CHECK(coalesce(length(trim(full_name)), 0) > 0),
	CONSTRAINT "users_secret_hash" CHECK("users"."secret_hash" GLOB 'scrypt$*'),
	CONSTRAINT "users_failed_attempts" CHECK("users"."failed_attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_staff_id_unique` ON `users` (`staff_id`);--> statement-breakpoint
CREATE TABLE `vials` (
	`id` text PRIMARY KEY NOT NULL,
	`day_id` text NOT NULL,
	`product_code` text NOT NULL,
	`gtin` text,
	`lot` text NOT NULL,
	`expiry` text NOT NULL,
	`serial` text,
	`doses_per_vial` integer NOT NULL,
	`doses_drawn` integer DEFAULT 0 NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by` text NOT NULL,
	`reconciled_at` integer,
	`reconciled_by` text,
	`doses_wasted` integer,
	FOREIGN KEY (`day_id`) REFERENCES `days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_code`) REFERENCES `products`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reconciled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "vials_lot" CHECK(coalesce(length(trim(lot)), 0) > 0),
	CONSTRAINT "vials_expiry" CHECK(expiry GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	CONSTRAINT "vials_gtin" CHECK(gtin IS NULL OR (length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*')),
	CONSTRAINT "vials_doses_drawn" CHECK("vials"."doses_drawn" BETWEEN 0 AND "vials"."doses_per_vial"),
	CONSTRAINT "vials_reconciled" CHECK((reconciled_at IS NULL AND reconciled_by IS NULL AND doses_wasted IS NULL) OR (reconciled_at IS NOT NULL AND reconciled_by IS NOT NULL AND doses_wasted IS NOT NULL AND doses_wasted BETWEEN 0 AND doses_per_vial - doses_drawn))
);
--> statement-breakpoint
CREATE INDEX `vials_day` ON `vials` (`day_id`);