/**
 * Every user-visible string of the dashboard lives here.
 * Other locales (see ko.ts) provide a partial copy of this structure;
 * missing keys fall back to English.
 */
export const en = {
  meta: {
    title: 'Nestbox',
    description: 'Your own small server for your website, ready in one click.',
  },
  common: {
    brand: 'Nestbox',
    skipToContent: 'Skip to main content',
    signIn: 'Sign in',
    signUp: 'Create account',
    signOut: 'Sign out',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy automatically. The text is selected: press Ctrl+C (or ⌘+C) to copy it.',
    copyFailedShort: 'Press Ctrl+C',
    copyLabel: (what: string) => `Copy ${what}`,
    cancel: 'Cancel',
    tryAgain: 'Try again',
    showPassword: 'Show',
    hidePassword: 'Hide',
    passwordWord: 'password',
    opensInNewTab: '(opens in a new tab)',
    footer: 'Nestbox: simple, self-hosted web hosting.',
    accountNav: 'Account',
  },
  landing: {
    eyebrow: 'Personal web hosting',
    heading: 'Your own little server, ready in one click.',
    lead: 'Sign up, press one button, and get a private virtual machine serving your website, with SSH and SFTP access to upload your files.',
    ctaPrimary: 'Create a free account',
    ctaSecondary: 'I already have an account',
    featuresLabel: 'Features',
    // Decorative terminal sample (hidden from assistive technology).
    terminal: {
      command: 'sftp -P 2201 alice@nestbox.example',
      connected: 'Connected to nestbox.example.',
      put: 'put -r site/* www/',
      uploading: 'Uploading index.html … 100%',
      live: '✓ live: sites.nestbox.example/alice/',
    },
    features: [
      {
        title: 'One click',
        body: 'Pick the small, fast default or a full Debian machine, then press one button. We set up the server and the web server for you.',
      },
      {
        title: 'Yours alone',
        body: 'Every site runs in its own small virtual machine. Nothing is shared with other people’s sites.',
      },
      {
        title: 'Plain SSH and SFTP',
        body: 'Upload with any SFTP client, or log in with SSH. Your key, your files.',
      },
    ],
  },
  auth: {
    signInTitle: 'Sign in to Nestbox',
    signInLead: 'Welcome back. Enter the email and password you signed up with.',
    signUpTitle: 'Create your account',
    signUpLead: 'It takes a minute. Then one click gets you your own site.',
    email: 'Email',
    emailHint: 'We only use it to sign you in.',
    username: 'Username',
    usernameHint: 'Your site name is made from it: lowercase letters, digits and hyphens, 3 to 32 characters.',
    usernamePreview: (site: string) => `Your site name will be “${site}” (with a number added if it is taken).`,
    password: 'Password',
    passwordHint: '8 to 72 bytes. Most characters are 1 byte; accented letters, emoji and non-Latin scripts take 2 to 4.',
    passwordCounter: (n: number) => `${n} of 72 bytes`,
    submitSignIn: 'Sign in',
    submitSignUp: 'Create account',
    submittingSignIn: 'Signing in…',
    submittingSignUp: 'Creating your account…',
    noAccount: 'New to Nestbox?',
    haveAccount: 'Already have an account?',
    goSignUp: 'Create an account',
    goSignIn: 'Sign in',
    sessionExpired: 'Your session has ended. Please sign in again.',
    signedOut: 'You have been signed out.',
    registeredSignInFailed: 'Your account was created, but we could not sign you in automatically. Please sign in.',
  },
  validation: {
    emailRequired: 'Enter your email address.',
    emailInvalid: 'Enter a valid email address, like name@example.com.',
    emailTooLong: 'Email must be 255 characters or fewer.',
    usernameRequired: 'Enter a username.',
    usernameTooLong: 'Username must be 100 characters or fewer.',
    usernameControl: 'Username cannot contain control characters such as tabs or line breaks.',
    passwordRequired: 'Enter a password.',
    passwordTooShort: 'Password must be at least 8 bytes long.',
    passwordTooLong: 'Password must be 72 bytes or fewer. Remove a few characters.',
    sshKeyInvalid:
      'This does not look like an SSH public key. Paste one line that starts with “ssh-ed25519”, “ssh-rsa” or “ecdsa-sha2-…”.',
    sshKeyPrivate: 'This is a private key. Paste the public key instead (the .pub file) and keep the private key secret.',
  },
  errors: {
    INVALID_INPUT: 'Some information is not valid. Please check it and try again.',
    EMAIL_TAKEN: 'An account with this email already exists. Sign in instead, or use another email.',
    RATE_LIMITED: 'Too many attempts. Please wait a minute and try again.',
    INVALID_CREDENTIALS: 'Wrong email or password. Please check both and try again.',
    UNAUTHORIZED: 'Your session has ended. Please sign in again.',
    HOSTING_EXISTS: 'You already have a site. Showing it now.',
    SITE_NAME_HAS_LEFTOVERS:
      'Your site’s name is still held by files of an earlier site on our server, so we cannot create it yet. Please contact support.',
    PLAN_UNAVAILABLE: 'This plan cannot be set up on our server right now. Choose another plan or try again later.',
    CAPACITY_EXHAUSTED: 'All our servers are busy right now, so we cannot create a new site. Please try again in a few minutes.',
    SERVICE_UNAVAILABLE: 'The hosting service is temporarily unavailable. Please try again in a few minutes.',
    NOT_FOUND: 'We could not find your site. It may already have been deleted.',
    FORBIDDEN: 'You are not allowed to do this.',
    PAYLOAD_TOO_LARGE: 'What you sent is too large. Please shorten it and try again.',
    INTERNAL_ERROR: 'Something went wrong on our side. Please try again.',
    errorReference: (id: string) => `If it keeps happening, contact support and quote reference ${id}.`,
    NETWORK: 'The server is unreachable. Check your connection and try again.',
    UNKNOWN: 'Something unexpected happened. Please try again.',
  },
  notFound: {
    title: 'Page not found',
    body: 'This page does not exist. It may have moved, or the address may be mistyped.',
    home: 'Go to the start page',
  },
  dashboard: {
    title: 'Your site',
    greeting: 'Dashboard',
    loadingSite: 'Loading your site…',
    loadFailed: 'We could not load your site.',
    empty: {
      heading: 'Create your site',
      lead: 'One click sets up a private server with a web server, ready for your files. It usually takes a minute or two.',
      action: 'Create my site',
      creating: 'Creating your site…',
      keyToggle: 'Use my own SSH key (optional)',
      keyLabel: 'SSH public key',
      keyHint:
        'Paste the contents of your public key file, for example ~/.ssh/id_ed25519.pub. Leave it empty and we will create a key for you.',
      keyPlaceholder: 'ssh-ed25519 AAAA… you@laptop',
    },
    plans: {
      legend: 'Plan',
      hint: 'What your server is. You cannot change it later without deleting the site.',
      loading: 'Loading plans…',
      loadFailed: 'We could not load the plans, so your site gets the standard one.',
      recommended: 'Default',
      unavailable: 'Not available on our server right now.',
      memory: (size: string) => `${size} memory`,
      vcpus: (n: number) => (n === 1 ? '1 vCPU' : `${n} vCPUs`),
      disk: (size: string) => `${size} disk`,
    },
    key: {
      title: 'Save your private key now',
      warning:
        'This is the only time we can show this key. We do not keep a copy. Without it you cannot connect with SSH or SFTP.',
      label: 'Your private SSH key',
      download: 'Download key file',
      copy: 'Copy key',
      howTo: (file: string) => `The file is named ${file}. Move it to your ~/.ssh folder, then make it private:`,
      confirm: 'I have saved my private key somewhere safe.',
      dismiss: 'Continue to my site',
      leaveWarning: 'Your private key has not been saved yet. Leave anyway?',
    },
    status: {
      label: 'Status',
      pending: 'Queued',
      provisioning: 'Setting up',
      running: 'Running',
      failed: 'Failed',
      deleting: 'Deleting',
      unknown: 'Unknown',
      announce: (status: string) => `Site status: ${status}`,
      announceStep: (step: string) => `Now: ${step}`,
    },
    progress: {
      heading: 'Setting up your site',
      lead: 'This usually takes a minute or two. You can leave this page, setup continues on its own.',
      elapsed: 'Elapsed',
      lastChecked: (seconds: number) => (seconds <= 1 ? 'Checked just now' : `Checked ${seconds} s ago`),
      checkFailed: 'Could not reach the server, retrying…',
      stepDone: 'done',
      stepCurrent: 'in progress',
      stepUpcoming: 'waiting',
      stepFailed: 'failed',
      steps: {
        queued: 'Queued',
        create_disk: 'Creating disk',
        start_vm: 'Starting VM',
        wait_ssh: 'Waiting for SSH',
        configure_guest: 'Configuring web server',
        wait_http: 'Checking the site',
        publish_routes: 'Publishing routes',
      },
      stepListLabel: 'Setup steps',
      commandsSoon: 'These will work as soon as your site is running.',
    },
    running: {
      heading: 'Your site is live',
      lead: 'Upload your files with SFTP, or log in with SSH. Files in the web folder are served at the address below.',
      siteUrl: 'Site address',
    },
    failed: {
      heading: 'Setup failed',
      lead: 'Something went wrong while creating your server. Nothing was lost: delete this site and create it again.',
      reason: 'Reason',
      noReason: 'No reason was given.',
      failedAt: 'Failed at',
      action: 'Delete and start again',
    },
    deleting: {
      heading: 'Deleting your site',
      lead: 'Your server and its files are being removed. This takes a few seconds.',
    },
    details: {
      heading: 'Connection details',
      sshCommand: 'SSH command',
      sftpCommand: 'SFTP command',
      port: 'SSH port',
      created: 'Created',
      ready: 'Ready since',
      siteName: 'Site name',
      status: 'Status',
      plan: 'Plan',
      machine: 'Machine',
      aptNote: 'A full Debian machine, and it is yours: log in with SSH and install what you need with',
      keyNote: 'Using the key we created for you? Save it in your ~/.ssh folder and add this option to the commands:',
    },
    delete: {
      open: 'Delete site',
      dangerHeading: 'Delete this site',
      dangerLead: 'Removes the server and every file on it. This cannot be undone.',
      title: 'Delete your site?',
      body: 'This permanently deletes the server and every file on it. This cannot be undone.',
      typeToConfirm: (site: string) => `Type ${site} to confirm`,
      mismatch: 'The name does not match yet.',
      confirm: 'Delete permanently',
      deleting: 'Deleting…',
      deleted: 'Your site was deleted.',
    },
  },
};

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T extends ReadonlyArray<infer U>
      ? ReadonlyArray<Widen<U>>
      : { [K in keyof T]: Widen<T[K]> };

export type Dictionary = Widen<typeof en>;

export type DeepPartial<T> = T extends string | ((...args: never[]) => string)
  ? T
  : T extends ReadonlyArray<unknown>
    ? T
    : { [K in keyof T]?: DeepPartial<T[K]> };
