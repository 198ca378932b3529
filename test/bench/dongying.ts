/**
 * Dongying at its morning peak, the figures the mixed workload and the bill are scaled from. The
 * city's own figures (residents, gridworkers, centres, reports a day) come from the issue; the rest
 * are stated assumptions, kept here in one place so a reader can change them and rerun.
 */
export const DONGYING = {
  residents: 2_000_000,
  reportsPerResidentPerDay: 2,
  gridworkers: 6_100,
  centres: 100,
  /** The morning slot's reports come mostly in a 2-hour window… */
  morningWindowHours: 2,
  /** …this share of them (assumption). */
  morningShareInWindow: 0.8,
  /** Share of the window's reports a gridworker verifies within the window (assumption: the rest later). */
  verifiedInWindow: 0.5,
  /** A gridworker on duty refreshes the pending list this often (assumption), seconds. */
  pendingRefreshSeconds: 60,
  /** A centre's screen refreshes its dashboard this often (assumption), seconds. */
  dashboardRefreshSeconds: 15,
  /** One household in this many is in home quarantine (as the synthetic city). */
  quarantineOneIn: 60,
  /** Persons per household (the synthetic city's 2–4). */
  personsPerHousehold: 3,
  /** Supply requests per quarantined household per day (assumption), 30 % of them in the window. */
  supplyRequestsPerQuarantinedHouseholdPerDay: 1,
  supplyShareInWindow: 0.3,
} as const;

export type MixKind =
  | 'checkIn'
  | 'pendingPage'
  | 'verify'
  | 'dashboardStreet'
  | 'dashboardCity'
  | 'supplyCreate'
  | 'supplyAccept';

/** Requests per second of each kind at the morning peak, for a city of `persons` residents. */
export function peakRates(persons: number): Record<MixKind, number> {
  const d = DONGYING;
  const scale = persons / d.residents;
  const window = d.morningWindowHours * 3600;
  const checkIn = (d.residents * d.morningShareInWindow) / window;
  const quarantinedHouseholds = d.residents / d.personsPerHousehold / d.quarantineOneIn;
  const supply =
    (quarantinedHouseholds * d.supplyRequestsPerQuarantinedHouseholdPerDay * d.supplyShareInWindow) / window;
  const dashboards = d.centres / d.dashboardRefreshSeconds;
  const city = {
    checkIn,
    pendingPage: d.gridworkers / d.pendingRefreshSeconds,
    verify: checkIn * d.verifiedInWindow,
    // Street centres look at their street, the city centre at the city: most views are a street's.
    dashboardStreet: dashboards * 0.9,
    dashboardCity: dashboards * 0.1,
    supplyCreate: supply,
    supplyAccept: supply,
  };
  return Object.fromEntries(Object.entries(city).map(([k, v]) => [k, v * scale])) as Record<MixKind, number>;
}
