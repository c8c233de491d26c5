// The sObject resources "Try a request" reaches: describe, create, read, update, delete of a few standard
// objects, in JSON or XML, with Salesforce's REST errors. docs/salesforce.md#rest and #rest-errors.
import { randomBytes } from 'node:crypto';

// #rest-errors: the REST error body is a list [{message, errorCode, fields?}] ("Status Codes and Error Responses").
const restError = (errorCode, message, fields) => [{ message, errorCode, ...(fields ? { fields } : {}) }];
export const NOT_FOUND = restError('NOT_FOUND', 'The requested resource does not exist');

// A few fields of each object: name, label, type, and the describe properties that decide what a create needs
// (#rest "sObject Describe"). Account.Name is required: nillable false, not defaulted on create (Account object
// reference). The subset and the other values are an emulator choice.
const field = (name, label, type, { nillable = true, createable = true, updateable = true, length = 0 } = {}) => ({
  name, label, type, length, nillable, createable, updateable, defaultedOnCreate: !nillable && !createable,
  custom: false,
});
const ID = field('Id', 'Account ID', 'id', { nillable: false, createable: false, updateable: false, length: 18 });
export const OBJECTS = {
  Account: {
    label: 'Account', labelPlural: 'Accounts', keyPrefix: '001',
    fields: [ID, field('Name', 'Account Name', 'string', { nillable: false, length: 255 }),
      field('Phone', 'Account Phone', 'phone', { length: 40 }), field('Website', 'Website', 'url', { length: 255 }),
      field('Industry', 'Industry', 'picklist', { length: 255 })],
  },
  Contact: {
    label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003',
    fields: [{ ...ID, label: 'Contact ID' }, field('LastName', 'Last Name', 'string', { nillable: false, length: 80 }),
      field('FirstName', 'First Name', 'string', { length: 40 }), field('Email', 'Email', 'email', { length: 80 })],
  },
  Lead: {
    label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q',
    fields: [{ ...ID, label: 'Lead ID' }, field('LastName', 'Last Name', 'string', { nillable: false, length: 80 }),
      field('Company', 'Company', 'string', { nillable: false, length: 255 })],
  },
  Opportunity: {
    label: 'Opportunity', labelPlural: 'Opportunities', keyPrefix: '006',
    fields: [{ ...ID, label: 'Opportunity ID' }, field('Name', 'Name', 'string', { nillable: false, length: 120 }),
      field('StageName', 'Stage', 'picklist', { nillable: false, length: 255 }),
      field('CloseDate', 'Close Date', 'date', { nillable: false })],
  },
  User: {
    label: 'User', labelPlural: 'Users', keyPrefix: '005',
    fields: [{ ...ID, label: 'User ID' }, field('Username', 'Username', 'string', { nillable: false, length: 80 })],
  },
};

export const objectNamed = (name) => Object.entries(OBJECTS).find(([n]) => n.toLowerCase() === String(name).toLowerCase());

/** A new record id: the object's key prefix, then 15 characters (emulator choice for the characters). */
const newId = (prefix) => prefix + randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, '0').slice(0, 15);

// ------------------------------------------------------------- formats

/**
 * The REST API answers in JSON or XML: "Formats: JSON, XML"; the format follows the Accept header, or the
 * `.json`/`.xml` extension (#rest, "Create Records Using sObject Basic Information").
 */
export const wantsXml = (req) => /\bapplication\/xml\b/i.test(req.headers.accept ?? '');

