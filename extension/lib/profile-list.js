// @ts-check
// The popup's profile list at scale: "Search profiles" (a combobox over a listbox of the matches: arrow keys move,
// Enter selects, Escape clears), each profile with its environment mark (a word and a shape, never colour alone)
// and its token state, and the selected profile's mark in the header — production unmistakable, with Refresh,
// Forget and Delete styled as acting on a live org.
//
// <select id="profile-select"> stays the one control that selects (popup.js listens to it, and the e2e scenarios
// and the benchmark read it): choosing in this list sets its value and fires its `change`.
//
// Kept off the popup's first render: the rows (which need every token's summary) are built after the popup is
// interactive, and only the first MAX_ROWS matches are in the DOM, so 500 profiles cost what 50 do. The rows,
// marks and search are the core's (profileList, searchProfiles); this module is DOM glue.
import { core } from './core.js';
import { profiles, tokens } from './store.js';
import { $, field } from './ui.js';

/** @typedef {import('../pkg/sftoken.js').ProfileRow} ProfileRow */
/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./store.js').StoredToken} StoredToken */

/** How many matches are in the DOM at once; typing narrows the rest. */
const MAX_ROWS = 50;

/** @type {ProfileRow[]} every row, sorted by name */
let rows = [];
/** @type {string[]} each row's searchText, handed to the core's search */
let searchTexts = [];
/** @type {string[]} the ids of the rows shown, in order */
let shown = [];
/** index into `shown` of the active option (aria-activedescendant), or -1 */
let active = -1;
let wired = false;
let started = false;

/** Builds the list for the first time: call once the popup is interactive. @returns {Promise<void>} */
export async function initProfileList() {
  started = true;
  await refreshProfileList();
  performance.mark('sftoken:profile-list'); // the list is built: how long after sftoken:interactive (bench)
}

/**
 * Builds the rows again from storage and the core, and shows the matches of what is typed: after a save, a
 * deletion, an import. Nothing before initProfileList (the popup's first render stays as it was).
 * @returns {Promise<void>}
 */
export async function refreshProfileList() {
  if (!started) return;
  try {
    await build();
  } catch (error) {
    $('profile-list-status').textContent = `The profile list could not be built: ${error?.message ?? error}`;
  }
}

async function build() {
  const [sf, all, stored] = await Promise.all([core(), profiles.all(), tokens.all()]);
  /** @type {Map<string, StoredToken>} */
  const byProfile = new Map(stored.map((t) => [t.profileId, t]));
  // Each profile without its secrets, with a summary of its token (never the token).
  rows = sf.profileList(all.map((p) => {
    const t = byProfile.get(p.id);
    return {
      id: p.id, name: p.name, loginUrl: p.loginUrl, allowCustomDomain: p.allowCustomDomain === true,
      hasToken: Boolean(t), tokenIssuedAt: t?.issuedAt ?? t?.receivedAt ?? null,
      hasRefreshToken: Boolean(t?.refreshToken), instanceUrl: t?.instanceUrl ?? null,
    };
  }), Date.now());
  searchTexts = rows.map((r) => r.searchText);
  wire();
  await filter();
  showSelectedMark();
}

function wire() {
  if (wired) return;
  wired = true;
  const search = field('profile-search');
  // `input` as a person types; `change` too, because clearing the field (a WebDriver clear, some browsers' clear
  // buttons) may fire only that.
  for (const type of ['input', 'change']) {
    search.addEventListener(type, () => {
      active = -1;
      filter();
    });
  }
  search.addEventListener('keydown', (event) => onKey(/** @type {KeyboardEvent} */ (event)));
  $('profile-list').addEventListener('click', (event) => {
    const option = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest('[role="option"]'));
    if (option?.dataset.id) choose(option.dataset.id);
  });
  $('profile-select').addEventListener('change', showSelectedMark);
  // A token stored, refreshed or forgotten, here or on another page (lib/owner.js announces each on this channel; a
  // second BroadcastChannel object of the same name hears this page's own announcements too): the token states again.
  if (typeof BroadcastChannel === 'function') {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let soon;
    new BroadcastChannel('sftoken-tokens').addEventListener('message', () => {
      clearTimeout(soon);
      soon = setTimeout(refreshProfileList, 100);
    });
  }
}

