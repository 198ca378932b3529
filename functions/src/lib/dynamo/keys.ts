/**
 * Single-table keys. Every item has pk/sk; gsi1 lists children of a parent in order, gsi2
 * finds an item by a secondary identity (keyed hashes). docs/architecture.md has the table of
 * access patterns these serve.
 */
import type { Slot } from '@grid/shared';

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'USER' }),
  openid: (openid: string) => ({ pk: `OPENID#${openid}`, sk: 'OPENID' }),
  staffPhone: (phoneHash: string) => ({ pk: `STAFFPHONE#${phoneHash}`, sk: 'STAFFPHONE' }),
  household: (householdId: string) => ({ pk: `HH#${householdId}`, sk: 'HH' }),
  /** Remembers which household a staff member's Idempotency-Key created, so a retry finds it. */
  householdByKey: (userId: string, idempotencyKey: string) => ({ pk: `HHKEY#${userId}`, sk: idempotencyKey }),
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  personByIdHash: (idHash: string) => ({ gsi2pk: `IDHASH#${idHash}` }),
  /** The data-key reseal job's progress: target key id, scan checkpoints, counts. */
  dataKeyReseal: () => ({ pk: 'CONFIG', sk: 'DATA_KEY_RESEAL' }),
  /** Staff (gridworkers, volunteers) of a grid, for notifications. */
  gridStaff: (gridCode: string, userId: string) => ({ pk: `GRIDSTAFF#${gridCode}`, sk: `USER#${userId}` }),
  /** A user's remaining one-time subscribe-message grants for one template. */
  grant: (userId: string, template: string) => ({ pk: `USER#${userId}`, sk: `GRANT#${template}` }),
  /** A subscribe message WeChat did not take (it was down), kept to be sent again. */
  pendingMessage: (userId: string, messageId: string) => ({
    pk: `USER#${userId}`,
    sk: `PENDINGMSG#${messageId}`,
  }),
  /** gsi1 partition of every pending message, by next attempt time (non-empty only while WeChat fails). */
  pendingMessages: 'PENDINGMSGS',
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** gsi1 partition of a grid's open tasks, oldest first. */
  gridTasks: (gridCode: string) => `TASKS#${gridCode}`,
  /** An added member's Idempotency-Key: a retry finds the person it added. */
  memberKey: (householdId: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `MEMBERKEY#${idempotencyKey}`,
  }),
  // screening and cross-match
  /**
   * One identity key (ID, phone or name + birth date hash) with the set of `<personId>#<grid>` holding
   * it, kept by the personIdentity stream consumer; one item per key so a chunk looks up by BatchGet.
   */
  personKey: (kind: 'id' | 'phone' | 'name-birth', hash: string) => ({
    pk: `PERSONKEY#${kind}#${hash}`,
    sk: 'KEY',
  }),
  /** The audit of one merge, in the survivor's partition. */
  personMerge: (survivorId: string, mergedAt: string, absorbedId: string) => ({
    pk: `PERSON#${survivorId}`,
    sk: `MERGE#${mergedAt}#${absorbedId}`,
  }),
  // end screening
  // audit
  /** One read of a person's file by staff; the resident sees these as "who viewed my record". */
  personAccess: (personId: string, at: string, requestId: string) => ({
    pk: `PERSON#${personId}`,
    sk: `ACCESS#${at}#${requestId}`,
  }),
  // end audit
  // correction requests
  /** In the household's partition: its requests read newest first in one query. */
  correction: (householdId: string, seq: string) => ({ pk: `HH#${householdId}`, sk: `CORR#${seq}` }),
  /** Claims an Idempotency-Key for a household's new correction request; holds the request's id. */
  correctionKey: (householdId: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `CORRKEY#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's open correction requests, oldest first; removed once resolved. */
  openCorrectionsOfGrid: (gridCode: string) => `CORRECTIONS#${gridCode}`,
  // end correction requests
  // hierarchy and notices
  /** A notice published down the hierarchy. */
  notice: (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  /** One gridworker's copy of a notice, with its acknowledgement; beside the notice for the acks view. */
  noticeReceipt: (noticeId: string, userId: string) => ({ pk: `NOTICE#${noticeId}`, sk: `RCPT#${userId}` }),
  /** gsi1 partition of a gridworker's notices, newest last in key order (read descending). */
  noticeInbox: (userId: string) => `INBOX#${userId}`,
  /** Claims a publisher's Idempotency-Key for a notice; holds the notice's id (expires after 7 days). */
  noticeKey: (userId: string, idempotencyKey: string) => ({
    pk: `USER#${userId}`,
    sk: `NOTICEKEY#${idempotencyKey}`,
  }),
  // end hierarchy
  // retention
  /** The epidemic response closed for a region: its health records are purged after the retention days. */
  regionClosure: (regionCode: string) => ({ pk: `CLOSURE#${regionCode}`, sk: 'CLOSURE' }),
  /** gsi2 partition (keys only) of closures whose records the background job has not marked yet. */
  unmarkedClosures: () => 'CLOSURESTODO',
  // end retention
} as const;
