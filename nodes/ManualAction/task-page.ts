// The task page an assignee opens from their notification: self-contained HTML, every value
// escaped (contact data is user-controlled), a form that only POSTs, with the task token in it.
import type { ManualTask } from '../shared/ledger/types';
import { escapeHtml } from '../shared/merge';

import { CALL_OUTCOMES, SMS_OUTCOMES } from './description';
import type { TaskData } from './task-data';

const esc = (value: unknown): string => escapeHtml(String(value ?? ''));

/** Headers for every page: never cached, framed, indexed or leaking the link as a referrer. */
export const PAGE_HEADERS: Record<string, string> = {
	'content-type': 'text/html; charset=utf-8',
	'cache-control': 'no-store',
	'x-frame-options': 'DENY',
	'x-content-type-options': 'nosniff',
	'x-robots-tag': 'noindex, nofollow',
	'referrer-policy': 'no-referrer',
	'content-security-policy':
		"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f6fb;color:#1b2333;margin:0;padding:24px}
main{max-width:560px;margin:0 auto;background:#fff;border-radius:10px;padding:24px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.3rem;margin:0 0 4px}p.sub{color:#5a6478;margin:0 0 16px}dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 14px}
dt{color:#5a6478}dd{margin:0}label{display:block;margin:14px 0 4px;font-weight:600}textarea,input,select{width:100%;box-sizing:border-box;padding:8px;font:inherit;border:1px solid #c6cddc;border-radius:6px}
.actions{display:flex;gap:10px;margin-top:18px}button{padding:10px 16px;border:0;border-radius:6px;font:inherit;cursor:pointer}
.primary{background:#2f6fde;color:#fff}.danger{background:#fff;color:#b42318;border:1px solid #b42318}.note{background:#fff7e6;border-radius:6px;padding:10px}.error{background:#fdecea;color:#8a1c12;border-radius:6px;padding:10px}`;

function page(title: string, body: string): string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** A short page for answers that are not the form: done, refused, not found. */
export function messagePage(title: string, message: string): string {
	return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>`);
}

function outcomeOptions(task: ManualTask, data: TaskData): string {
	const outcomes = task.kind === 'sms' ? SMS_OUTCOMES : CALL_OUTCOMES;
	return outcomes
		.map(({ value, label }) => {
			const shown = value === 'sent' && !data.sendOnCompletion ? 'I sent it myself' : label;
			return `<option value="${esc(value)}">${esc(shown)}</option>`;
		})
		.join('');
}

function details(task: ManualTask, data: TaskData): string {
	const rows: Array<[string, string]> = [
		['Contact', esc(data.contact.name)],
		['Phone', `<a href="tel:${esc(data.contact.phone)}">${esc(data.contact.phone)}</a>`],
	];
	if (data.contact.email) rows.push(['Email', esc(data.contact.email)]);
	rows.push(['Assigned to', esc(data.assignment.member?.name ?? 'Unassigned')]);
	if (data.deadline) rows.push(['Due by', esc(data.deadline)]);
	rows.push(['Created', esc(task.createdAt)]);
	return `<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

/** The open task: details, the editable text (SMS) or number to call, and the outcome form. */
export function taskFormPage(
	task: ManualTask,
	data: TaskData,
	token: string,
	error?: string,
): string {
	const kind = task.kind === 'sms' ? 'SMS task' : 'Call task';
	const messageField =
		task.kind === 'sms'
			? `<label for="message">Message${data.sendOnCompletion ? ' (sent to the contact when you complete the task)' : ''}</label><textarea id="message" name="message" rows="6" maxlength="1600">${esc(task.message)}</textarea>`
			: `<label for="message">Call notes</label><textarea id="message" name="message" rows="4" maxlength="4000"></textarea>`;
	const body = [
		`<h1>${esc(data.actionName)}</h1>`,
		`<p class="sub">${kind}${task.kind === 'call' ? `: call <a href="tel:${esc(data.contact.phone)}">${esc(data.contact.phone)}</a>` : ''}</p>`,
		error ? `<p class="error">${esc(error)}</p>` : '',
		details(task, data),
		data.instructions ? `<p class="note">${esc(data.instructions)}</p>` : '',
		// action="" posts back to this very URL; only POST with the token changes anything.
		`<form method="post" action="" autocomplete="off">`,
		`<input type="hidden" name="token" value="${esc(token)}">`,
		messageField,
		`<label for="outcome">Outcome</label><select id="outcome" name="outcome">${outcomeOptions(task, data)}</select>`,
		`<label for="completedBy">Completed by</label><input id="completedBy" name="completedBy" maxlength="200" value="${esc(data.assignment.member?.name ?? '')}">`,
		`<div class="actions"><button class="primary" type="submit" name="action" value="complete">Complete task</button>`,
		`<button class="danger" type="submit" name="action" value="delete">Delete task</button></div>`,
		`</form>`,
	].join('');
	return page(`${data.actionName} - ${kind}`, body);
}

const CLOSED_WORDS: Record<ManualTask['status'], string> = {
	open: 'is open',
	completed: 'was completed',
	deleted: 'was deleted',
	timed_out: 'timed out',
	canceled: 'was canceled',
};

/** A task that is no longer open: who closed it and when; no form. */
export function closedTaskPage(task: ManualTask, data: TaskData, note?: string): string {
	const by = task.completedBy ? ` by ${task.completedBy}` : '';
	const when = task.completedAt ? ` at ${task.completedAt}` : '';
	const outcome = task.outcome && task.status === 'completed' ? ` (outcome: ${task.outcome})` : '';
	const body = [
		`<h1>${esc(data.actionName)}</h1>`,
		`<p>This task ${esc(CLOSED_WORDS[task.status])}${esc(by)}${esc(when)}${esc(outcome)}.</p>`,
		note ? `<p class="note">${esc(note)}</p>` : '',
		details(task, data),
	].join('');
	return page(data.actionName, body);
}
