/**
 * One file per person. The keyed ID hash identifies a person; the phone hash and a hash of name +
 * birth date are secondary keys (all three also kept as key items for batch lookups). A likely duplicate is a warning, never a refusal; staff in scope
 * merge two persons, keeping both histories under their own ids (the absorbed one points at the
 * survivor, so reads follow the pointer) with an audit item.
 */
import type { DuplicateWarning, personFileSchema, personMergeSchema } from '@grid/shared';
import type { z } from 'zod';
import { canAccessHousehold } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { decryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { AppError } from '../../../lib/errors';
import { normalizeName } from '../../screening/use-cases/cross-match-normalize';
import {
  findPersonIdsByIdHash,
  getPerson,
  getPersonsUnordered,
  listRecentHealthReports,
  listRecentTravelDeclarations,
  type PersonItem,
} from '../entities/person';
import * as identity from '../entities/person-key';
import { listMergesOf, type PersonMergeItem, mergePersons as writeMerge } from '../entities/person-merge';
import { toPerson } from './person-view';

/**
 * The first 17 digits differ by one digit or by two adjacent digits swapped, the usual slips
 * (the check digit follows from them, so it is left out).
 */
export function withinOneTypo(a: string, b: string): boolean {
  const [x, y] = [a.slice(0, 17), b.slice(0, 17)];
  if (x.length !== 17 || y.length !== 17) return false;
  if (x === y) return true;
  const diff = [...x].flatMap((ch, i) => (ch === y[i] ? [] : [i]));
  if (diff.length === 1) return true;
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && x[i] === y[j] && x[j] === y[i];
}

interface LiveMatch {
  personId: string;
  gridCode: string;
}

/**
 * Name + birth date candidates whose ID number is one slip away from this one: the same person
 * with a mistyped number. Others sharing a name and a birthday are most likely other people.
 */
export async function nameBirthTypoMatches(
  name: string,
  birthDate: string,
  idNumber: string,
  known?: LiveMatch[],
): Promise<LiveMatch[]> {
  const candidates = known ?? (await personsByNameBirth(name, birthDate));
  if (candidates.length === 0) return [];
  const persons = await getPersonsUnordered(candidates.map((c) => c.personId));
  const near = new Set(
    persons
      .filter((p) => p.idNumberEnc && withinOneTypo(decryptField(p.idNumberEnc), idNumber))
      .map((p) => p.personId),
  );
  return candidates.filter((c) => near.has(c.personId));
}

export function nameBirthHash(name: string, birthDate: string): string {
  return keyedHash('name-birth', `${normalizeName(name)}|${birthDate}`);
}

type PersonImage = Partial<PersonItem> & { mergedInto?: string };

/** The identity keys a person item should hold (none once merged away). */
export function identityKeysOf(p: PersonImage): identity.IdentityKey[] {
  if (p.mergedInto || !p.personId) return [];
  const out: identity.IdentityKey[] = [];
  if (p.idHash) out.push({ kind: 'id', hash: p.idHash });
  if (p.phoneHash) out.push({ kind: 'phone', hash: p.phoneHash });
  if (p.name && p.birthDate) out.push({ kind: 'name-birth', hash: nameBirthHash(p.name, p.birthDate) });
  return out;
}

/** Brings the key items in line with a person's new image (stream consumer; safe to repeat). */
export async function syncIdentityKeys(
  oldImage: PersonImage | undefined,
  newImage: PersonImage | undefined,
): Promise<void> {
  const entries = (p: PersonImage | undefined) =>
    new Map(
      (p ? identityKeysOf(p) : []).map((k) => [
        `${k.kind}#${k.hash}#${p?.personId}#${p?.gridCode}`,
        { key: k, holder: { personId: p?.personId ?? '', gridCode: p?.gridCode ?? '' } },
      ]),
    );
  const had = entries(oldImage);
  const wanted = entries(newImage);
  for (const [id, e] of had) if (!wanted.has(id)) await identity.changeKeyHolder(e.key, e.holder, 'DELETE');
  // Added even when the old image had them: a redelivered record may follow a lost one.
  for (const e of wanted.values()) await identity.changeKeyHolder(e.key, e.holder, 'ADD');
}

/** Live (not merged-away) persons with this ID hash, read from the table's own index (no lag). */
export async function personsByIdHash(idHash: string): Promise<LiveMatch[]> {
  const ids = await findPersonIdsByIdHash(idHash);
  if (ids.length === 0) return [];
  const persons = await getPersonsUnordered(ids);
  return persons.filter((p) => !p.mergedInto).map((p) => ({ personId: p.personId, gridCode: p.gridCode }));
}

export function personsByPhoneHash(phoneHash: string): Promise<LiveMatch[]> {
  return identity.findKeyHoldersOf({ kind: 'phone', hash: phoneHash });
}

export function personsByNameBirth(name: string, birthDate: string): Promise<LiveMatch[]> {
  return identity.findKeyHoldersOf({ kind: 'name-birth', hash: nameBirthHash(name, birthDate) });
}

/**
 * Persons registered elsewhere that the new ones likely duplicate: same ID number in another
 * household, same phone, or same name and birth date. The key items come from the stream, so a
 * person registered a second ago may not warn yet; the ID check reads the index directly. Name +
 * birth date warns only with an ID number one typing slip away (nameBirthTypoMatches).
 */
export async function findLikelyDuplicates(created: readonly PersonItem[]): Promise<DuplicateWarning[]> {
  const ownIds = new Set(created.map((p) => p.personId));
  const warnings: DuplicateWarning[] = [];
  await Promise.all(
    created.map(async (p, memberIndex) => {
      const seen = new Set<string>();
      const add = (reason: DuplicateWarning['reason'], found: LiveMatch[]) => {
        for (const f of found) {
          if (ownIds.has(f.personId) || seen.has(f.personId)) continue;
          seen.add(f.personId);
          warnings.push({
            memberIndex,
            personId: p.personId,
            reason,
            existingPersonId: f.personId,
            existingGridCode: f.gridCode,
          });
        }
      };
      add('id_number', await personsByIdHash(p.idHash));
      if (p.phoneHash) add('phone', await personsByPhoneHash(p.phoneHash));
      add('name_birth_date', await nameBirthTypoMatches(p.name, p.birthDate, decryptField(p.idNumberEnc)));
    }),
  );
  return warnings.sort((a, b) => a.memberIndex - b.memberIndex);
}

type PersonMerge = z.infer<typeof personMergeSchema>;

function toMerge(m: PersonMergeItem): PersonMerge {
  return {
    survivorId: m.survivorId,
    absorbedId: m.absorbedId,
    mergedBy: m.mergedBy,
    mergedAt: m.mergedAt,
    note: m.note,
  };
}

async function loadForMerge(principal: Principal, personId: string): Promise<PersonItem> {
  const person = await getPerson(personId);
  if (!person || !canAccessHousehold(principal, person)) throw new AppError('FORBIDDEN_SCOPE');
  if (person.mergedInto) throw new AppError('ALREADY_MERGED', { personId, mergedInto: person.mergedInto });
  return person;
}

export async function mergePersons(
  principal: Principal,
  absorbedId: string,
  input: { intoPersonId: string; note: string },
  now: Date,
) {
  if (absorbedId === input.intoPersonId) throw new AppError('MERGE_SAME_PERSON');
  const absorbed = await loadForMerge(principal, absorbedId);
  const survivor = await loadForMerge(principal, input.intoPersonId);
  if (absorbed.activeQuarantineId)
    throw new AppError('MERGE_REFUSED', { activeQuarantineId: absorbed.activeQuarantineId });
  const merge: PersonMergeItem = {
    survivorId: survivor.personId,
    absorbedId: absorbed.personId,
    mergedBy: principal.userId,
    mergedAt: now.toISOString(),
    note: input.note,
    absorbed: {
      name: absorbed.name,
      idNumberMasked: absorbed.idNumberMasked,
      phoneMasked: absorbed.phoneMasked,
      householdId: absorbed.householdId,
      gridCode: absorbed.gridCode,
    },
  };
  try {
    await writeMerge(absorbed, survivor, merge);
  } catch (err) {
    if (!failedConditions(err)) throw err;
    // Someone changed or merged one of them since it was read.
    throw new AppError('VERSION_CONFLICT');
  }
  const fresh = await getPerson(survivor.personId);
  if (!fresh) throw new Error('survivor vanished after merge');
  return { survivor: toPerson(fresh), merge: toMerge(merge) };
}

type PersonFile = z.infer<typeof personFileSchema>;

/**
 * The person's file: follows `mergedInto` to the survivor, then gathers the recent health reports
 * and travel declarations of the survivor and of everyone merged into it.
 */
export async function getPersonFile(principal: Principal, personId: string): Promise<PersonFile> {
  let person = await getPerson(personId);
  if (!person || !canAccessHousehold(principal, person)) throw new AppError('FORBIDDEN_SCOPE');
  let resolvedFrom: string | null = null;
  for (let hops = 0; person.mergedInto && hops < 5; hops++) {
    resolvedFrom ??= person.personId;
    const next = await getPerson(person.mergedInto);
    if (!next) break;
    person = next;
  }
  if (!canAccessHousehold(principal, person)) throw new AppError('FORBIDDEN_SCOPE');
  const mergedFrom = person.mergedFrom ?? [];
  const ids = [person.personId, ...mergedFrom];
  const [reports, travels, merges] = await Promise.all([
    Promise.all(ids.map((id) => listRecentHealthReports(id, 60))),
    Promise.all(ids.map((id) => listRecentTravelDeclarations(id, 20))),
    listMergesOf(person.personId, 50),
  ]);
  return {
    person: toPerson(person),
    resolvedFrom,
    mergedFrom,
    merges: merges.map(toMerge),
    healthReports: reports
      .flat()
      .map((r) => ({ personId: r.personId, date: r.date, slot: r.slot, temperature: r.temperature }))
      .sort((a, b) => (b.date + b.slot).localeCompare(a.date + a.slot)),
    travelDeclarations: travels
      .flat()
      .map((t) => ({
        personId: t.personId,
        originCode: t.originCode,
        arrivedOn: t.arrivedOn,
        createdAt: t.createdAt,
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  };
}
