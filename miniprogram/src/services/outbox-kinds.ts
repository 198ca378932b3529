import type {
  CreateCorrectionRequest,
  CreateEntryRequest,
  CreateFollowUpRequest,
  CreateHealthReportRequest,
  CreateHouseholdRequest,
  CreateSupplyRequest,
  CreateTravelDeclarationRequest,
  MemberInput,
  VerifyRequest,
} from '@grid/shared';
import { zh } from '../i18n/zh';
import { zhCheckpoints } from '../i18n/zh-checkpoints';
import { zhResident } from '../i18n/zh-resident';
import { zhStaff } from '../i18n/zh-staff';
import {
  acknowledgeNotice,
  actOnSupplyRequest,
  addMember,
  completeTask,
  createHealthReport,
  createHousehold,
  createSupplyRequest,
  createTravelDeclaration,
  recordFollowUp,
  verifySubmission,
} from './api';
import { logEntry, signShift } from './api-checkpoints';
import { requestCorrection } from './api-resident';
import type { ApiError } from './http';
import { adoptToken } from './session';

/**
 * Every kind of write the outbox can carry, in one table. A kind says how to send its payload
 * with the Idempotency-Key made when the person first pressed submit, and what the outbox list
 * calls it. Payload and answer types are read off `send`, so nothing else needs a type.
 *
 * To add a kind (e.g. a gridworker's verify):
 *   1. give its endpoint function in api.ts an `idempotencyKey` parameter (sent as the header);
 *   2. add an entry here: `verify: outboxKind({ label: zh.outbox.kinds.verify,
 *        send: (p: { submissionId: string; body: VerifyRequest }, key) => verifySubmission(p.submissionId, p.body, key) })`;
 *   3. add its label to zh.outbox.kinds.
 * `makeSubmission('verify', …)`, `useSubmission('verify')`, the queue and its replay then know it.
 */
export interface OutboxKind<P, A> {
  /** What the 待同步 list calls this kind, e.g. 健康打卡. */
  label: string;
  send(payload: P, idempotencyKey: string): Promise<A>;
  /**
   * A refusal that means the thing is already done (a replay whose first attempt landed under
   * another path): the queued item is dropped as sent rather than kept as failed.
   */
  alreadyDone?(error: ApiError): boolean;
}

/** Identity with the types pinned: lets TypeScript infer P and A from `send`. */
function outboxKind<P, A>(kind: OutboxKind<P, A>): OutboxKind<P, A> {
  return kind;
}

export const OUTBOX_KINDS = {
  health: outboxKind({
    label: zh.outbox.kinds.health,
    send: (p: { personId: string; body: CreateHealthReportRequest }, key) =>
      createHealthReport(p.personId, p.body, key),
    // The slot was filled by another phone of the household meanwhile: nothing left to send.
    alreadyDone: (error) => error.status === 409 && error.code === 'ALREADY_REPORTED',
  }),
  travel: outboxKind({
    label: zh.outbox.kinds.travel,
    send: (p: { personId: string; body: CreateTravelDeclarationRequest }, key) =>
      createTravelDeclaration(p.personId, p.body, key),
  }),
  household: outboxKind({
    label: zh.outbox.kinds.household,
    send: async (p: { body: CreateHouseholdRequest }, key) => {
      const answer = await createHousehold(p.body, key);
      // A resident's own household changes what the session may reach: the API sends a new token.
      if (answer.session) await adoptToken(answer.session.token, answer.session.expiresAt);
      return answer;
    },
  }),
  // A retry under the same key is answered with the member it added (200), never a second one.
  member: outboxKind({
    label: zh.outbox.kinds.member,
    send: (p: { householdId: string; body: MemberInput }, key) => addMember(p.householdId, p.body, key),
  }),
  followUp: outboxKind({
    label: zh.outbox.kinds.followUp,
    send: (p: { quarantineId: string; body: CreateFollowUpRequest }, key) =>
      recordFollowUp(p.quarantineId, p.body, key),
  }),
  supply: outboxKind({
    label: zh.outbox.kinds.supply,
    send: (p: { householdId: string; body: CreateSupplyRequest }, key) =>
      createSupplyRequest(p.householdId, p.body, key),
  }),
  correction: outboxKind({
    label: zhResident.privacy.corrections,
    send: (p: { body: CreateCorrectionRequest }, key) => requestCorrection(p.body, key),
  }),
  // Staff writes. Each is done once on the server: a replay after the first attempt landed is
  // refused as already done, and the queued item is then dropped as sent.
  verify: outboxKind({
    label: zhStaff.outbox.verify,
    send: (p: { submissionId: string; body: VerifyRequest }, key) =>
      verifySubmission(p.submissionId, p.body, key),
    alreadyDone: (error) => error.status === 409 && error.code === 'ALREADY_VERIFIED',
  }),
  supplyAction: outboxKind({
    label: zhStaff.outbox.supplyAction,
    send: (p: { requestId: string; action: 'accept' | 'deliver'; note?: string }, key) =>
      actOnSupplyRequest(p.requestId, p.action, p.action === 'deliver' ? { note: p.note } : undefined, key),
    alreadyDone: (error) => error.status === 409 && error.code === 'INVALID_TRANSITION',
  }),
  taskDone: outboxKind({
    label: zhStaff.outbox.taskDone,
    send: (p: { taskId: string }, key) => completeTask(p.taskId, key),
    alreadyDone: (error) => error.status === 409 && error.code === 'INVALID_TRANSITION',
  }),
  noticeAck: outboxKind({
    label: zhStaff.outbox.noticeAck,
    send: (p: { noticeId: string }, key) => acknowledgeNotice(p.noticeId, key),
  }),
  // A checkpoint's entry log: one key per entry from the first tap, so the gate's record is written once.
  entry: outboxKind({
    label: zhCheckpoints.outbox.entry,
    send: (p: { checkpointId: string; body: CreateEntryRequest }, key) =>
      logEntry(p.checkpointId, p.body, key),
  }),
  shiftSign: outboxKind({
    label: zhCheckpoints.outbox.shiftSign,
    send: (p: { shiftId: string; action: 'sign-in' | 'sign-out' }, key) =>
      signShift(p.shiftId, p.action, key),
    alreadyDone: (error) => error.status === 409 && error.code === 'INVALID_TRANSITION',
  }),
};

type Kinds = typeof OUTBOX_KINDS;
export type SubmissionKind = keyof Kinds;
export type SubmissionPayloads = { [K in SubmissionKind]: Parameters<Kinds[K]['send']>[0] };
export type SubmissionAnswers = { [K in SubmissionKind]: Awaited<ReturnType<Kinds[K]['send']>> };
