/**
 * The registry's consumer of `Topics.designation` (DOMAIN.md §9.3, §12): applications are recorded once,
 * a decision moves a pending application once, and an approval grants the designation through the registry
 * topic — the same `enterprise.designation_granted` event an admin grant publishes, so every projection
 * (scoring, matching, re-lending, subsidies, statistics, these counts) sees it. The grant's event id is
 * derived from the decision's, so a replay after a crash between the update and the publish republishes the
 * same event, which every consumer deduplicates.
 */
import { derivedUuid } from '@techcredit/bus';
import {
  DesignationAppliedEvent,
  DesignationDecidedEvent,
  DesignationGrantedEvent,
  TargetSetEvent,
  Topics,
  designationEvents,
  type DesignationApplied,
  type DesignationDecided,
  type TargetSpec,
} from '@techcredit/contracts';
import type { ServiceContext } from '@techcredit/service';
import type { ApplicationStore } from '../data-access/applications';

export const grantEventId = (decisionEventId: string): string => derivedUuid(`designation-grant:${decisionEventId}`);

export function consumeDesignationTopic(ctx: ServiceContext, store: ApplicationStore) {
  return ctx.consume({
    groupId: `${ctx.name}.designation`,
    topics: [Topics.designation],
    events: designationEvents,
    handle: async (ev, { logger }) => {
      if (ev.type === DesignationAppliedEvent.type) {
        await store.applied(ev.id, ev.data as DesignationApplied);
        return { outcome: 'done' };
      }
      if (ev.type === TargetSetEvent.type) {
        await store.setTarget(ev.id, ev.data as TargetSpec);
        return { outcome: 'done' };
      }
      if (ev.type !== DesignationDecidedEvent.type) return { outcome: 'reject', reason: `unexpected event type ${ev.type}` };
      const d = ev.data as DesignationDecided;
      const outcome = await store.decided(ev.id, d);
      if (outcome === 'unknown') return { outcome: 'park', reason: `application ${d.applicationId} not yet recorded` };
      if (outcome === 'already-decided') {
        logger.warn({ applicationId: d.applicationId }, 'application already decided by another event: decision ignored');
        return { outcome: 'done' };
      }
      if (d.decision === 'approved' && d.grant) {
        await ctx.bus.publish(
          DesignationGrantedEvent,
          { enterpriseId: d.enterpriseId, code: d.grant.code, validFrom: d.grant.validFrom, validTo: d.grant.validTo },
          { id: grantEventId(ev.id), correlationId: ev.correlationId, source: ctx.name },
        );
      }
      return { outcome: 'done' };
    },
  });
}
