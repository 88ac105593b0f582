CREATE TABLE `station_high_water` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	CONSTRAINT "station_high_water_single_row" CHECK("station_high_water"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE `days` ADD `opened_clock` text;--> statement-breakpoint
ALTER TABLE `days` ADD `clock_confirmed_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `days` ADD `clock_confirmed_time` integer;--> statement-breakpoint
-- The station's high-water mark starts at the latest time it already holds.
INSERT INTO `station_high_water` (`id`, `at`) VALUES (1, max(
	coalesce((SELECT max(`at`) FROM `audit_log`), 0),
	coalesce((SELECT max(max(`administered_at`, `recorded_at`)) FROM `doses`), 0),
	coalesce((SELECT max(`server_time`) FROM `clock_samples`), 0)
));
--> statement-breakpoint
CREATE TRIGGER station_high_water_audit AFTER INSERT ON audit_log
WHEN NEW.at > (SELECT at FROM station_high_water WHERE id = 1)
BEGIN
	UPDATE station_high_water SET at = NEW.at WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER station_high_water_doses AFTER INSERT ON doses
WHEN max(NEW.administered_at, NEW.recorded_at) > (SELECT at FROM station_high_water WHERE id = 1)
BEGIN
	UPDATE station_high_water SET at = max(NEW.administered_at, NEW.recorded_at) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER station_high_water_clock AFTER INSERT ON clock_samples
WHEN NEW.server_time > (SELECT at FROM station_high_water WHERE id = 1)
BEGIN
	UPDATE station_high_water SET at = NEW.server_time WHERE id = 1;
END;
--> statement-breakpoint
-- The mark only ever rises.
CREATE TRIGGER station_high_water_no_delete BEFORE DELETE ON station_high_water
BEGIN
	SELECT RAISE(ABORT, 'HIGH_WATER_RISES_ONLY: the latest recorded time cannot be removed');
END;
--> statement-breakpoint
CREATE TRIGGER station_high_water_rises BEFORE UPDATE ON station_high_water
WHEN NEW.at < OLD.at OR NEW.id IS NOT OLD.id
BEGIN
	SELECT RAISE(ABORT, 'HIGH_WATER_RISES_ONLY: the latest recorded time cannot go back');
END;
--> statement-breakpoint
-- Every new day says how its clock was trusted: measured, or confirmed by a manager (who, and when).
CREATE TRIGGER days_opened_clock BEFORE INSERT ON days
WHEN NOT coalesce(
	(NEW.opened_clock = 'measured' AND NEW.clock_confirmed_by IS NULL AND NEW.clock_confirmed_time IS NULL)
	OR (NEW.opened_clock = 'confirmed' AND NEW.clock_confirmed_by IS NOT NULL AND NEW.clock_confirmed_time IS NOT NULL),
	0)
BEGIN
	SELECT RAISE(ABORT, 'DAY_CLOCK_UNKNOWN: a day opens on a measured or a confirmed clock');
END;
--> statement-breakpoint
-- A day is never sealed before the administration time of a record it holds.
CREATE TRIGGER days_sealed_after_records BEFORE UPDATE OF state ON days
WHEN NEW.state = 'sealed'
	AND NEW.closed_at < (SELECT max(administered_at) FROM doses WHERE day_id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'DAY_CLOSED_BEFORE_RECORD: a day cannot close before its last record');
END;
