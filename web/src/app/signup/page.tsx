'use client';

import { useRef, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { AuthCard } from '@/components/AuthCard';
import { Field } from '@/components/Field';
import { useRedirectIfSignedIn } from '@/components/useRedirectIfSignedIn';
import { t } from '@/i18n';
import { ApiError, login, register } from '@/lib/api';
import { setNotice, setToken } from '@/lib/session';
import { errorMessage, type Message } from '@/lib/site';
import {
  PASSWORD_MAX_BYTES,
  previewSiteName,
  utf8Bytes,
  validateEmail,
  validatePassword,
  validateUsername,
} from '@/lib/validation';

type FieldName = 'email' | 'username' | 'password';
type Errors = Partial<Record<FieldName, string | null>>;

export default function SignUpPage() {
  useRedirectIfSignedIn();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Errors appear after the first submit attempt, then update live while typing.
  // (Showing them on blur would move the submit button under the pointer.)
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = {
    email: useRef<HTMLInputElement>(null),
    username: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const clientErrors: Errors = {
    email: validateEmail(email),
    username: validateUsername(username),
    password: validatePassword(password, true),
  };
  const shown = (f: FieldName) => serverErrors[f] || (submitted ? clientErrors[f] : null);

  const bytes = utf8Bytes(password);
  const site = previewSiteName(username.trim());

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setServerErrors({});
    setFormError(null);
    const first = (['email', 'username', 'password'] as FieldName[]).find((f) => clientErrors[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    const cleanEmail = email.trim();
    try {
      await register(cleanEmail, password, username.trim());
    } catch (err) {
      setBusy(false);
      const m = errorMessage(err);
      const msg = m.text;
      if (err instanceof ApiError && err.code === 'EMAIL_TAKEN') {
        setServerErrors({ email: msg });
        refs.email.current?.focus();
      } else if (err instanceof ApiError && err.code === 'INVALID_INPUT' && err.field && err.field in refs) {
        setServerErrors({ [err.field]: msg });
        refs[err.field as FieldName].current?.focus();
      } else {
        setFormError(m);
      }
      return;
    }
    try {
      const token = await login(cleanEmail, password);
      setToken(token);
      router.replace('/dashboard/');
    } catch {
      setNotice('registered');
      router.replace('/signin/');
    }
  }

  return (
    <AuthCard
      title={t.auth.signUpTitle}
      lead={t.auth.signUpLead}
      navHref="/signin/"
      navLabel={t.common.signIn}
      formError={formError}
      switchText={t.auth.haveAccount}
      switchLabel={t.auth.goSignIn}
    >
        <form noValidate onSubmit={onSubmit} aria-busy={busy} data-testid="signup-form">
          <Field
            label={t.auth.email}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={255}
            inputRef={refs.email}
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setServerErrors((s) => ({ ...s, email: null }));
            }}
            error={shown('email')}
            hint={t.auth.emailHint}
            required
          />
          <Field
            label={t.auth.username}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            inputRef={refs.username}
            value={username}
            onChange={(e) => {
              setUsername(e.target.value);
              setServerErrors((s) => ({ ...s, username: null }));
            }}
            error={shown('username')}
            hint={
              <>
                <span>{t.auth.usernameHint}</span>
                <span className="preview" aria-live="polite">
                  {username && !clientErrors.username ? t.auth.usernamePreview(site) : '\u00a0'}
                </span>
              </>
            }
            required
          />
          <Field
            label={t.auth.password}
            name="password"
            revealable
            autoComplete="new-password"
            inputRef={refs.password}
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setServerErrors((s) => ({ ...s, password: null }));
            }}
            error={shown('password')}
            hint={
              <>
                <span>{t.auth.passwordHint}</span>
                <span className="meter" aria-hidden="true">
                  <span
                    className={bytes > PASSWORD_MAX_BYTES ? 'meter-fill over' : bytes >= 8 ? 'meter-fill ok' : 'meter-fill'}
                    style={{ width: `${Math.min(100, (bytes / PASSWORD_MAX_BYTES) * 100)}%` }}
                  />
                </span>
                <span className={bytes > PASSWORD_MAX_BYTES ? 'counter over' : 'counter'} data-testid="password-bytes">
                  {t.auth.passwordCounter(bytes)}
                </span>
              </>
            }
            required
          />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {busy ? t.auth.submittingSignUp : t.auth.submitSignUp}
          </button>
        </form>
    </AuthCard>
  );
}
