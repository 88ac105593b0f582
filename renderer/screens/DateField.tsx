import { CalendarDate, parseDate } from '@internationalized/date';
import { useContext, useEffect, useState, type ReactNode } from 'react';
import {
  DateField as AriaDateField,
  DateFieldStateContext,
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
 * React Aria would turn a day the month does not have into the month's last day (31/02 into 28/02)
 * when the field is left. Here such a date is said in words and its day cleared for the clerk to
 * type again: the field never holds a date other than the one typed.
 */
function NoSuchDateGuard({ onNoSuchDate }: { onNoSuchDate(typed: string): void }) {
  const state = useContext(DateFieldStateContext);
  const segment = (type: 'day' | 'month' | 'year') =>
    state?.segments.find((part) => part.type === type && !part.isPlaceholder);
  const day = segment('day');
  const month = segment('month');
  const year = segment('year');
  // Judged once all three are typed out: a month of 1–12 and a year of four digits.
  const complete =
    day?.value != null &&
    month?.value != null &&
    year?.value != null &&
    month.value >= 1 &&
    month.value <= 12 &&
    year.value >= 1000;
  const typed = complete ? `${day.text}/${month.text}/${year.text}` : null;
  const iso = complete
    ? `${String(year.value)}-${String(month.value).padStart(2, '0')}-${String(day.value).padStart(2, '0')}`
    : null;
  const noSuchDate = iso !== null && toCalendarDate(iso) === null;
  useEffect(() => {
    if (!noSuchDate || typed === null || !state) return;
    onNoSuchDate(typed);
    state.clearSegment('day');
  }, [noSuchDate, typed]);
  return null;
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
  const { language, t } = useI18n();
  const [noSuchDate, setNoSuchDate] = useState<string | null>(null);
  const shownError = noSuchDate ? t('dateField.noSuchDate', { date: noSuchDate }) : error;
  const errorId = `${id}-error`;
  return (
    <I18nProvider locale={FIELD_LOCALE[language]}>
      <AriaDateField
        id={id}
        className="field date-field"
        value={toCalendarDate(value)}
        onChange={(next) => {
          if (next) setNoSuchDate(null);
          onChange(next ? next.toString() : '');
        }}
        onBlur={onBlur}
        granularity="day"
        shouldForceLeadingZeros
        isRequired={isRequired}
        autoFocus={autoFocus}
        minValue={minValue}
        maxValue={maxValue}
        isInvalid={Boolean(shownError)}
        validationBehavior="aria"
        aria-describedby={shownError ? errorId : undefined}
      >
        <NoSuchDateGuard
          onNoSuchDate={(typed) => {
            setNoSuchDate(typed);
            onChange('');
          }}
        />
        <Label>{label}</Label>
        <span className="date-field-row">
          <DateInput className="date-input">
            {(segment) => <DateSegment segment={segment} className="date-segment" />}
          </DateInput>
          {note ? <span className="date-note">{note}</span> : null}
        </span>
        {shownError ? (
          <span id={errorId} className="error field-error" role="alert">
            {shownError}
          </span>
        ) : null}
      </AriaDateField>
    </I18nProvider>
  );
}
