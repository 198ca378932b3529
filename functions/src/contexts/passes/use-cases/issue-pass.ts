/**
 * Issuing passes: the colour from the person's state (passColourOf), signed by the pass signer,
 * kept as the person's current pass and handed out again while it still has hours to run, has the
 * same colour and was not revoked.
 */
import { randomBytes } from 'node:crypto';
import { addDays, type IssuedPass, localDate, type PassList } from '@grid/shared';
import {
  encodePass,
  maskName,
  PASS_LIFETIME_SECONDS,
  passColourOf,
  RISK_ARRIVAL_DAYS,
} from '@grid/shared/pass';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { getGrid } from '../../hierarchy/entities/grid';
import { getHousehold } from '../../households/entities/household';
import { getPersons, type PersonItem } from '../../households/entities/person';
import { getUser } from '../../identity/entities/users';
import { listTravelDeclarationsSince } from '../../reporting/entities/travel-declaration';
import { passSigner } from '../adapters/signer';
import { getCurrentPass, getPassFacts, putCurrentPass } from '../entities/passes';

/** A current pass with less than this left is renewed rather than handed out again. */
const RENEW_WITHIN_SECONDS = 4 * 3600;

async function colourOf(person: PersonItem, now: Date) {
  // Declarations are made on arrival, so those made in the window cover the arrivals in it.
  const since = `${addDays(localDate(now), -RISK_ARRIVAL_DAYS - 1)}T00:00:00+08:00`;
  const [facts, travel] = await Promise.all([
    getPassFacts(person.personId),
    listTravelDeclarationsSince(person.personId, new Date(since).toISOString()),
  ]);
  return passColourOf(
    {
      quarantined: Boolean(person.activeQuarantineId),
      openFeverAlerts: facts.feverAlerts.length,
      openMissedChecks: facts.missedChecks.length,
      riskArrivals: travel.filter((t) => t.riskFlagged).map((t) => t.arrivedOn),
    },
    now,
  );
}

async function regionName(gridCode: string): Promise<string> {
  return (await getGrid(gridCode))?.name ?? gridCode;
}

/** The person's current pass, renewed when it is revoked, near its end or of another colour. */
export async function passFor(person: PersonItem, now: Date): Promise<IssuedPass> {
  const [colour, current] = await Promise.all([colourOf(person, now), getCurrentPass(person.personId)]);
  const nowS = Math.floor(now.getTime() / 1000);
  if (
    current &&
    !current.revokedAt &&
    current.colour === colour &&
    Date.parse(current.expiresAt) / 1000 - nowS > RENEW_WITHIN_SECONDS
  ) {
    const { revokedAt: _r, ...pass } = current;
    return pass;
  }
  const signer = await passSigner();
  const claims = {
    passId: randomBytes(12).toString('hex'),
    kid: signer.kid,
    colour,
    maskedName: maskName(person.name),
    regionCode: person.gridCode,
    issuedAt: nowS,
    expiresAt: nowS + PASS_LIFETIME_SECONDS,
  };
  const pass: IssuedPass = {
    personId: person.personId,
    passId: claims.passId,
    kid: claims.kid,
    colour,
    maskedName: claims.maskedName,
    regionCode: claims.regionCode,
    regionName: await regionName(person.gridCode),
    issuedAt: new Date(claims.issuedAt * 1000).toISOString(),
    expiresAt: new Date(claims.expiresAt * 1000).toISOString(),
    text: await encodePass(claims, (m) => signer.sign(m)),
  };
  await putCurrentPass(pass);
  return pass;
}

/** GET /v1/me/passes: every member of the caller's household (the proxy phone shows them all). */
export async function getMyPasses(principal: Principal, now: Date): Promise<PassList> {
  const householdId = principal.householdId ?? (await getUser(principal.userId))?.householdId;
  if (!householdId) throw new AppError('NOT_FOUND');
  const household = await getHousehold(householdId);
  if (!household) throw new AppError('NOT_FOUND');
  const members = await getPersons(household.memberIds);
  const byId = new Map(members.map((m) => [m.personId, m]));
  const ordered = household.memberIds.flatMap((id) => byId.get(id) ?? []);
  return { passes: await Promise.all(ordered.map((p) => passFor(p, now))) };
}

/** A pass for one person: staff within their grids, a resident for a member of their household. */
export async function issuePersonPass(
  principal: Principal,
  personId: string,
  now: Date,
): Promise<IssuedPass> {
  return passFor(await loadPersonInScope(principal, personId), now);
}
