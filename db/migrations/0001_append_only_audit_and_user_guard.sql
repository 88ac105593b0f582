-- The audit log is append-only: no row may change or disappear.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY: audit rows cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY: audit rows cannot be deleted');
END;
--> statement-breakpoint
-- Staff accounts change only through the console's audited user management. That code opens a gate
-- (the connection function ppv_user_write_allowed()) for the length of one audited write; a script or
-- a SQL shell has no such function, so its write is refused.
CREATE TRIGGER users_guard_insert BEFORE INSERT ON users
WHEN ppv_user_write_allowed() IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: staff accounts change only through user management');
END;
--> statement-breakpoint
CREATE TRIGGER users_guard_update BEFORE UPDATE ON users
WHEN ppv_user_write_allowed() IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: staff accounts change only through user management');
END;
--> statement-breakpoint
CREATE TRIGGER users_guard_delete BEFORE DELETE ON users
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: staff accounts are disabled, never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER user_roles_guard_insert BEFORE INSERT ON user_roles
WHEN ppv_user_write_allowed() IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: roles change only through user management');
END;
--> statement-breakpoint
CREATE TRIGGER user_roles_guard_update BEFORE UPDATE ON user_roles
WHEN ppv_user_write_allowed() IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: roles change only through user management');
END;
--> statement-breakpoint
CREATE TRIGGER user_roles_guard_delete BEFORE DELETE ON user_roles
WHEN ppv_user_write_allowed() IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: roles change only through user management');
END;
--> statement-breakpoint
-- A sealed day's batch is fixed.
CREATE TRIGGER batch_records_no_update BEFORE UPDATE ON batch_records
BEGIN
	SELECT RAISE(ABORT, 'BATCH_SEALED: sealed records cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER batches_fixed BEFORE UPDATE OF id, day_id, session_date, opened_at, closed_at, record_count, content_hash, audit_head, sealed_by ON batches
BEGIN
	SELECT RAISE(ABORT, 'BATCH_SEALED: a sealed batch cannot be changed');
END;
--> statement-breakpoint
-- No dose may be added to, or dated inside, a sealed day.
CREATE TRIGGER doses_not_in_sealed_day BEFORE INSERT ON doses
WHEN (SELECT state FROM days WHERE id = NEW.day_id) IS NOT 'open'
BEGIN
	SELECT RAISE(ABORT, 'DAY_SEALED: records cannot be added to a sealed day');
END;
--> statement-breakpoint
CREATE TRIGGER doses_fixed_fields BEFORE UPDATE OF id, record_type, amends, amend_reason, registration_id, recipient_id, day_id, vial_id, product_code, gtin, lot, expiry, dose_number, series, administered_at, site, vaccinator_id, presence, recorded_at, recorded_device_at, recorded_by ON doses
BEGIN
	SELECT RAISE(ABORT, 'DOSE_FIXED: a recorded dose is corrected by void or amendment, never edited');
END;
--> statement-breakpoint
-- A void is final, and so is a released observation.
CREATE TRIGGER doses_void_once BEFORE UPDATE OF void_record_id, void_reason, voided_by, voided_at, voided_device_at, void_day_id ON doses
WHEN OLD.void_record_id IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'DOSE_FIXED: a void cannot be changed or undone');
END;
--> statement-breakpoint
CREATE TRIGGER doses_observation_once BEFORE UPDATE OF observation_released_at, adverse_event_note ON doses
WHEN OLD.observation_released_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'DOSE_FIXED: a released observation cannot be changed');
END;
--> statement-breakpoint
-- A sealed day stays sealed, and nothing new joins it.
CREATE TRIGGER days_sealed_fixed BEFORE UPDATE ON days
WHEN OLD.state = 'sealed'
BEGIN
	SELECT RAISE(ABORT, 'DAY_SEALED: a sealed day cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER registrations_not_in_sealed_day BEFORE INSERT ON registrations
WHEN (SELECT state FROM days WHERE id = NEW.day_id) IS NOT 'open'
BEGIN
	SELECT RAISE(ABORT, 'DAY_SEALED: registrations cannot be added to a sealed day');
END;
--> statement-breakpoint
CREATE TRIGGER vials_not_in_sealed_day BEFORE INSERT ON vials
WHEN (SELECT state FROM days WHERE id = NEW.day_id) IS NOT 'open'
BEGIN
	SELECT RAISE(ABORT, 'DAY_SEALED: vials cannot be added to a sealed day');
END;
