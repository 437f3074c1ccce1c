import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import type { DedupeWindow, Lease, Store } from '../../src/store/store.js';
import type { AcceptedEvent, PlannedDelivery } from '../../src/types.js';

export interface StoreFactoryOptions {
  readonly dedupeWindowMs?: DedupeWindow;
}

export type StoreFactory = (options: StoreFactoryOptions) => Store | Promise<Store>;

export interface StoreContractOptions {
  /**
   * Opens another handle to the backend of `store` (a second process's view of the same database), where the
   * backend allows it: the "n handles to one backend" tests then run.
   */
  readonly sibling?: (store: Store) => Store | Promise<Store>;
  /**
   * The backend is shared by several processes (PostgreSQL): claims honour `gate` across handles, and
   * `recoverInFlight` leaves other processes' leases alone.
   */
  readonly shared?: boolean;
}

const hour = 60 * 60 * 1000;
const t0 = Date.UTC(2025, 0, 1);

/**
 * The behaviour every `Store` must show, whatever keeps the data. Time is always passed in (event receipt,
 * `now` arguments), so the suite runs on a fake clock: plain numbers.
 */
export function runStoreContract(
  name: string,
  makeStore: StoreFactory,
  contract: StoreContractOptions = {},
): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    let seq = 0;
    const open: Store[] = [];

    async function fresh(options: StoreFactoryOptions = {}): Promise<Store> {
      const made = await makeStore(options);
      open.push(made);
      return made;
    }

    beforeEach(async () => {
      store = await fresh();
    });

    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    function event(overrides: Partial<AcceptedEvent> = {}): AcceptedEvent {
      seq++;
      const payload = overrides.payload ?? {
        type: 'transcript.completed',
        data: { headline: 'Hello', n: seq },
      };
      return {
        id: `evt_${String(seq).padStart(4, '0')}`,
        source: 'connect-it',
        type: 'transcript.completed',
        dedupeKey: `key-${seq}`,
        receivedAt: t0,
        payload,
        // As ingest makes them: the payload is the raw body parsed.
        rawBody: JSON.stringify(payload),
        ...overrides,
      };
    }

    function planned(eventId: string, ...targets: string[]): PlannedDelivery[] {
      return targets.map((target, i) => ({ id: `${eventId}_d${i}`, route: `route-${target}`, target }));
    }

    async function enqueueOne(target = 'slack', overrides: Partial<AcceptedEvent> = {}) {
      const e = event(overrides);
      await store.enqueue(e, planned(e.id, target));
      return { event: e, deliveryId: `${e.id}_d0` };
    }

    async function claimOne(target = 'slack', now = t0, leaseMs = 60_000) {
      const [claim] = await store.claimDue({ target, now, limit: 1, leaseMs });
      if (!claim) throw new Error(`nothing claimable for ${target} at ${now}`);
      return claim;
    }

    async function fail(lease: Lease, at: number, nextAttemptAt: number) {
      return store.recordAttempt(
        { lease, startedAt: at, durationMs: 12, outcome: 'retryable', httpStatus: 503, error: 'HTTP 503' },
        { status: 'pending', at, nextAttemptAt },
      );
    }

    async function delivery(id: string) {
      const e = await store.getEvent(id.replace(/_d\d+$/, ''));
      const found = e?.deliveries.find((d) => d.delivery.id === id);
      if (!found) throw new Error(`no delivery ${id}`);
      return found;
    }

    describe('enqueue', () => {
      it('stores the event and all its deliveries, pending and due at receipt', async () => {
        const e = event();
        const result = await store.enqueue(e, planned(e.id, 'slack', 'mail'));
        expect(result).toEqual({ outcome: 'accepted', eventId: e.id });
        const detail = await store.getEvent(e.id);
        expect(detail?.event).toEqual(e);
        expect(detail?.deliveries.map((d) => d.delivery)).toMatchObject([
          {
            id: `${e.id}_d0`,
            eventId: e.id,
            target: 'slack',
            route: 'route-slack',
            status: 'pending',
            attempts: 0,
          },
          { id: `${e.id}_d1`, target: 'mail', status: 'pending', nextAttemptAt: t0, leaseUntil: null },
        ]);
        expect(detail?.deliveries.every((d) => d.attempts.length === 0)).toBe(true);
      });

      it('answers a repeat of (source, dedupe key) within the window as a duplicate and stores nothing new', async () => {
        const first = event({ dedupeKey: 'same' });
        await store.enqueue(first, planned(first.id, 'slack'));
        const again = event({ dedupeKey: 'same', receivedAt: t0 + 24 * hour - 1 });
        expect(await store.enqueue(again, planned(again.id, 'slack', 'mail'))).toEqual({
          outcome: 'duplicate',
          eventId: first.id,
        });
        expect(await store.getEvent(again.id)).toBeUndefined();
        expect(await store.countByTargetAndStatus()).toEqual([
          { target: 'slack', status: 'pending', count: 1 },
        ]);
      });

      it('accepts the same dedupe key once the 24 h default window has passed, or from another source', async () => {
        const first = event({ dedupeKey: 'same' });
        await store.enqueue(first, []);
        const later = event({ dedupeKey: 'same', receivedAt: t0 + 24 * hour });
        const other = event({ dedupeKey: 'same', source: 'github', receivedAt: t0 + 1 });
        expect((await store.enqueue(later, [])).outcome).toBe('accepted');
        expect((await store.enqueue(other, [])).outcome).toBe('accepted');
      });

      it('uses the configured window, also per source', async () => {
        const short = await fresh({ dedupeWindowMs: (source) => (source === 'fast' ? 1000 : hour) });
        const a = event({ source: 'fast', dedupeKey: 'k' });
        const b = event({ source: 'slow', dedupeKey: 'k' });
        await short.enqueue(a, []);
        await short.enqueue(b, []);
        expect(
          (await short.enqueue(event({ source: 'fast', dedupeKey: 'k', receivedAt: t0 + 999 }), [])).outcome,
        ).toBe('duplicate');
        expect(
          (await short.enqueue(event({ source: 'fast', dedupeKey: 'k', receivedAt: t0 + 1000 }), [])).outcome,
        ).toBe('accepted');
        expect(
          (await short.enqueue(event({ source: 'slow', dedupeKey: 'k', receivedAt: t0 + 5000 }), [])).outcome,
        ).toBe('duplicate');
      });

      it('detects duplicates among enqueues made at the same moment', async () => {
        const events = Array.from({ length: 20 }, (_, i) => event({ dedupeKey: `k${i % 10}` }));
        const results = await Promise.all(events.map((e) => store.enqueue(e, planned(e.id, 'slack'))));
        expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(10);
        expect(
          results.slice(10).every((r, i) => r.outcome === 'duplicate' && r.eventId === events[i]!.id),
        ).toBe(true);
      });

      it('fails only the bad one of enqueues made at the same moment', async () => {
        const first = await enqueueOne();
        const good = Array.from({ length: 5 }, () => event());
        const bad = event();
        const settled = await Promise.allSettled([
          ...good.map((e) => store.enqueue(e, planned(e.id, 'slack'))),
          store.enqueue(bad, [{ id: first.deliveryId, route: 'r', target: 'slack' }]),
        ]);
        expect(settled.slice(0, 5).map((s) => s.status)).toEqual(Array(5).fill('fulfilled'));
        expect(settled[5]?.status).toBe('rejected');
        expect(settled[5]?.status === 'rejected' && settled[5].reason instanceof StoreError).toBe(true);
        expect(await store.getEvent(bad.id)).toBeUndefined();
        for (const e of good) expect((await store.getEvent(e.id))?.deliveries).toHaveLength(1);
      });

      it('with a zero window, takes every repeat of a key as new, also at the same moment', async () => {
        const open = await fresh({ dedupeWindowMs: 0 });
        const events = [event({ dedupeKey: 'k' }), event({ dedupeKey: 'k' })];
        const results = await Promise.all(events.map((e) => open.enqueue(e, planned(e.id, 'slack'))));
        expect(results).toEqual(events.map((e) => ({ outcome: 'accepted', eventId: e.id })));
      });

      it('stores an event no route matched, as unrouted', async () => {
        const e = event();
        await store.enqueue(e, []);
        expect(await store.listEvents({ limit: 10 })).toMatchObject([{ id: e.id, status: 'unrouted' }]);
      });

      it('stores nothing of an event whose deliveries cannot be stored', async () => {
        const first = await enqueueOne();
        const e = event();
        const clash = [
          { id: 'fresh', route: 'r', target: 'slack' },
          { id: first.deliveryId, route: 'r', target: 'slack' },
        ];
        await expect(store.enqueue(e, clash)).rejects.toBeInstanceOf(StoreError);
        expect(await store.getEvent(e.id)).toBeUndefined();
        expect((await store.listDeliveries({ limit: 10 })).map((d) => d.id)).toEqual([first.deliveryId]);
      });
    });

    describe('claimDue', () => {
      it('claims due deliveries of one target, oldest first, up to the limit, as attempt 1 with the event', async () => {
        const a = await enqueueOne('slack', { receivedAt: t0 });
        const b = await enqueueOne('slack', { receivedAt: t0 + 10 });
        await enqueueOne('slack', { receivedAt: t0 + 20 });
        await enqueueOne('mail', { receivedAt: t0 });
        const claims = await store.claimDue({ target: 'slack', now: t0 + 100, limit: 2, leaseMs: 30_000 });
        expect(claims.map((c) => c.job.id)).toEqual([a.deliveryId, b.deliveryId]);
        expect(claims[0]).toMatchObject({
          job: { eventId: a.event.id, route: 'route-slack', target: 'slack', attempt: 1, event: a.event },
          lease: { deliveryId: a.deliveryId, round: 1, attempt: 1 },
          leaseUntil: t0 + 100 + 30_000,
          roundStartedAt: t0,
        });
        expect((await delivery(a.deliveryId)).delivery).toMatchObject({
          status: 'in_flight',
          attempts: 1,
          leaseUntil: t0 + 30_100,
          nextAttemptAt: null,
        });
      });

      it('marks every row of one claim in flight, fresh ones and one whose lease ran out alike', async () => {
        const expired = await enqueueOne('slack', { receivedAt: t0 });
        await claimOne('slack', t0, 1000);
        const fresh = await enqueueOne('slack', { receivedAt: t0 + 10 });
        const later = await enqueueOne('slack', { receivedAt: t0 + 20 });
        const claims = await store.claimDue({ target: 'slack', now: t0 + 2000, limit: 3, leaseMs: 30_000 });
        // Oldest due first: the expired lease fell due at its end, t0 + 1000.
        expect(claims.map((c) => [c.job.id, c.lease.attempt])).toEqual([
          [fresh.deliveryId, 1],
          [later.deliveryId, 1],
          [expired.deliveryId, 2],
        ]);
        for (const [id, attempts] of [
          [expired.deliveryId, 2],
          [fresh.deliveryId, 1],
          [later.deliveryId, 1],
        ] as const) {
          expect((await delivery(id)).delivery).toMatchObject({
            status: 'in_flight',
            attempts,
            leaseUntil: t0 + 32_000,
          });
        }
        expect((await delivery(expired.deliveryId)).attempts).toMatchObject([
          { attempt: 1, outcome: 'retryable', durationMs: null },
        ]);
        expect(await store.claimDue({ target: 'slack', now: t0 + 2000, limit: 3, leaseMs: 30_000 })).toEqual(
          [],
        );
      });

      it('claims nothing that is not due yet', async () => {
        await enqueueOne('slack', { receivedAt: t0 + 1000 });
        expect(await store.claimDue({ target: 'slack', now: t0 + 999, limit: 10, leaseMs: 1000 })).toEqual(
          [],
        );
        expect(
          await store.claimDue({ target: 'slack', now: t0 + 1000, limit: 10, leaseMs: 1000 }),
        ).toHaveLength(1);
      });

      it('does not hand out a leased delivery again until its lease runs out, then records the lost attempt', async () => {
        const { deliveryId } = await enqueueOne();
        const first = await claimOne('slack', t0, 5000);
        expect(await store.claimDue({ target: 'slack', now: t0 + 4999, limit: 10, leaseMs: 5000 })).toEqual(
          [],
        );
        const second = await claimOne('slack', t0 + 5000, 5000);
        expect(second.lease).toMatchObject({ deliveryId, round: 1, attempt: 2 });
        expect(await fail(first.lease, t0 + 6000, t0 + 7000)).toBe('stale');
        const { attempts } = await delivery(deliveryId);
        expect(attempts).toMatchObject([
          { attempt: 1, outcome: 'retryable', durationMs: null, startedAt: t0 },
        ]);
        expect(attempts[0]?.error).toMatch(/interrupted/);
      });

      it('reports per target when work is next due, counting lease expiry', async () => {
        await enqueueOne('slack', { receivedAt: t0 + 50 });
        await enqueueOne('slack', { receivedAt: t0 + 20 });
        await enqueueOne('mail', { receivedAt: t0 + 30 });
        await claimOne('mail', t0 + 40, 1000);
        expect(await store.dueTargets()).toEqual([
          { target: 'mail', dueAt: t0 + 1040 },
          { target: 'slack', dueAt: t0 + 20 },
        ]);
      });
    });

    describe('recordAttempt', () => {
      it('marks a success delivered with the attempt in its history', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        const recorded = await store.recordAttempt(
          { lease: claim.lease, startedAt: t0, durationMs: 87.5, outcome: 'success', httpStatus: 200 },
          { status: 'delivered', at: t0 + 88 },
        );
        expect(recorded).toBe('recorded');
        const d = await delivery(deliveryId);
        expect(d.delivery).toMatchObject({
          status: 'delivered',
          deliveredAt: t0 + 88,
          nextAttemptAt: null,
          attempts: 1,
        });
        expect(d.attempts).toEqual([
          {
            deliveryId,
            round: 1,
            attempt: 1,
            startedAt: t0,
            durationMs: 87.5,
            outcome: 'success',
            httpStatus: 200,
            error: null,
          },
        ]);
      });

      it('schedules a retry that is claimable only from its time, as the next attempt', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        expect(await fail(claim.lease, t0 + 10, t0 + 5000)).toBe('recorded');
        expect((await delivery(deliveryId)).delivery).toMatchObject({
          status: 'pending',
          nextAttemptAt: t0 + 5000,
          lastError: 'HTTP 503',
          attempts: 1,
        });
        expect(await store.claimDue({ target: 'slack', now: t0 + 4999, limit: 1, leaseMs: 1000 })).toEqual(
          [],
        );
        const retry = await claimOne('slack', t0 + 5000);
        expect(retry.job.attempt).toBe(2);
      });

      it('dead-letters with the reason and keeps the error', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        await store.recordAttempt(
          {
            lease: claim.lease,
            startedAt: t0,
            durationMs: 5,
            outcome: 'permanent',
            httpStatus: 404,
            error: 'HTTP 404',
          },
          { status: 'dead', at: t0 + 5, reason: 'permanent failure' },
        );
        expect((await delivery(deliveryId)).delivery).toMatchObject({
          status: 'dead',
          deadReason: 'permanent failure',
          lastError: 'HTTP 404',
          nextAttemptAt: null,
        });
        expect(await store.claimDue({ target: 'slack', now: t0 + hour, limit: 1, leaseMs: 1000 })).toEqual(
          [],
        );
      });

      it('refuses a second result for the same claim', async () => {
        await enqueueOne();
        const claim = await claimOne();
        expect(await fail(claim.lease, t0, t0 + 10)).toBe('recorded');
        expect(await fail(claim.lease, t0, t0 + 10)).toBe('stale');
      });
    });

    describe('release and recovery', () => {
      it('release gives a claim back, due now, without counting the attempt', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        expect(await store.release(claim.lease, t0 + 100)).toBe('released');
        expect(await store.release(claim.lease, t0 + 100)).toBe('stale');
        const d = await delivery(deliveryId);
        expect(d.delivery).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: t0 + 100 });
        expect(d.attempts).toEqual([]);
        expect((await claimOne('slack', t0 + 100)).job.attempt).toBe(1);
      });

      it.skipIf(contract.shared)(
        'recoverInFlight makes in-flight deliveries pending again, due now, noting the interrupted attempt',
        async () => {
          const a = await enqueueOne();
          const b = await enqueueOne('mail');
          await enqueueOne('slack', { receivedAt: t0 + hour });
          await claimOne('slack', t0, hour * 10);
          await claimOne('mail', t0, hour * 10);
          expect(await store.recoverInFlight(t0 + 500)).toBe(2);
          for (const id of [a.deliveryId, b.deliveryId]) {
            const d = await delivery(id);
            expect(d.delivery).toMatchObject({ status: 'pending', nextAttemptAt: t0 + 500, attempts: 1 });
            expect(d.attempts).toMatchObject([{ attempt: 1, outcome: 'retryable' }]);
          }
          expect(await store.recoverInFlight(t0 + 600)).toBe(0);
          expect((await claimOne('slack', t0 + 500)).job.attempt).toBe(2);
        },
      );
    });

    describe('progress of a multi-step delivery', () => {
      it('keeps what the lease holder saved, for the next attempts of the same round', async () => {
        const { deliveryId } = await enqueueOne();
        const first = await claimOne();
        expect(await store.loadProgress(first.lease)).toBeUndefined();
        expect(await store.saveProgress(first.lease, '{"posted":1}', t0 + 5_000)).toBe('saved');
        expect(await store.saveProgress(first.lease, '{"posted":2}', t0 + 6_000)).toBe('saved');
        expect(await store.loadProgress(first.lease)).toBe('{"posted":2}');
        await fail(first.lease, t0 + 100, t0 + 200);
        const second = await claimOne('slack', t0 + 200);
        expect(second.lease).toMatchObject({ deliveryId, attempt: 2 });
        expect(await store.loadProgress(second.lease)).toBe('{"posted":2}');
      });

      it('extends the lease with each save, so the delivery is not claimed again meanwhile', async () => {
        await enqueueOne();
        const claim = await claimOne('slack', t0, 1_000);
        expect(await store.saveProgress(claim.lease, 'p', t0 + 60_000)).toBe('saved');
        expect(await store.claimDue({ target: 'slack', now: t0 + 30_000, limit: 1, leaseMs: 1_000 })).toEqual(
          [],
        );
        expect(await store.dueTargets()).toEqual([{ target: 'slack', dueAt: t0 + 60_000 }]);
      });

      it('refuses a save from a lease that no longer holds, and keeps progress through a restart', async () => {
        await enqueueOne();
        const first = await claimOne('slack', t0, 1_000);
        await store.saveProgress(first.lease, 'one', t0 + 1_000);
        const second = await claimOne('slack', t0 + 1_000);
        expect(await store.saveProgress(first.lease, 'stale', t0 + 9_000)).toBe('stale');
        expect(await store.loadProgress(second.lease)).toBe('one');
        expect(await store.release(second.lease, t0 + 1_500)).toBe('released');
        expect(await store.saveProgress(second.lease, 'released', t0 + 9_000)).toBe('stale');
        await store.recoverInFlight(t0 + 2_000);
        expect(await store.loadProgress((await claimOne('slack', t0 + 2_000)).lease)).toBe('one');
      });

      it.runIf(contract.shared)(
        'recoverInFlight leaves leases alone: another process may hold them',
        async () => {
          const { deliveryId } = await enqueueOne();
          await claimOne('slack', t0, 10_000);
          expect(await store.recoverInFlight(t0 + 500)).toBe(0);
          expect((await delivery(deliveryId)).delivery).toMatchObject({ status: 'in_flight' });
        },
      );

      it('starts a replayed delivery from nothing', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        await store.saveProgress(claim.lease, 'posted all', t0 + 5_000);
        await store.recordAttempt(
          { lease: claim.lease, startedAt: t0, durationMs: 5, outcome: 'success' },
          { status: 'delivered', at: t0 + 10 },
        );
        await store.replay(deliveryId, t0 + 20);
        const again = await claimOne('slack', t0 + 20);
        expect(again.lease.round).toBe(2);
        expect(await store.loadProgress(again.lease)).toBeUndefined();
      });
    });

    describe('replay', () => {
      it('sends a dead delivery again from attempt 1 in a new round, keeping its history', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        await store.recordAttempt(
          { lease: claim.lease, startedAt: t0, durationMs: 1, outcome: 'permanent', error: 'gone' },
          { status: 'dead', at: t0 + 1, reason: 'permanent failure' },
        );
        const result = await store.replay(deliveryId, t0 + hour);
        expect(result).toMatchObject({
          outcome: 'replayed',
          delivery: {
            id: deliveryId,
            status: 'pending',
            attempts: 0,
            round: 2,
            deadReason: null,
            nextAttemptAt: t0 + hour,
          },
        });
        const again = await claimOne('slack', t0 + hour);
        expect(again).toMatchObject({
          job: { attempt: 1 },
          lease: { round: 2, attempt: 1 },
          roundStartedAt: t0 + hour,
        });
        expect((await delivery(deliveryId)).attempts).toHaveLength(1);
      });

      it('replays a delivered delivery, refuses one in flight, and reports unknown ids', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        expect(await store.replay(deliveryId, t0)).toEqual({ outcome: 'in_flight' });
        await store.recordAttempt(
          { lease: claim.lease, startedAt: t0, durationMs: 1, outcome: 'success' },
          { status: 'delivered', at: t0 + 1 },
        );
        expect((await store.replay(deliveryId, t0 + 2)).outcome).toBe('replayed');
        expect((await delivery(deliveryId)).delivery.deliveredAt).toBeNull();
        expect(await store.replay('nope', t0)).toEqual({ outcome: 'not_found' });
      });

      it('replayDead replays every dead delivery of one target only', async () => {
        for (const target of ['slack', 'slack', 'mail']) {
          await enqueueOne(target);
          const claim = await claimOne(target);
          await store.recordAttempt(
            { lease: claim.lease, startedAt: t0, durationMs: 1, outcome: 'permanent' },
            { status: 'dead', at: t0, reason: 'permanent failure' },
          );
        }
        await enqueueOne('slack');
        expect(await store.replayDead('slack', t0 + 10)).toBe(2);
        expect(await store.countByTargetAndStatus()).toEqual([
          { target: 'mail', status: 'dead', count: 1 },
          { target: 'slack', status: 'pending', count: 3 },
        ]);
      });
    });

    describe('purge and retention', () => {
      async function settle(target: string, receivedAt: number, outcome: 'delivered' | 'dead') {
        const made = await enqueueOne(target, { receivedAt });
        const claim = await claimOne(target, receivedAt);
        await store.recordAttempt(
          {
            lease: claim.lease,
            startedAt: receivedAt,
            durationMs: 1,
            outcome: outcome === 'dead' ? 'permanent' : 'success',
          },
          outcome === 'dead'
            ? { status: 'dead', at: receivedAt, reason: 'permanent failure' }
            : { status: 'delivered', at: receivedAt },
        );
        return made;
      }

      it('purges deliveries of the given statuses changed before the cutoff, then events left empty', async () => {
        const oldDead = await settle('slack', t0, 'dead');
        const oldDelivered = await settle('slack', t0, 'delivered');
        const newDead = await settle('slack', t0 + 10 * hour, 'dead');
        const oldPending = await enqueueOne('slack', { receivedAt: t0 });
        const result = await store.purge({ statuses: ['dead'], before: t0 + hour });
        expect(result).toEqual({ deliveries: 1, events: 1 });
        expect(await store.getEvent(oldDead.event.id)).toBeUndefined();
        for (const kept of [oldDelivered, newDead, oldPending])
          expect(await store.getEvent(kept.event.id)).toBeDefined();
      });

      it('never purges in-flight deliveries', async () => {
        const { event: e } = await enqueueOne();
        await claimOne();
        const result = await store.purge({ statuses: ['pending', 'delivered', 'dead'], before: t0 + hour });
        expect(result).toEqual({ deliveries: 0, events: 0 });
        expect(await store.getEvent(e.id)).toBeDefined();
      });

      it('retention deletes old events whose deliveries were all delivered, with their history', async () => {
        const done = await settle('slack', t0, 'delivered');
        const dead = await settle('slack', t0, 'dead');
        const fresh = await settle('slack', t0 + 2 * hour, 'delivered');
        const unrouted = event({ receivedAt: t0 });
        await store.enqueue(unrouted, []);
        const mixed = event({ receivedAt: t0 });
        await store.enqueue(mixed, planned(mixed.id, 'slack', 'mail'));
        expect(await store.deleteDeliveredBefore(t0 + hour)).toBe(2);
        expect(await store.getEvent(done.event.id)).toBeUndefined();
        expect(await store.getEvent(unrouted.id)).toBeUndefined();
        for (const kept of [dead.event.id, fresh.event.id, mixed.id])
          expect(await store.getEvent(kept)).toBeDefined();
        expect((await store.listDeliveries({ limit: 100 })).map((d) => d.id)).not.toContain(done.deliveryId);
      });

      it('an event deleted by retention no longer counts for duplicates', async () => {
        const done = await settle('slack', t0, 'delivered');
        await store.deleteDeliveredBefore(t0 + 1);
        const again = event({ dedupeKey: done.event.dedupeKey, receivedAt: t0 + 2 });
        expect((await store.enqueue(again, [])).outcome).toBe('accepted');
      });
    });

    describe('listing and counts', () => {
      it('lists events newest first with their derived status, filtered and limited', async () => {
        const a = await enqueueOne('slack', { receivedAt: t0 });
        const b = await enqueueOne('slack', { receivedAt: t0 + 1 });
        const c = await enqueueOne('mail', { receivedAt: t0 + 2 });
        const claim = await claimOne('mail', t0 + 2);
        await store.recordAttempt(
          { lease: claim.lease, startedAt: t0, durationMs: 1, outcome: 'permanent' },
          { status: 'dead', at: t0 + 3, reason: 'permanent failure' },
        );
        expect((await store.listEvents({ limit: 10 })).map((e) => [e.id, e.status])).toEqual([
          [c.event.id, 'dead'],
          [b.event.id, 'pending'],
          [a.event.id, 'pending'],
        ]);
        expect((await store.listEvents({ limit: 1, status: 'pending' })).map((e) => e.id)).toEqual([
          b.event.id,
        ]);
        expect(await store.listEvents({ limit: 10, status: 'dead' })).toMatchObject([
          {
            id: c.event.id,
            source: 'connect-it',
            type: 'transcript.completed',
            deliveries: { dead: 1, pending: 0 },
          },
        ]);
      });

      it('lists deliveries by status and target, most recently changed first', async () => {
        const a = await enqueueOne('slack');
        const b = await enqueueOne('mail');
        const c = await enqueueOne('slack');
        const claim = await claimOne('slack', t0 + 5);
        expect(claim.job.id).toBe(a.deliveryId);
        expect((await store.listDeliveries({ limit: 10 })).map((d) => d.id)).toEqual([
          a.deliveryId,
          c.deliveryId,
          b.deliveryId,
        ]);
        expect(
          (await store.listDeliveries({ limit: 10, target: 'slack', status: 'pending' })).map((d) => d.id),
        ).toEqual([c.deliveryId]);
        expect((await store.listDeliveries({ limit: 10, status: 'in_flight' })).map((d) => d.id)).toEqual([
          a.deliveryId,
        ]);
        expect(await store.listDeliveries({ limit: 1, target: 'mail' })).toMatchObject([
          { id: b.deliveryId },
        ]);
      });

      it('counts deliveries per target and status', async () => {
        await enqueueOne('slack');
        await enqueueOne('slack');
        await enqueueOne('mail');
        await claimOne('slack');
        expect(await store.countByTargetAndStatus()).toEqual([
          { target: 'mail', status: 'pending', count: 1 },
          { target: 'slack', status: 'pending', count: 1 },
          { target: 'slack', status: 'in_flight', count: 1 },
        ]);
      });

      it('answers an unknown event id with undefined', async () => {
        expect(await store.getEvent('evt_missing')).toBeUndefined();
      });
    });

    describe.runIf(contract.sibling)('n handles to one backend', () => {
      let other: Store;

      beforeEach(async () => {
        const sibling = contract.sibling;
        if (!sibling) throw new Error('no sibling');
        other = await sibling(store);
        open.push(other);
      });

      it('gives one event for a duplicate received at two handles at once', async () => {
        const a = event({ dedupeKey: 'twice' });
        const b = event({ dedupeKey: 'twice' });
        const [first, second] = await Promise.all([
          store.enqueue(a, planned(a.id, 'slack')),
          other.enqueue(b, planned(b.id, 'slack')),
        ]);
        const outcomes = [first.outcome, second.outcome].sort();
        expect(outcomes).toEqual(['accepted', 'duplicate']);
        expect(first.eventId).toBe(second.eventId);
        expect(await other.countByTargetAndStatus()).toEqual([
          { target: 'slack', status: 'pending', count: 1 },
        ]);
      });

      it('hands each delivery to exactly one holder when both claim at once', async () => {
        for (let i = 0; i < 6; i++) await enqueueOne();
        const request = { target: 'slack', now: t0, limit: 6, leaseMs: 60_000 };
        const [mine, theirs] = await Promise.all([store.claimDue(request), other.claimDue(request)]);
        const ids = [...mine, ...theirs].map((c) => c.job.id);
        expect(ids).toHaveLength(6);
        expect(new Set(ids).size).toBe(6);
      });

      it('refuses a stale result after the lease ran out and another handle took it over', async () => {
        const { deliveryId } = await enqueueOne();
        const first = await claimOne('slack', t0, 1_000);
        const [second] = await other.claimDue({ target: 'slack', now: t0 + 1_000, limit: 1, leaseMs: 1_000 });
        if (!second) throw new Error('the expired lease was not taken over');
        expect(await fail(first.lease, t0 + 1_500, t0 + 2_000)).toBe('stale');
        expect(await store.saveProgress(first.lease, 'late', t0 + 9_000)).toBe('stale');
        expect(
          await other.recordAttempt(
            { lease: second.lease, startedAt: t0 + 1_000, durationMs: 5, outcome: 'success' },
            { status: 'delivered', at: t0 + 1_005 },
          ),
        ).toBe('recorded');
        expect((await delivery(deliveryId)).delivery.status).toBe('delivered');
      });

      it('replays at one handle what was attempted at the other, keeping the link to the attempts', async () => {
        const { deliveryId } = await enqueueOne();
        const claim = await claimOne();
        await fail(claim.lease, t0 + 1, t0 + 2);
        expect((await other.replay(deliveryId, t0 + 10)).outcome).toBe('replayed');
        const detail = await store.getEvent(deliveryId.replace(/_d0$/, ''));
        expect(detail?.deliveries[0]?.delivery).toMatchObject({
          id: deliveryId,
          round: 2,
          status: 'pending',
        });
        expect(detail?.deliveries[0]?.attempts).toMatchObject([{ deliveryId, round: 1, attempt: 1 }]);
      });

      it('purges at one handle what the other stored', async () => {
        const { event: e } = await enqueueOne();
        const result = await other.purge({ statuses: ['pending'], before: t0 + 1 });
        expect(result).toEqual({ deliveries: 1, events: 1 });
        expect(await store.getEvent(e.id)).toBeUndefined();
      });

      it.runIf(contract.shared)('holds the per-target concurrency across handles', async () => {
        for (let i = 0; i < 5; i++) await enqueueOne();
        const gate = { concurrency: 2 };
        const mine = await store.claimDue({ target: 'slack', now: t0, limit: 5, leaseMs: 60_000, gate });
        expect(mine).toHaveLength(2);
        expect(await other.claimDue({ target: 'slack', now: t0, limit: 5, leaseMs: 60_000, gate })).toEqual(
          [],
        );
        await fail(mine[0]!.lease, t0 + 1, t0 + hour);
        const theirs = await other.claimDue({
          target: 'slack',
          now: t0 + 2,
          limit: 5,
          leaseMs: 60_000,
          gate,
        });
        expect(theirs).toHaveLength(1);
        // A lease that ran out no longer counts: its holder is presumed gone.
        const later = await other.claimDue({
          target: 'slack',
          now: t0 + 60_002,
          limit: 5,
          leaseMs: 60_000,
          gate,
        });
        expect(later).toHaveLength(2);
      });

      it.runIf(contract.shared)('holds the per-target rate limit across handles', async () => {
        for (let i = 0; i < 5; i++) await enqueueOne();
        const gate = { concurrency: 10, rateLimit: { perSecond: 1, burst: 2 } };
        const claim = (s: Store, now: number) =>
          s.claimDue({ target: 'slack', now, limit: 5, leaseMs: 60_000, gate });
        expect(await claim(store, t0)).toHaveLength(2);
        expect(await claim(other, t0 + 999)).toHaveLength(0);
        expect(await claim(other, t0 + 1_000)).toHaveLength(1);
      });

      it.runIf(contract.shared)('pauses a target for every handle until the Retry-After passed', async () => {
        await enqueueOne();
        await enqueueOne();
        const gate = { concurrency: 5 };
        const [first] = await store.claimDue({ target: 'slack', now: t0, limit: 1, leaseMs: 60_000, gate });
        if (!first) throw new Error('nothing claimed');
        await store.recordAttempt(
          {
            lease: first.lease,
            startedAt: t0,
            durationMs: 5,
            outcome: 'retryable',
            httpStatus: 429,
            pauseTargetUntil: t0 + 5_000,
          },
          { status: 'pending', at: t0 + 5, nextAttemptAt: t0 + 5_000 },
        );
        expect(await other.dueTargets()).toEqual([{ target: 'slack', dueAt: t0 + 5_000 }]);
        expect(
          await other.claimDue({ target: 'slack', now: t0 + 4_999, limit: 5, leaseMs: 1, gate }),
        ).toEqual([]);
        const after = await other.claimDue({ target: 'slack', now: t0 + 5_000, limit: 5, leaseMs: 1, gate });
        expect(after).toHaveLength(2);
      });
    });

    it('refuses work once closed', async () => {
      await store.close();
      await expect(store.listEvents({ limit: 1 })).rejects.toBeInstanceOf(StoreError);
      await expect(store.enqueue(event(), [])).rejects.toBeInstanceOf(StoreError);
    });
  });
}
