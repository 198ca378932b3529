/**
 * Compatibility for the contexts converted beside this one (issue 18 step 2): households and persons
 * now live in household.ts and person.ts. Point imports there and delete this file once merged.
 */
export { getHousehold, type HouseholdItem } from './household';
export { getPerson, getPersons, type PersonItem } from './person';