/** @param {KeyboardEvent} event */
function onKey(event) {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!shown.length) return;
    const step = event.key === 'ArrowDown' ? 1 : -1;
    active = active < 0 ? (step > 0 ? 0 : shown.length - 1) : (active + step + shown.length) % shown.length;
    markActive();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    const id = shown[active >= 0 ? active : 0];
    if (id) choose(id);
  } else if (event.key === 'Escape' && field('profile-search').value) {
    event.preventDefault();
    field('profile-search').value = '';
    active = -1;
    filter();
  } else if (event.key === 'Home' || event.key === 'End') {
    if (!shown.length) return;
    event.preventDefault();
    active = event.key === 'Home' ? 0 : shown.length - 1;
    markActive();
  }
}

/** Shows the rows matching the search (the first MAX_ROWS of them). */
async function filter() {
  const sf = await core();
  const query = field('profile-search').value;
  const matches = query.trim() ? sf.searchProfiles(query, searchTexts).map((i) => rows[i]) : rows;
  const ids = matches.map((r) => r.id);
  shown = ids.slice(0, MAX_ROWS);
  const selected = field('profile-select').value;
  $('profile-list').replaceChildren(...matches.slice(0, MAX_ROWS).map((row, i) => option(row, i, row.id === selected)));
  const more = ids.length - shown.length;
  const count = query.trim() ? `${ids.length} of ${rows.length} profiles match.` : `${rows.length} profiles.`;
  $('profile-list-status').textContent = ids.length === 0 && rows.length
    ? 'No profile matches: search by name, host or environment (production, sandbox, developer…).'
    : `${count}${more > 0 ? ` Showing the first ${shown.length}: type to narrow.` : ''}`;
  field('profile-search').setAttribute('aria-expanded', String(shown.length > 0));
  markActive();
}

/**
 * @param {ProfileRow} row
 * @param {number} index
 * @param {boolean} selected
 */
function option(row, index, selected) {
  const li = document.createElement('li');
  li.id = `profile-option-${index}`;
  li.setAttribute('role', 'option');
  li.setAttribute('aria-selected', String(selected));
  li.dataset.id = row.id;
  li.dataset.environment = row.environment;
  li.classList.toggle('production', row.production);
  const mark = markElement(row);
  const name = span('profile-name', row.name);
  const host = span('profile-host', row.host);
  const token = span('token-state', row.tokenLabel);
  token.dataset.kind = row.tokenKind;
  li.append(mark, name, host, token);
  return li;
}

/** @param {string} className @param {string} text */
function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/** The environment's mark: its symbol (a shape) and its word. @param {ProfileRow} row */
function markElement(row) {
  const mark = span('env-mark', `${row.mark.symbol} ${row.mark.label}`);
  mark.dataset.environment = row.environment;
  if (row.production) mark.dataset.production = 'true';
  return mark;
}

function markActive() {
  const list = $('profile-list');
  const search = field('profile-search');
  for (const li of list.children) li.classList.toggle('active', li.id === `profile-option-${active}`);
  if (active >= 0 && shown[active]) {
    search.setAttribute('aria-activedescendant', `profile-option-${active}`);
    document.getElementById(`profile-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  } else {
    search.removeAttribute('aria-activedescendant');
  }
}

/**
 * Selects a profile through <select id="profile-select"> (popup.js does the rest on its `change`).
 * @param {string} id
 */
function choose(id) {
  const select = /** @type {HTMLSelectElement} */ (field('profile-select'));
  if (select.value !== id) {
    select.value = id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }
  for (const li of $('profile-list').children) li.setAttribute('aria-selected', String(/** @type {HTMLElement} */ (li).dataset.id === id));
  showSelectedMark();
}

/** The selected profile's mark in the header, and the production warning on its actions. */
function showSelectedMark() {
  const id = field('profile-select').value;
  const row = rows.find((r) => r.id === id);
  const badge = $('profile-env');
  badge.hidden = !row;
  if (row) {
    badge.textContent = `${row.mark.symbol} ${row.mark.label}`;
    badge.dataset.environment = row.environment;
    badge.toggleAttribute('data-production', row.production);
  }
  const production = Boolean(row?.production);
  document.body.toggleAttribute('data-production', production);
  $('production-warning').hidden = !production;
}

/** For the duplicate and the import: every stored profile's name. @returns {string[]} */
export const profileNames = () => rows.map((r) => r.name);
