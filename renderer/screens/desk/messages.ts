/** The registration desk's strings, in Malay and English (merged into renderer/i18n/messages.ts). */
export const deskMs = {
  'desk.title': 'Kaunter pendaftaran',
} as const;

export const deskEn: Record<keyof typeof deskMs, string> = {
  'desk.title': 'Registration desk',
};
