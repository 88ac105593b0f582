CREATE TABLE `sign_in_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	`shown_at` integer,
	`audited_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sign_in_notices_kind" CHECK("sign_in_notices"."kind" IN ('roles-removed', 'pin-reset'))
);
--> statement-breakpoint
CREATE INDEX `sign_in_notices_pending` ON `sign_in_notices` (`user_id`,`shown_at`);--> statement-breakpoint
ALTER TABLE `ppv_settings` ADD `first_manager_at` integer;--> statement-breakpoint
ALTER TABLE `ppv_settings` ADD `myvas_changed_at` integer;--> statement-breakpoint
ALTER TABLE `ppv_settings` ADD `myvas_changed_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `ppv_settings` ADD `myvas_approved_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `ppv_settings` ADD `myvas_change` text;--> statement-breakpoint
ALTER TABLE `users` ADD `first_pin_approved_by` text REFERENCES users(id);--> statement-breakpoint
-- Separation of duties: an admin account holds no other role. An account that did keeps admin and
-- loses the rest, and is told so at its next sign-in; the console's first start audits each change
-- (SQL cannot extend the audit chain: electron/core/auth/separation.ts).
INSERT INTO sign_in_notices (user_id, kind, detail, created_at)
SELECT user_id, 'roles-removed', json_object('roles', group_concat(role)), CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM user_roles
WHERE role <> 'admin' AND user_id IN (SELECT user_id FROM user_roles WHERE role = 'admin')
GROUP BY user_id;
--> statement-breakpoint
-- The roles' guard refuses any delete outside user management: it steps aside for this one.
DROP TRIGGER user_roles_guard_delete;
--> statement-breakpoint
DELETE FROM user_roles
WHERE role <> 'admin' AND user_id IN (SELECT user_id FROM user_roles WHERE role = 'admin');
--> statement-breakpoint
CREATE TRIGGER user_roles_guard_delete BEFORE DELETE ON user_roles
WHEN ppv_user_write_allowed() IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'USER_CHANGE_OUTSIDE_CHANNEL: roles change only through user management');
END;
--> statement-breakpoint
CREATE TRIGGER user_roles_admin_alone BEFORE INSERT ON user_roles
WHEN (NEW.role = 'admin' AND EXISTS (SELECT 1 FROM user_roles WHERE user_id = NEW.user_id AND role <> 'admin'))
  OR (NEW.role <> 'admin' AND EXISTS (SELECT 1 FROM user_roles WHERE user_id = NEW.user_id AND role = 'admin'))
BEGIN
	SELECT RAISE(ABORT, 'ROLES_SEPARATED: the admin role is held alone');
END;
--> statement-breakpoint
-- A PPV that has had a manager grants no more managers without an approval.
UPDATE ppv_settings SET first_manager_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE EXISTS (SELECT 1 FROM user_roles WHERE role = 'manager');
