'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { AuthCard } from '@/components/AuthCard';
import { Field } from '@/components/Field';
import { useRedirectIfSignedIn } from '@/components/useRedirectIfSignedIn';
import { t } from '@/i18n';
import { login } from '@/lib/api';
import { clearNotice, peekNotice, setToken, type Notice } from '@/lib/session';
import { errorMessage, type Message } from '@/lib/site';
import { validateEmail, validatePassword } from '@/lib/validation';

const NOTICES: Record<Notice, string> = {
  expired: t.auth.sessionExpired,
  signedOut: t.auth.signedOut,
  registered: t.auth.registeredSignInFailed,
};

export default function SignInPage() {
  useRedirectIfSignedIn();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [formError, setFormError] = useState<Message | null>(null);
  const [notice, setNoticeText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const n = peekNotice();
    if (n) setNoticeText(NOTICES[n]);
  }, []);

  const errors = { email: validateEmail(email), password: validatePassword(password, false) };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setFormError(null);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();
    setBusy(true);
    setNoticeText(null);
    clearNotice();
    try {
      const token = await login(email.trim(), password);
      setToken(token);
      router.replace('/dashboard/');
    } catch (err) {
      setBusy(false);
      setFormError(errorMessage(err));
    }
  }

  return (
    <AuthCard
      title={t.auth.signInTitle}
      lead={t.auth.signInLead}
      navHref="/signup/"
      navLabel={t.common.signUp}
      formError={formError}
      notice={notice}
      switchText={t.auth.noAccount}
      switchLabel={t.auth.goSignUp}
    >
        <form noValidate onSubmit={onSubmit} aria-busy={busy} data-testid="signin-form">
          <Field
            label={t.auth.email}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            inputRef={emailRef}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={submitted ? errors.email : null}
            required
          />
          <Field
            label={t.auth.password}
            name="password"
            revealable
            autoComplete="current-password"
            inputRef={passwordRef}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={submitted ? errors.password : null}
            required
          />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {busy ? t.auth.submittingSignIn : t.auth.submitSignIn}
          </button>
        </form>
    </AuthCard>
  );
}
