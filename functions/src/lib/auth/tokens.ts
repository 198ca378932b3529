import { roleSchema } from '@grid/shared';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { config } from '../config';
import { AppError } from '../errors';

const ISSUER = 'grid-platform';
/** Lambda clocks agree to well within this. */
const CLOCK_SKEW_SECONDS = 60;

/** What a request knows about its caller without reading the table. */
export const principalSchema = z.object({
  userId: z.string(),
  role: roleSchema,
  /** Grid codes (gridworker, volunteer) or a region prefix (centre, admin). */
  scopes: z.array(z.string()),
  householdId: z.string().nullable(),
  personId: z.string().nullable(),
  openid: z.string().nullable(),
  /**
   * The user's access version when the token was issued. Unassigning a grid, a role change or
   * disabling the account raises the stored version, and a token carrying an older one is refused
   * (auth/access-version.ts).
   */
  accessVersion: z.number().int().min(0),
});
export type Principal = z.infer<typeof principalSchema>;

let signingKey: Uint8Array | undefined;
function key(): Uint8Array {
  signingKey ??= new TextEncoder().encode(config().TOKEN_SIGNING_KEY);
  return signingKey;
}

export async function issueToken(p: Principal): Promise<{ token: string; expiresAt: string }> {
  const expires = new Date(Date.now() + config().TOKEN_TTL_MINUTES * 60_000);
  const token = await new SignJWT({
    role: p.role,
    scopes: p.scopes,
    hh: p.householdId,
    pid: p.personId,
    oid: p.openid,
    av: p.accessVersion,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(p.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expires.getTime() / 1000))
    .sign(key());
  return { token, expiresAt: expires.toISOString() };
}

const claimsSchema = z.object({
  sub: z.string(),
  role: roleSchema,
  scopes: z.array(z.string()),
  hh: z.string().nullable(),
  pid: z.string().nullable(),
  oid: z.string().nullable(),
  av: z.number().int().min(0),
  // jose checks exp, iat and the lifetime; these make their absence an error too.
  exp: z.number(),
  iat: z.number(),
});

export async function verifyToken(token: string): Promise<Principal> {
  try {
    const ttlSeconds = config().TOKEN_TTL_MINUTES * 60;
    const { payload } = await jwtVerify(token, key(), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
      // A token lives at most the configured lifetime from its issue, whatever exp it names.
      maxTokenAge: ttlSeconds,
    });
    const c = claimsSchema.parse(payload);
    // Issued in the future or promising more than the lifetime: not a token this server made.
    if (c.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS || c.exp - c.iat > ttlSeconds) {
      throw new AppError('TOKEN_INVALID');
    }
    return {
      userId: c.sub,
      role: c.role,
      scopes: c.scopes,
      householdId: c.hh,
      personId: c.pid,
      openid: c.oid,
      accessVersion: c.av,
    };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
    throw new AppError('TOKEN_INVALID');
  }
}
