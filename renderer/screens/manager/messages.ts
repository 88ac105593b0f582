/** The manager's strings, in Malay and English (merged into renderer/i18n/messages.ts). */
export const managerMs = {
  'manager.title': 'Pengurus',
} as const;

export const managerEn: Record<keyof typeof managerMs, string> = {
  'manager.title': 'Manager',
};
