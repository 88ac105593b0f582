-- The set-back guard's mark rises only with what signed-in staff did: a failed sign-in or a refused
-- call, which anyone at a desk can cause with the PC clock set a year ahead, no longer stops the
-- station (nor keeps every day from opening) until that date.
DROP TRIGGER station_high_water_audit;
--> statement-breakpoint
CREATE TRIGGER station_high_water_audit AFTER INSERT ON audit_log
WHEN NEW.user_id IS NOT NULL
	AND NEW.action NOT LIKE 'auth.%'
	AND NEW.action <> 'access.denied'
	AND NEW.at > (SELECT at FROM station_high_water WHERE id = 1)
BEGIN
	UPDATE station_high_water SET at = NEW.at WHERE id = 1;
END;
