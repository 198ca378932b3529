import * as z from 'zod';
import { WeChatError } from './wechat-errors';

export interface WeChatPort {
  /** Exchanges a wx.login() code for the user's openid. The session_key is deliberately dropped. */
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>;
  /** Exchanges a getPhoneNumber button code for the user's phone number (without country prefix). */
  getPhoneNumber(code: string): Promise<{ phoneNumber: string; countryCode: string }>;
  /** Sends a one-time subscribe message; the user must have granted the template. */
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>;
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini program page opened from the message. */
  page?: string;
  data: Record<string, { value: string }>;
}

/** The user has no grant left for the template (refused or used up). */
const NOT_SUBSCRIBED_ERRCODES = new Set([43101]);

export interface WeChatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** Refresh this long before WeChat says the token expires, so a token never dies mid-request. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** invalid credential, access_token expired, invalid access_token. */
const TOKEN_REJECTED_ERRCODES = new Set([40001, 42001, 40014]);
/** invalid code, code been used, high-risk user blocked. */
const LOGIN_CODE_ERRCODES = new Set([40029, 40163, 40226]);
const PHONE_CODE_ERRCODES = new Set([40029, 40013]);

const errorEnvelopeSchema = z.object({ errcode: z.number().optional() });

const sessionSchema = z.object({
  openid: z.string().min(1),
  session_key: z.string().optional(),
  unionid: z.string().min(1).optional(),
});

const phoneSchema = z.object({
  phone_info: z.object({
    phoneNumber: z.string().min(1),
    purePhoneNumber: z.string().min(1),
    countryCode: z.union([z.string(), z.number()]).transform(String),
  }),
});

const accessTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

interface CachedToken {
  value: string;
  refreshAt: number;
}

export function createWeChatClient(opts: WeChatClientOptions): WeChatPort {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = opts.fetchImpl ?? fetch;

  let cachedToken: CachedToken | null = null;
  let tokenInFlight: Promise<string> | null = null;

  async function requestJson(
    operation: string,
    path: string,
    query: Record<string, string>,
    body?: unknown,
  ): Promise<unknown> {
    const url = `${baseUrl}${path}?${new URLSearchParams(query).toString()}`;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // Only a coarse reason: the URL (with code and secret) must not leak into messages.
      throw new WeChatError(
        'UNAVAILABLE',
        null,
        `WeChat ${operation} failed: ${describeNetworkError(error)}`,
      );
    }
    if (!response.ok) {
      throw new WeChatError('UNAVAILABLE', null, `WeChat ${operation} failed: HTTP ${response.status}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WeChatError('UNAVAILABLE', null, `WeChat ${operation} failed: response is not JSON`);
    }
  }

  /** A non-zero errcode, or null when the reply is not an error. */
  function errcodeOf(reply: unknown): number | null {
    const envelope = errorEnvelopeSchema.safeParse(reply);
    if (!envelope.success) return null;
    const { errcode } = envelope.data;
    return errcode === undefined || errcode === 0 ? null : errcode;
  }

  function parseSuccess<T>(operation: string, schema: z.ZodType<T>, reply: unknown): T {
    const parsed = schema.safeParse(reply);
    if (!parsed.success) {
      throw new WeChatError('UNAVAILABLE', null, `WeChat ${operation} failed: unexpected response shape`);
    }
    return parsed.data;
  }

  async function fetchAccessToken(): Promise<string> {
    // Normal (non force_refresh) mode: force_refresh would invalidate tokens other Lambda instances hold.
    const reply = await requestJson(
      'stable_token',
      '/cgi-bin/stable_token',
      {},
      { grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret },
    );
    const errcode = errcodeOf(reply);
    if (errcode !== null) {
      throw new WeChatError('UNAVAILABLE', errcode, `WeChat stable_token failed: errcode ${errcode}`);
    }
    const token = parseSuccess('stable_token', accessTokenSchema, reply);
    cachedToken = {
      value: token.access_token,
      refreshAt: Date.now() + token.expires_in * 1000 - TOKEN_REFRESH_MARGIN_MS,
    };
    return token.access_token;
  }

  function getAccessToken(): Promise<string> {
    if (cachedToken && Date.now() < cachedToken.refreshAt) return Promise.resolve(cachedToken.value);
    tokenInFlight ??= fetchAccessToken().finally(() => {
      tokenInFlight = null;
    });
    return tokenInFlight;
  }

  /** Calls WeChat with a cached token; if WeChat rejects the token, refreshes it and retries once. */
  async function withAccessToken(send: (accessToken: string) => Promise<unknown>): Promise<unknown> {
    const token = await getAccessToken();
    const reply = await send(token);
    const errcode = errcodeOf(reply);
    if (errcode === null || !TOKEN_REJECTED_ERRCODES.has(errcode)) return reply;
    // Keep a newer token another caller may already have fetched.
    if (cachedToken?.value === token) cachedToken = null;
    return send(await getAccessToken());
  }

  return {
    async code2Session(code) {
      const reply = await requestJson('jscode2session', '/sns/jscode2session', {
        appid: opts.appId,
        secret: opts.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      });
      const errcode = errcodeOf(reply);
      if (errcode !== null) {
        const kind = LOGIN_CODE_ERRCODES.has(errcode) ? 'CODE_INVALID' : 'UNAVAILABLE';
        throw new WeChatError(kind, errcode, `WeChat jscode2session failed: errcode ${errcode}`);
      }
      const session = parseSuccess('jscode2session', sessionSchema, reply);
      return session.unionid === undefined
        ? { openid: session.openid }
        : { openid: session.openid, unionid: session.unionid };
    },

    async getPhoneNumber(code) {
      const reply = await withAccessToken((accessToken) =>
        requestJson(
          'getuserphonenumber',
          '/wxa/business/getuserphonenumber',
          { access_token: accessToken },
          { code },
        ),
      );
      const errcode = errcodeOf(reply);
      if (errcode !== null) {
        const kind = PHONE_CODE_ERRCODES.has(errcode) ? 'PHONE_CODE_INVALID' : 'UNAVAILABLE';
        throw new WeChatError(kind, errcode, `WeChat getuserphonenumber failed: errcode ${errcode}`);
      }
      const { phone_info } = parseSuccess('getuserphonenumber', phoneSchema, reply);
      return { phoneNumber: phone_info.purePhoneNumber, countryCode: phone_info.countryCode };
    },

    async sendSubscribeMessage(message) {
      const reply = await withAccessToken((accessToken) =>
        requestJson(
          'subscribe/send',
          '/cgi-bin/message/subscribe/send',
          { access_token: accessToken },
          { touser: message.openid, template_id: message.templateId, page: message.page, data: message.data },
        ),
      );
      const errcode = errcodeOf(reply);
      if (errcode !== null) {
        const kind = NOT_SUBSCRIBED_ERRCODES.has(errcode) ? 'NOT_SUBSCRIBED' : 'UNAVAILABLE';
        throw new WeChatError(kind, errcode, `WeChat subscribe/send failed: errcode ${errcode}`);
      }
    },
  };
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
    const cause: unknown = error.cause;
    if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') {
      return `network error ${cause.code}`;
    }
  }
  return 'network error';
}
