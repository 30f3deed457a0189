import { clearToken, getToken } from './session';

const BASE = (process.env.NEXT_PUBLIC_API_BASE ?? '').replace(/\/+$/, '');

export type HostStatus = 'pending' | 'provisioning' | 'running' | 'failed' | 'deleting';
export type ProvisioningStep =
  | 'queued'
  | 'create_disk'
  | 'start_vm'
  | 'wait_ssh'
  | 'configure_guest'
  | 'wait_http'
  | 'publish_routes'
  | 'done';

export interface Hosting {
  vm_id: string;
  status: HostStatus;
  web_url: string;
  ssh_port: number;
  created_at?: string;
  vm_ip?: string;
  ssh_command?: string;
  sftp_command?: string;
  updated_at?: string;
  ready_at?: string | null;
  failure_reason?: string | null;
  provisioning_step?: ProvisioningStep | null;
  /** The hosting's plan (GET /plans) and its machine's size, as recorded when the site was made. */
  plan?: string;
  memory_mib?: number;
  vcpus?: number;
  disk_mib?: number;
}

export interface CreatedHosting {
  vm_id: string;
  web_url: string;
  ssh_port: number;
  ssh_command?: string;
  sftp_command?: string;
  status: HostStatus;
  ssh_private_key?: string;
  plan?: string;
}

/** One entry of GET /plans. available false: this server cannot make that plan's machine now (POST answers 503). */
export interface Plan {
  name: string;
  description: string;
  image: string;
  memory_mib: number;
  vcpus: number;
  disk_mib: number;
  available: boolean;
}

export interface PlanList {
  /** The plan of a POST /host that names none. */
  default: string;
  plans: Plan[];
}

/** Error thrown for every non-2xx answer and for network failures. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly field?: string,
    public readonly errorId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  success?: false;
  error?: { code?: string; message?: string; field?: string; error_id?: string };
}

const FALLBACK_CODES: Record<number, string> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'SERVICE_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'SERVICE_UNAVAILABLE',
};

/** Called when an authenticated request answers 401. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

/** Longest Retry-After a busy answer may ask for and still be waited out in the form (seconds). */
const BUSY_RETRY_MAX_S = 3;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The server refuses a sign-in or sign-up with 503 and a short Retry-After when more passwords arrive at once
 * than its cores can hash; nothing was done, so the form waits that long and tries once more before it shows
 * an error.
 */
async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  opts: { body?: unknown; auth?: boolean; signal?: AbortSignal; retryWhenBusy?: boolean } = {},
): Promise<T> {
  try {
    return await requestOnce<T>(method, path, opts);
  } catch (e) {
    if (!opts.retryWhenBusy || !(e instanceof BusyError)) throw e;
    await sleep(e.retryAfterSeconds * 1000);
    return requestOnce<T>(method, path, opts);
  }
}

/** A 503 with a Retry-After short enough to wait out. */
class BusyError extends ApiError {
  constructor(
    base: ApiError,
    public readonly retryAfterSeconds: number,
  ) {
    super(base.status, base.code, base.message, base.field, base.errorId);
  }
}

async function requestOnce<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  opts: { body?: unknown; auth?: boolean; signal?: AbortSignal },
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.auth) {
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'omit',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'server unreachable');
  }
  let data: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error ?? {};
    const code = err.code || FALLBACK_CODES[res.status] || (res.status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN');
    if (res.status === 401 && opts.auth) {
      clearToken();
      onUnauthorized?.();
    }
    const failure = new ApiError(res.status, code, err.message || res.statusText || code, err.field, err.error_id);
    const retryAfter = Number(res.headers.get('Retry-After'));
    if (res.status === 503 && res.headers.has('Retry-After') && retryAfter >= 0 && retryAfter <= BUSY_RETRY_MAX_S) {
      throw new BusyError(failure, retryAfter);
    }
    throw failure;
  }
  return data as T;
}

export function register(email: string, password: string, username: string) {
  return request<{ success: true; message: string }>('POST', '/register', {
    body: { email, password, username },
    retryWhenBusy: true,
  });
}

export async function login(email: string, password: string): Promise<string> {
  const r = await request<{ success: true; token: string }>('POST', '/login', {
    body: { email, password },
    retryWhenBusy: true,
  });
  if (!r?.token) throw new ApiError(500, 'INTERNAL_ERROR', 'no token in response');
  return r.token;
}

/** POST /host: without a key the server makes one (ssh_private_key); without a plan it uses its default. */
export async function createHost(sshPublicKey?: string, plan?: string): Promise<CreatedHosting> {
  const body: { ssh_public_key?: string; plan?: string } = {};
  if (sshPublicKey) body.ssh_public_key = sshPublicKey;
  if (plan) body.plan = plan;
  const r = await request<{ success: true; data: CreatedHosting }>('POST', '/host', { body, auth: true });
  return r.data;
}

/** GET /plans (no token): what POST /host's "plan" may name. */
export async function getPlans(signal?: AbortSignal): Promise<PlanList> {
  const r = await request<{ success: true; data: PlanList }>('GET', '/plans', { signal });
  const data = r?.data;
  if (!data || !Array.isArray(data.plans) || typeof data.default !== 'string') {
    throw new ApiError(500, 'INTERNAL_ERROR', 'GET /plans answered without a plan list');
  }
  return data;
}

/** Returns null when the user has no hosting (404). */
export async function getHost(signal?: AbortSignal): Promise<Hosting | null> {
  try {
    const r = await request<{ success: true; data: Hosting }>('GET', '/host', { auth: true, signal });
    return r.data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export async function deleteHost(): Promise<void> {
  try {
    await request('DELETE', '/host', { auth: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return; // already gone
    throw e;
  }
}
