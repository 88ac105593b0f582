import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { call, PpvError } from '../ppv';
import { approvalInput, ApprovalFields, noApproval } from './ApprovalFields';
import { ErrorNote, Field } from './Field';
import { LanguageSwitch } from './LanguageSwitch';
import { useSubmit } from './useSubmit';

/**
 * A first sign-in with a temporary PIN: the person sets their own before anything else. A first
 * PIN that was approved (a manager's or an admin's account) asks for its approver as witness.
 */
export function ChangeSecret({ onChanged }: { onChanged(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [currentSecret, setCurrent] = useState('');
  const [newSecret, setNew] = useState('');
  const [witnessAsked, setWitnessAsked] = useState(false);
  const [witness, setWitness] = useState(noApproval);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      try {
        await call('auth.changeSecret', {
          currentSecret,
          newSecret,
          witness: approvalInput(witness),
        });
      } catch (caught) {
        if (caught instanceof PpvError && caught.code === 'WITNESS_REQUIRED') setWitnessAsked(true);
        throw caught;
      } finally {
        setWitness({ ...witness, secret: '' });
      }
      onChanged();
    });
  }

  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('changeSecret.title')}</h1>
      <p>{t('changeSecret.intro')}</p>
      <form onSubmit={onSubmit}>
        <Field
          id="change-current"
          label={t('changeSecret.current')}
          type="password"
          autoFocus
          required
          value={currentSecret}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <Field
          id="change-new"
          label={t('changeSecret.new')}
          type="password"
          autoComplete="new-password"
          required
          value={newSecret}
          onChange={(event) => setNew(event.target.value)}
        />
        {witnessAsked ? (
          <ApprovalFields
            id="change-witness"
            legend={t('changeSecret.witness')}
            required
            value={witness}
            onChange={setWitness}
          />
        ) : null}
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('changeSecret.submit')}
        </button>
      </form>
    </main>
  );
}
