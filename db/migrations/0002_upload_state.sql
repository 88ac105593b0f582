CREATE TABLE `batch_uploads` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`late_reason` text,
	`late_reason_by` text,
	`late_reason_at` integer,
	`late_cutoff` integer,
	`upload_hash` text,
	`chunk_size` integer,
	`declared_at` integer,
	`committed_at` integer,
	`accepted` integer DEFAULT 0 NOT NULL,
	`duplicate` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`waiting_for` text,
	`last_error_code` text,
	`next_attempt_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`late_reason_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batch_uploads_late_reason" CHECK((late_reason IS NULL AND late_reason_by IS NULL AND late_reason_at IS NULL) OR (coalesce(length(trim(late_reason)), 0) > 0 AND late_reason_by IS NOT NULL AND late_reason_at IS NOT NULL)),
	CONSTRAINT "batch_uploads_plan" CHECK((upload_hash IS NULL AND late_cutoff IS NULL AND chunk_size IS NULL) OR (length(upload_hash) = 64 AND late_cutoff IS NOT NULL AND chunk_size BETWEEN 1 AND 1000)),
	CONSTRAINT "batch_uploads_declared" CHECK(declared_at IS NULL OR upload_hash IS NOT NULL),
	CONSTRAINT "batch_uploads_committed" CHECK(committed_at IS NULL OR declared_at IS NOT NULL),
	CONSTRAINT "batch_uploads_counts" CHECK("batch_uploads"."accepted" >= 0 AND "batch_uploads"."duplicate" >= 0 AND "batch_uploads"."rejected" >= 0 AND "batch_uploads"."attempts" >= 0),
	CONSTRAINT "batch_uploads_waiting_for" CHECK(waiting_for IS NULL OR waiting_for IN ('network', 'late-reason', 'clock', 'myvas-refused'))
);
--> statement-breakpoint
CREATE TABLE `upload_results` (
	`record_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`status` text NOT NULL,
	`code` text,
	`message` text,
	`judged_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "upload_results_status" CHECK("upload_results"."status" IN ('accepted', 'duplicate', 'rejected')),
	CONSTRAINT "upload_results_rejection" CHECK((status = 'rejected' AND coalesce(length(trim(code)), 0) > 0) OR (status <> 'rejected' AND code IS NULL))
);
--> statement-breakpoint
CREATE INDEX `upload_results_batch_status` ON `upload_results` (`batch_id`,`status`);--> statement-breakpoint
CREATE INDEX `upload_results_rejected` ON `upload_results` (`record_id`) WHERE "upload_results"."status" = 'rejected';--> statement-breakpoint
-- Batches sealed before this version start their upload from the beginning.
INSERT INTO `batch_uploads` (`batch_id`) SELECT `id` FROM `batches`;
--> statement-breakpoint
-- MyVAS judges a record once; its result is final.
CREATE TRIGGER upload_results_final_update BEFORE UPDATE ON upload_results
BEGIN
	SELECT RAISE(ABORT, 'UPLOAD_RESULT_FINAL: MyVAS results are final');
END;
--> statement-breakpoint
CREATE TRIGGER upload_results_final_delete BEFORE DELETE ON upload_results
BEGIN
	SELECT RAISE(ABORT, 'UPLOAD_RESULT_FINAL: MyVAS results are final');
END;
--> statement-breakpoint
CREATE TRIGGER upload_results_of_batch_record BEFORE INSERT ON upload_results
WHEN NOT EXISTS (SELECT 1 FROM batch_records WHERE batch_id = NEW.batch_id AND record_id = NEW.record_id)
BEGIN
	SELECT RAISE(ABORT, 'UPLOAD_RESULT_UNKNOWN_RECORD: a result must be for a record of its batch');
END;
--> statement-breakpoint
-- Once declared, a batch keeps its hash forever; its late reason travels inside that hash.
CREATE TRIGGER batch_uploads_plan_fixed BEFORE UPDATE OF late_cutoff, upload_hash, chunk_size, late_reason, late_reason_by, late_reason_at ON batch_uploads
WHEN OLD.declared_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'UPLOAD_PLAN_FIXED: a planned upload cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER batch_uploads_no_delete BEFORE DELETE ON batch_uploads
BEGIN
	SELECT RAISE(ABORT, 'UPLOAD_PLAN_FIXED: an upload record cannot be deleted');
END;