const escapeXml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]));
/** JSON as XML: an element per member, repeated elements for a list (emulator choice for the root names). */
export function toXml(root, value) {
  const inner = (name, v) => {
    if (Array.isArray(v)) return v.map((item) => inner(name, item)).join('');
    if (v !== null && typeof v === 'object') {
      return `<${name}>${Object.entries(v).map(([k, x]) => inner(k, x)).join('')}</${name}>`;
    }
    return v === null ? `<${name} xsi:nil="true"/>` : `<${name}>${escapeXml(v)}</${name}>`;
  };
  const body = Array.isArray(value) ? value.map((v) => inner(root.item, v)).join('') : Object.entries(value).map(([k, v]) => inner(k, v)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><${root.name}${root.nil ? ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' : ''}>${body}</${root.name}>`;
}

/** Sends `value` as JSON, or as XML when the request asked for it. */
export function answer(ctx, status, value, { root = { name: 'Result', item: 'item' }, headers = {} } = {}) {
  if (wantsXml(ctx.req)) {
    const xmlRoot = Array.isArray(value) && value[0]?.errorCode ? { name: 'Errors', item: 'Error' } : { ...root, nil: true };
    return ctx.res.send(status, { 'Content-Type': 'application/xml;charset=UTF-8', ...headers }, toXml(xmlRoot, value));
  }
  if (value === undefined) return ctx.res.send(status, headers, '');
  return ctx.res.json(status, value, headers);
}

/** The request body's fields: a JSON object, or `<Object><Field>value</Field>…</Object>`; null when unreadable. */
function readFields(ctx) {
  const type = ctx.req.headers['content-type'] ?? '';
  const body = ctx.body.trim();
  if (/xml/i.test(type)) {
    const root = /^(?:<\?xml[^>]*\?>)?\s*<([A-Za-z_][\w.]*)[^>]*>([\s\S]*)<\/\1>\s*$/.exec(body);
    if (!root) return null;
    return Object.fromEntries([...root[2].matchAll(/<([A-Za-z_]\w*)>([^<]*)<\/\1>/g)].map((m) => [m[1], m[2]]));
  }
  try {
    const parsed = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------- the resources

/**
 * `/services/data/vNN.0/sobjects/{Object}[/describe | /{id}]` (already authenticated).
 * - GET …/{Object}: basic information; GET …/describe: the describe (#rest "sObject Describe").
 * - POST …/{Object}/: create → 201 `{id, errors: [], success: true}` (#rest "Create a Record"); a required field
 *   (nillable, createable, not defaulted) missing → 400 REQUIRED_FIELD_MISSING "Required fields are missing:
 *   [Name]" with `fields` (#rest-errors); an unknown field → 400 INVALID_FIELD; Id in the body → 400 INVALID_FIELD
 *   "The Id field should not be specified in the sobject data." (#rest "Create a Record"); a body that is not an
 *   object → 400 JSON_PARSER_ERROR.
 * - GET/PATCH/DELETE …/{id}: read (200), update (204), delete (204); an unknown id → 404 NOT_FOUND, a malformed one
 *   → 400 MALFORMED_ID (#rest-errors).
 * - Another method → 405 METHOD_NOT_ALLOWED (#rest-errors, HTTP 405 row).
 * Records live until reset() (emulator choice).
 */
export function handleSObject(ctx, { base, rest, limitInfo }) {
  const m = /^\/sobjects\/([A-Za-z0-9_]+)(?:\/([A-Za-z0-9_]*))?$/.exec(rest);
  if (!m) return false;
  const headers = { 'Sforce-Limit-Info': limitInfo };
  const send = (status, value, root) => answer(ctx, status, value, { root, headers });
  const entry = objectNamed(m[1]);
  if (!entry) return send(404, restError('NOT_FOUND', `The requested resource does not exist`)), true;
  const [name, d] = entry;
  const method = ctx.req.method;
  const tail = m[2];
  const notAllowed = () => send(405, restError('METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${tail === undefined || tail === '' ? 'GET,HEAD,POST' : 'GET,HEAD,PATCH,DELETE'}`));
  const urls = {
    sobject: `${base}/sobjects/${name}`, describe: `${base}/sobjects/${name}/describe`, rowTemplate: `${base}/sobjects/${name}/{ID}`,
  };
  const basics = { name, label: d.label, labelPlural: d.labelPlural, keyPrefix: d.keyPrefix, custom: false,
    createable: true, deletable: true, queryable: true, retrieveable: true, updateable: true, urls };

  if (tail === 'describe') {
    if (method !== 'GET' && method !== 'HEAD') return notAllowed(), true;
    return send(200, { ...basics, fields: d.fields }, { name: name, item: 'fields' }), true;
  }
  if (tail === undefined || tail === '') {
    if (method === 'GET' || method === 'HEAD') return send(200, { objectDescribe: basics, recentItems: [] }), true;
    if (method !== 'POST') return notAllowed(), true;
    const values = readFields(ctx);
    if (!values) return send(400, restError('JSON_PARSER_ERROR', 'The request body is not a JSON or XML object of field values.')), true;
    if ('Id' in values || 'id' in values) return send(400, restError('INVALID_FIELD', 'The Id field should not be specified in the sobject data.')), true;
    const unknown = Object.keys(values).find((k) => !d.fields.some((f) => f.name.toLowerCase() === k.toLowerCase()));
    if (unknown) return send(400, restError('INVALID_FIELD', `No such column '${unknown}' on sobject of type ${name}`)), true;
    const missing = d.fields.filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate)
      .filter((f) => !Object.entries(values).some(([k, v]) => k.toLowerCase() === f.name.toLowerCase() && String(v ?? '').trim() !== ''))
      .map((f) => f.name);
    if (missing.length) return send(400, restError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing)), true;
    const id = newId(d.keyPrefix);
    ctx.store.records.set(id, { type: name, fields: { ...values } });
    return send(201, { id, success: true, errors: [] }, { name: 'Result', item: 'errors' }), true;
  }
  // …/{id}
  const id = tail;
  if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id)) {
    return send(400, restError('MALFORMED_ID', `${name} ID: id value of incorrect type: ${id}`, ['Id'])), true;
  }
  const record = ctx.store.records.get(id);
  if (!record || record.type !== name) return send(404, NOT_FOUND), true;
  if (method === 'GET' || method === 'HEAD') {
    return send(200, { attributes: { type: name, url: `${base}/sobjects/${name}/${id}` }, Id: id, ...record.fields }, { name, item: 'item' }), true;
  }
  if (method === 'PATCH') {
    const values = readFields(ctx);
    if (!values) return send(400, restError('JSON_PARSER_ERROR', 'The request body is not a JSON or XML object of field values.')), true;
    Object.assign(record.fields, values);
    return ctx.res.send(204, headers, ''), true;
  }
  if (method === 'DELETE') {
    ctx.store.records.delete(id);
    return ctx.res.send(204, headers, ''), true;
  }
  return notAllowed(), true;
}
