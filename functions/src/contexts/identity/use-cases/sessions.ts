/** Signing in with WeChat and binding staff by the phone WeChat confirms. */
import { type LoginResponse, normalizePhone, type User } from '@grid/shared';
import { issueToken, type Principal } from '../../../lib/auth/tokens';
import { keyedHash } from '../../../lib/crypto/personal-data';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { AppError } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import type { WeChatPort } from '../../../lib/wechat/wechat-client';
import { getHousehold } from '../../households/entities/household';
import {
  bindOpenidToStaff,
  createResidentWithOpenid,
  findStaffIdByPhoneHash,
  findUserIdByOpenid,
  getUser,
  type UserItem,
} from '../entities/users';

export function toUser(u: UserItem): User {
  return {
    userId: u.userId,
    role: u.role,
    name: u.name,
    scopes: u.scopes,
    householdId: u.householdId,
    personId: u.personId,
    phoneMasked: u.phoneMasked,
  };
}

export function principalOf(u: UserItem): Principal {
  return {
    userId: u.userId,
    role: u.role,
    scopes: u.scopes,
    householdId: u.householdId,
    personId: u.personId,
    openid: u.openid,
    accessVersion: u.accessVersion ?? 0,
  };
}

export async function sessionFor(u: UserItem): Promise<LoginResponse> {
  if (u.disabled) throw new AppError('STAFF_DISABLED');
  const { token, expiresAt } = await issueToken(principalOf(u));
  return { token, expiresAt, user: toUser(u) };
}

export async function loginWithWeChat(wechat: WeChatPort, code: string, now: Date): Promise<LoginResponse> {
  const { openid } = await wechat.code2Session(code);
  const existingId = await findUserIdByOpenid(openid);
  if (existingId) {
    const user = await getUser(existingId);
    if (!user) throw new Error('openid points at a missing user');
    return sessionFor(user);
  }
  const user: UserItem = {
    userId: newId(now),
    role: 'resident',
    name: '微信用户',
    scopes: [],
    openid,
    householdId: null,
    personId: null,
    phoneHash: null,
    phoneEnc: null,
    phoneMasked: null,
    createdAt: now.toISOString(),
    createdBy: null,
  };
  try {
    await createResidentWithOpenid(user);
    return sessionFor(user);
  } catch (err) {
    // Two first logins at once: the other one created the user; sign in as it.
    if (!failedConditions(err)) throw err;
    return loginWithWeChat(wechat, code, now);
  }
}

export async function bindStaffPhone(
  wechat: WeChatPort,
  principal: Principal,
  code: string,
  now: Date,
): Promise<LoginResponse> {
  if (!principal.openid) throw new AppError('UNAUTHENTICATED');
  const { phoneNumber } = await wechat.getPhoneNumber(code);
  const staffId = await findStaffIdByPhoneHash(keyedHash('phone', normalizePhone(phoneNumber)));
  if (!staffId) throw new AppError('STAFF_NOT_FOUND');
  const staff = await getUser(staffId);
  if (!staff) throw new AppError('STAFF_NOT_FOUND');
  if (staff.disabled) throw new AppError('STAFF_DISABLED');
  if (staff.openid === principal.openid) return sessionFor(staff); // bound already: a retry
  if (staff.openid) throw new AppError('STAFF_ALREADY_BOUND');
  // A resident with a household keeps it as staff (a staff record has none of its own).
  const resident = principal.role === 'resident' ? await getUser(principal.userId) : undefined;
  const household =
    resident?.householdId && !staff.householdId
      ? {
          householdId: resident.householdId,
          personId: resident.personId,
          owner: (await getHousehold(resident.householdId))?.ownerUserId === resident.userId,
        }
      : null;
  try {
    await bindOpenidToStaff(principal.openid, principal.userId, staffId, household, now);
  } catch (err) {
    const failed = failedConditions(err);
    if (!failed) throw err;
    if (failed[0]) throw new AppError('STAFF_ALREADY_BOUND');
    // The household changed owner between the read and the write: the client may try again.
    if (failed[2]) throw new AppError('VERSION_CONFLICT');
    throw new AppError('TOKEN_INVALID');
  }
  return sessionFor({
    ...staff,
    openid: principal.openid,
    ...(household ? { householdId: household.householdId, personId: household.personId } : {}),
  });
}
