/**
 * Completes an analysis whose solution deadline follows the component's next planned / unplanned release but names
 * none: the workflow asks the catalog (activity findNextRelease) for the component's next release of that kind after
 * now, so the deadline always has a due date (docs/sla-rules.md#release-linked-deadlines). None scheduled: the update
 * is rejected (NO_RELEASE_SCHEDULED) and nothing changes. Only tickets that know their component (input.componentId)
 * ask; older runs keep requiring the analyst to name the release.
 */
import { releaseKindFor } from '@sla-desk/sla';
import { RejectionCode, type AnalyseInput, type Instant, type TicketWorkflowState } from '@sla-desk/workflow-api';
import { findNextRelease } from '../shared/activities';
import { reject } from '../shared/input';
import { needsCatalogRelease } from './updates';

export async function withCatalogRelease(componentId: string, s: TicketWorkflowState, input: unknown, now: Instant): Promise<unknown> {
  if (!needsCatalogRelease(s, input)) return input;
  const analysis: AnalyseInput = input;
  const rule = s.policy.matrix[analysis.category][analysis.priority].solution;
  const kind = releaseKindFor(rule)!;
  const release = await findNextRelease({ componentId, kind, after: now });
  if (!release) {
    reject(
      RejectionCode.NO_RELEASE_SCHEDULED,
      `This ticket's deadline follows the next ${kind === 'UNPLANNED' ? 'unplanned' : 'planned'} release of component ${componentId}, ` +
        `and the catalog has none scheduled after ${now}: schedule one, or name the release`,
    );
  }
  return { ...analysis, outcome: { ...analysis.outcome, release } };
}
