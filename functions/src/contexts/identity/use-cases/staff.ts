import { type CreateStaffRequest, isWithinAnyScope, maskPhone, type Staff } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { encryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { AppError } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import {
  getUser,
  disableStaff as markDisabled,
  createStaff as putStaff,
  type UserItem,
} from '../entities/users';

/**
 * Registers staff. The new scopes must lie within the creator's: a street centre registers
 * gridworkers of its street's grids, never of another street's.
 */
export async function createStaff(
  principal: Principal,
  input: CreateStaffRequest,
  now: Date,
): Promise<Staff> {
  const scopes = input.role === 'centre' ? [input.regionCode] : [...new Set(input.gridCodes)];
  if (!scopes.every((s) => isWithinAnyScope(s, principal.scopes))) throw new AppError('FORBIDDEN_SCOPE');
  // A centre may register centres below itself, not beside or above it.
  if (input.role === 'centre' && principal.role === 'centre' && principal.scopes.includes(input.regionCode)) {
    throw new AppError('FORBIDDEN_SCOPE');
  }
  const user: UserItem = {
    userId: newId(now),
    role: input.role,
    name: input.name,
    scopes,
    openid: null,
    householdId: null,
    personId: null,
    phoneHash: keyedHash('phone', input.phone),
    phoneEnc: encryptField(input.phone),
    phoneMasked: maskPhone(input.phone),
    createdAt: now.toISOString(),
    createdBy: principal.userId,
  };
  try {
    await putStaff(user);
  } catch (err) {
    if (!failedConditions(err)) throw err;
    throw new AppError('STAFF_PHONE_EXISTS');
  }
  return {
    userId: user.userId,
    role: user.role,
    name: user.name,
    phoneMasked: user.phoneMasked!,
    scopes,
    bound: false,
    disabled: false,
    createdAt: user.createdAt,
  };
}

export function toStaff(user: UserItem): Staff {
  return {
    userId: user.userId,
    role: user.role,
    name: user.name,
    phoneMasked: user.phoneMasked ?? '',
    scopes: user.scopes,
    bound: user.openid !== null,
    disabled: user.disabled === true,
    createdAt: user.createdAt,
  };
}

/**
 * Disables a staff account. The caller must cover all of the account's scopes, and a centre's or
 * admin's strictly (nobody disables themselves or a centre beside them). Unknown ids, residents and
 * staff out of scope answer the same 403. Idempotent: disabling a disabled account answers it.
 */
export async function disableStaff(principal: Principal, userId: string, now: Date): Promise<Staff> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await getUser(userId);
    if (!user || user.role === 'resident' || user.userId === principal.userId) {
      throw new AppError('FORBIDDEN_SCOPE');
    }
    const covered = user.scopes.length > 0 && user.scopes.every((s) => isWithinAnyScope(s, principal.scopes));
    const beside =
      (user.role === 'centre' || user.role === 'admin') &&
      user.scopes.some((s) => principal.scopes.includes(s));
    if (!covered || beside) throw new AppError('FORBIDDEN_SCOPE');
    if (user.disabled) return toStaff(user);
    if (await markDisabled(user, principal.userId, now.toISOString()))
      return toStaff({ ...user, disabled: true });
  }
  throw new AppError('VERSION_CONFLICT');
}
