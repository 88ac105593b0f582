import { CalendarDate, parseDate } from '@internationalized/date';
import type { ReactNode } from 'react';
import {
  DateField as AriaDateField,
  DateInput,
  DateSegment,
  I18nProvider,
  Label,
} from 'react-aria-components';
import { useI18n } from '../i18n/i18n';

/** The date order the desks read and write, whatever the browser's locale: dd/mm/yyyy. */
const FIELD_LOCALE = { ms: 'ms-MY', en: 'en-GB' } as const;

/** A YYYY-MM-DD text as a calendar date, or `null` for an empty or impossible one. */
export function toCalendarDate(date: string): CalendarDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  try {
    return parseDate(date);
  } catch {
    return null; // 31 February and the like
  }
}

/**
 * A date typed as dd/mm/yyyy, one segment at a time (14081990 is 14/08/1990), in any browser
 * locale. The value is YYYY-MM-DD, or `''` until every segment is filled. `note` sits beside the
 * field (a birth date's age); `error` below it, read out when it appears.
 */
export function DateField({
  id,
  label,
  value,
  onChange,
  onBlur,
  isRequired = false,
  autoFocus = false,
  minValue,
  maxValue,
  note,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  isRequired?: boolean;
  autoFocus?: boolean;
  minValue?: CalendarDate;
  maxValue?: CalendarDate;
  note?: ReactNode;
  error?: string | null;
}) {
  const { language } = useI18n();
  const errorId = `${id}-error`;
  return (
    <I18nProvider locale={FIELD_LOCALE[language]}>
      <AriaDateField
        id={id}
        className="field date-field"
        value={toCalendarDate(value)}
        onChange={(next) => onChange(next ? next.toString() : '')}
        onBlur={onBlur}
        granularity="day"
        shouldForceLeadingZeros
        isRequired={isRequired}
        autoFocus={autoFocus}
        minValue={minValue}
        maxValue={maxValue}
        isInvalid={Boolean(error)}
        validationBehavior="aria"
        aria-describedby={error ? errorId : undefined}
      >
        <Label>{label}</Label>
        <span className="date-field-row">
          <DateInput className="date-input">
            {(segment) => <DateSegment segment={segment} className="date-segment" />}
          </DateInput>
          {note ? <span className="date-note">{note}</span> : null}
        </span>
        {error ? (
          <span id={errorId} className="error field-error" role="alert">
            {error}
          </span>
        ) : null}
      </AriaDateField>
    </I18nProvider>
  );
}
