import { useI18n } from '../i18n/i18n';
import { Field } from './Field';

export interface Approval {
  staffId: string;
  secret: string;
}

export const noApproval: Approval = { staffId: '', secret: '' };

/** What a call sends: the second person's staff ID and PIN, or null when nobody typed them. */
export function approvalInput(approval: Approval): Approval | null {
  return approval.staffId.trim() === '' ? null : approval;
}

/**
 * A second person's staff ID and PIN, typed at this desk into the same action: an approval (a
 * manager or another admin) or, leaving a first PIN, the witness who approved it.
 */
export function ApprovalFields({
  id,
  legend,
  value,
  onChange,
  required = false,
}: {
  id: string;
  legend: string;
  value: Approval;
  onChange(value: Approval): void;
  /** Whether the form needs them; otherwise the console says when an approval is needed. */
  required?: boolean;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="approval">
      <legend>{legend}</legend>
      <Field
        id={`${id}-staff`}
        label={t('approval.staffId')}
        required={required}
        autoComplete="off"
        value={value.staffId}
        onChange={(event) => onChange({ ...value, staffId: event.target.value })}
      />
      <Field
        id={`${id}-secret`}
        label={t('approval.secret')}
        type="password"
        required={required}
        autoComplete="off"
        value={value.secret}
        onChange={(event) => onChange({ ...value, secret: event.target.value })}
      />
    </fieldset>
  );
}
