ALTER TABLE `device_settings` ADD `wedge_gs_key` text CONSTRAINT "device_settings_wedge_gs_key" CHECK(wedge_gs_key IS NULL OR length(wedge_gs_key) BETWEEN 1 AND 24);
