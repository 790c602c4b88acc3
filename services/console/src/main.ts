import './styles.css';
import { currentSession, devSignIn, devSignInOffered, signIn, signOut, type Session } from './api';
import { disposeCharts } from './charts';
import { errorBox, h, note } from './dom';
import { lang, setLang, t, type Key } from './i18n';
import { adminPage } from './pages/admin';
import { bankPage } from './pages/bank';
import { enterprisePage } from './pages/enterprise';
import { regulatorPage } from './pages/regulator';

/** The console's shell: sign-in (a pasted JWT or the dev sign-in), the role's page, the language toggle. */
const app = document.getElementById('app')!;
const ROLE: Record<string, Key> = { regulator: 'roleRegulator', enterprise: 'roleEnterprise', bank: 'roleBank', admin: 'roleAdmin', insurer: 'roleInsurer' };
let devOffered: Promise<boolean> | undefined;

function who(s: Session): string {
  const id = s.role === 'bank' ? s.bankId : s.role === 'enterprise' ? s.enterpriseId : s.role === 'regulator' ? `${t('region')} ${s.region}` : s.sub;
  return `${t(ROLE[s.role] ?? 'role')}${id ? ` · ${id}` : ''}`;
}

function header(): HTMLElement {
  const s = currentSession();
  return h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, t('appTitle')),
    h(
      'div',
      { class: 'actions' },
      s ? h('span', { class: 'who', 'data-who': s.role }, `${t('signedInAs')}: ${who(s)}`) : null,
      h('button', { type: 'button', class: 'lang', 'data-action': 'lang', onclick: () => (setLang(lang() === 'zh' ? 'en' : 'zh'), render()) }, t('language')),
      s ? h('button', { type: 'button', 'data-action': 'sign-out', onclick: () => (signOut(), render()) }, t('signOut')) : null,
    ),
  );
}

function signInView(): HTMLElement {
  const token = h('textarea', { name: 'token', rows: 4, spellcheck: 'false', autocomplete: 'off', placeholder: 'eyJhbGciOi…' });
  const message = h('div', { class: 'message' });
  const paste = h(
    'form',
    {
      class: 'card',
      'data-form': 'token',
      onsubmit: (e: Event) => {
        e.preventDefault();
        try {
          signIn(token.value);
          token.value = '';
          render();
        } catch (err) {
          message.replaceChildren(errorBox(new Error(`${t('badToken')}${(err as Error).message}`)));
        }
      },
    },
    h('h2', {}, t('pasteToken')),
    token,
    note(t('tokenNote')),
    h('button', { type: 'submit' }, t('useToken')),
    message,
  );
  const dev = h('div', { class: 'card', 'data-form': 'dev' }, h('h2', {}, t('devSignIn')), h('div', { class: 'loading' }, t('loading')));
  devOffered ??= devSignInOffered();
  void devOffered.then((offered) => {
    if (!offered) {
      dev.replaceChildren(h('h2', {}, t('devSignIn')), note(t('devSignInUnavailable')));
      return;
    }
    const role = h('select', { name: 'role' }, ...(['regulator', 'enterprise', 'bank', 'admin'] as const).map((r) => h('option', { value: r }, t(ROLE[r]!))));
    const id = h('input', { name: 'id', value: '65', autocomplete: 'off' });
    const idLabel = h('span', {}, t('region'));
    role.addEventListener('change', () => {
      idLabel.textContent = role.value === 'regulator' ? t('region') : role.value === 'bank' ? t('bankId') : t('enterpriseId');
      id.value = role.value === 'regulator' ? '65' : '';
      idField.hidden = role.value === 'admin';
    });
    const idField = h('label', {}, idLabel, id);
    const msg = h('div', { class: 'message' });
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          const field = role.value === 'regulator' ? 'region' : role.value === 'bank' ? 'bankId' : 'enterpriseId';
          devSignIn(role.value === 'admin' ? { role: 'admin' } : { role: role.value, [field]: id.value.trim() }).then(render, (err: unknown) => msg.replaceChildren(errorBox(err)));
        },
      },
      h('label', {}, h('span', {}, t('role')), role),
      idField,
      h('button', { type: 'submit' }, t('signIn')),
      msg,
    );
    dev.replaceChildren(h('h2', {}, t('devSignIn')), form);
  });
  return h('main', { class: 'sign-in', 'data-page': 'sign-in' }, h('h1', {}, t('signInTitle')), h('div', { class: 'grid' }, paste, dev));
}

function page(s: Session): HTMLElement {
  if (s.role === 'regulator') return regulatorPage(s);
  if (s.role === 'enterprise') return enterprisePage(s);
  if (s.role === 'bank') return bankPage(s);
  if (s.role === 'admin') return adminPage(s);
  return note(t('noPage'));
}

function render(): void {
  disposeCharts();
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.title = t('appTitle');
  const s = currentSession();
  app.replaceChildren(header(), s ? h('main', {}, page(s)) : signInView());
}

render();
