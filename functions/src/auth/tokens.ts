import { roleSchema } from '@grid/shared';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { config } from '../config';
import { AppError } from '../errors';

const ISSUER = 'grid-platform';

/** What a request knows about its caller without reading the table. */
export const principalSchema = z.object({
  userId: z.string(),
  role: roleSchema,
  /** Grid codes (gridworker, volunteer) or a region prefix (centre, admin). */
  scopes: z.array(z.string()),
  householdId: z.string().nullable(),
  personId: z.string().nullable(),
  openid: z.string().nullable(),
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
});

export async function verifyToken(token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, algorithms: ['HS256'] });
    const c = claimsSchema.parse(payload);
    return {
      userId: c.sub,
      role: c.role,
      scopes: c.scopes,
      householdId: c.hh,
      personId: c.pid,
      openid: c.oid,
    };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
    throw new AppError('TOKEN_INVALID');
  }
}
