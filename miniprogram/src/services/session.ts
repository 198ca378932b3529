import { type LoginResponse, loginResponseSchema, type User, userSchema } from '@grid/shared';
import Taro from '@tarojs/taro';
import { ROUTES } from '../routes';
import { configureAuth, request } from './http';
import { createSignal, readStored, removeStored, STORAGE_KEYS, writeStored } from './storage';

/** What a sign-in answers is what we keep. */
export type Session = LoginResponse;

export const sessionSignal = createSignal();

export function currentSession(): Session | null {
  const parsed = loginResponseSchema.safeParse(readStored(STORAGE_KEYS.session));
  return parsed.success ? parsed.data : null;
}

export function saveSession(session: Session): void {
  writeStored(STORAGE_KEYS.session, session);
  sessionSignal.emit();
}

export function clearSession(): void {
  removeStored(STORAGE_KEYS.session);
  removeStored(STORAGE_KEYS.demoCode);
  sessionSignal.emit();
}

/** POST /v1/auth/wechat with a wx.login code (or, locally, a fake WeChat `test:` code). */
export async function signInWithCode(code: string): Promise<Session> {
  const res = await request({
    method: 'POST',
    path: '/v1/auth/wechat',
    body: { code },
    schema: loginResponseSchema,
    auth: false,
  });
  saveSession(res);
  return res;
}

export async function signInWithWeChat(): Promise<Session> {
  const { code } = await Taro.login();
  return signInWithCode(code);
}

/** h5 only: the demo identity is remembered so a 401 can sign in again silently. */
export async function signInAsDemo(openid: string): Promise<Session> {
  const code = `test:${openid}`;
  const session = await signInWithCode(code);
  writeStored(STORAGE_KEYS.demoCode, code);
  return session;
}

/** POST /v1/auth/phone with a getPhoneNumber code: binds this WeChat user to its staff record. */
export async function bindStaffPhone(phoneCode: string): Promise<Session> {
  const res = await request({
    method: 'POST',
    path: '/v1/auth/phone',
    body: { code: phoneCode },
    schema: loginResponseSchema,
  });
  saveSession(res);
  return res;
}

/** A new token (household created): keep it, then read who we are now. */
export async function adoptToken(token: string, expiresAt: string): Promise<void> {
  const session = currentSession();
  if (!session) return;
  saveSession({ ...session, token, expiresAt });
  const user = await request({ method: 'GET', path: '/v1/me', schema: userSchema });
  saveSession({ token, expiresAt, user });
}

export function updateUser(user: User): void {
  const session = currentSession();
  if (session) saveSession({ ...session, user });
}

async function relogin(): Promise<boolean> {
  if (process.env.TARO_ENV === 'h5') {
    const code = readStored<string>(STORAGE_KEYS.demoCode);
    if (!code) return false;
    await signInWithCode(code);
    return true;
  }
  await signInWithWeChat();
  return true;
}

/** Wires the request wrapper to the stored session; called once when the app starts. */
export function installSessionAuth(): void {
  configureAuth({
    token: () => currentSession()?.token ?? null,
    relogin,
    onSignedOut: () => {
      removeStored(STORAGE_KEYS.session);
      sessionSignal.emit();
      Taro.reLaunch({ url: ROUTES.login }).catch(() => {});
    },
  });
}
