/** How stored persons and households are shown: shared by the household and person-identity use cases. */
import type { Household, Person } from '@grid/shared';
import type { HouseholdItem } from '../entities/household';
import type { PersonItem } from '../entities/person';

export function toPerson(p: PersonItem): Person {
  return {
    personId: p.personId,
    householdId: p.householdId,
    gridCode: p.gridCode,
    name: p.name,
    relation: p.relation,
    idNumberMasked: p.idNumberMasked,
    phoneMasked: p.phoneMasked,
    birthDate: p.birthDate,
    sex: p.sex,
    version: p.version,
    activeQuarantineId: p.activeQuarantineId ?? null,
  };
}

export function toHousehold(h: HouseholdItem, members: PersonItem[]): Household {
  return {
    householdId: h.householdId,
    address: h.address,
    gridCode: h.gridCode,
    members: members.map(toPerson),
    createdAt: h.createdAt,
  };
}
