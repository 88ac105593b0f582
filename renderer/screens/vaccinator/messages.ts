/** The vaccinator station's strings, in Malay and English (merged into renderer/i18n/messages.ts). */
export const vaccinatorMs = {
  'vaccinator.title': 'Stesen vaksinator',
} as const;

export const vaccinatorEn: Record<keyof typeof vaccinatorMs, string> = {
  'vaccinator.title': 'Vaccinator station',
};
