import { ApiError, command, get, type Session } from '../api';
import { errorBox, figures, h, loadingBox, note, section } from '../dom';
import { t } from '../i18n';
import { applicationsTable, conditionsTable, countFigures, statusName, type AssessedItem, type Applications } from './designation';

/**
 * The admin's page (issue 10 point 6): the designation review queue with its status counts, and a decision
 * (approve or reject with a reason). A refused decision shows the API's problem detail and, for an
 * ineligible application, the failed conditions the 409 names.
 */
export function adminPage(_s: Session): HTMLElement {
  const decided = h('div', { 'data-decision': 'result' });
  const refresh = h('button', { type: 'button', 'data-action': 'refresh' }, t('refresh'));
  const queue = section('queue', t('reviewQueue'), async () => {
    const q = await get<Applications>('/v1/designation-applications', { status: 'pending', limit: 500 });
    const pending = q.items;
    const app = h('select', { name: 'applicationId' }, ...pending.map((a) => h('option', { value: a.applicationId }, `${a.enterpriseId} · ${a.designation} ${a.year} · ${a.applicationId}`)));
    const decision = h('select', { name: 'decision' }, h('option', { value: 'approved' }, t('approve')), h('option', { value: 'rejected' }, t('reject')));
    const reason = h('input', { name: 'reason', required: true, maxlength: 500, autocomplete: 'off' });
    const form = h(
      'form',
      {
        class: 'decide',
        onsubmit: (e: Event) => {
          e.preventDefault();
          decided.replaceChildren(loadingBox());
          command<{ applicationId: string; decision: string; grant: { validFrom: string; validTo: string } | null }>(`/v1/designation-applications/${encodeURIComponent(app.value)}/decision`, {
            decision: decision.value,
            reason: reason.value.trim(),
          }).then(
            (d) => {
              decided.replaceChildren(
                h(
                  'div',
                  { 'data-state': 'ready' },
                  figures([
                    { id: 'applicationId', label: t('applicationId'), value: d.applicationId },
                    { id: 'decision', label: t('decision'), value: statusName(d.decision) },
                    { id: 'grant', label: t('grant'), value: d.grant ? `${d.grant.validFrom} – ${d.grant.validTo}` : '—' },
                  ]),
                ),
              );
              queue.reload();
            },
            (err: unknown) => {
              const conditions = err instanceof ApiError && Array.isArray(err.problem?.conditions) ? (err.problem.conditions as AssessedItem[]) : [];
              decided.replaceChildren(errorBox(err), ...(conditions.length ? [conditionsTable(conditions, 'failed-conditions')] : []));
            },
          );
        },
      },
      h('label', {}, t('applicationId'), ' ', app),
      h('label', {}, t('decision'), ' ', decision),
      h('label', {}, t('reason'), ' ', reason),
      h('button', { type: 'submit', disabled: pending.length === 0 }, t('decide')),
    );
    return h('div', {}, countFigures(q.counts), applicationsTable(pending, 'designation-queue'), pending.length ? form : note(t('queueEmpty')));
  }, refresh);
  refresh.addEventListener('click', () => queue.reload());
  return h('div', { class: 'page', 'data-page': 'admin' }, h('h1', {}, t('adminTitle')), h('div', { class: 'grid' }, queue, h('section', { class: 'card', 'data-section': 'decision' }, h('header', {}, h('h2', {}, t('decision'))), decided)));
}
