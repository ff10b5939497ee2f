// The inbox page: one self-contained HTML document listing everything received, refreshing itself.
import { randomBytes } from 'node:crypto';
import type { SandboxState } from '../types';
import { escapeHtml, feedItems } from './cards';

const FEED_LIMIT = 300;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
header.top{position:sticky;top:0;background:#1d1f23;color:#fff;padding:10px 16px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header.top a,header.top button{color:#fff;background:none;border:1px solid #666;border-radius:4px;padding:2px 8px;font:inherit;cursor:pointer;text-decoration:none}
.counts span{margin-right:10px}
main{max-width:1000px;margin:16px auto;padding:0 12px}
.card{background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.12);margin:0 0 12px;padding:10px 14px;border-left:4px solid #999}
.card header{margin-bottom:6px}.card time{color:#777;font-size:12px;margin-left:8px}
.kind{font-size:11px;text-transform:uppercase;letter-spacing:.05em;background:#eee;border-radius:3px;padding:1px 5px}
.mail{border-color:#3b82f6}.sms{border-color:#10b981}.call{border-color:#8b5cf6}.slack{border-color:#e01e5a}
.telegram{border-color:#229ed9}.whatsapp{border-color:#25d366}.rejected{border-color:#dc2626;background:#fff7f7}
.row{margin:2px 0;word-break:break-word}.label{color:#666;margin-right:4px}
pre{background:#f6f8fa;padding:8px;border-radius:4px;white-space:pre-wrap;word-break:break-word;margin:6px 0}
iframe{width:100%;height:320px;border:1px solid #ddd;border-radius:4px;background:#fff}
.empty{color:#777;text-align:center;padding:40px}
.replies{margin-top:6px;display:flex;gap:6px;align-items:center}.replies .answer{font-size:12px;color:#555}.replies button{font:inherit;border:1px solid #bbb;border-radius:4px;background:#fff;padding:2px 8px;cursor:pointer}
#notice{font-size:12px;color:#fde68a}
`;

// Polls a version counter (cheap) and swaps in the server-rendered, server-escaped feed only when it changed.
const SCRIPT = `
let version = Number(document.body.dataset.version);
async function refresh() {
	try {
		const current = (await (await fetch('/_sandbox/version')).json()).version;
		if (current !== version) {
			const html = await (await fetch('/_sandbox/inbox')).text();
			const doc = new DOMParser().parseFromString(html, 'text/html');
			document.getElementById('feed').replaceWith(doc.getElementById('feed'));
			document.getElementById('counts').replaceWith(doc.getElementById('counts'));
			version = current;
		}
	} catch (error) {
		console.warn('sandbox inbox refresh failed', error);
	}
}
setInterval(refresh, 2000);
// Reply buttons: the provider posts the contact's message (signed) to the events workflow.
document.addEventListener('click', async (event) => {
	const button = event.target instanceof Element ? event.target.closest('[data-inbound]') : null;
	if (!button) return;
	const text = button.dataset.text || window.prompt('Reply text', 'Yes, see you then');
	if (!text) return;
	const response = await fetch('/_sandbox/inbound', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ channel: button.dataset.inbound, from: button.dataset.from, text }),
	});
	const result = await response.json();
	document.getElementById('notice').textContent = response.ok
		? 'Posted "' + text + '" to ' + result.url + ' (HTTP ' + result.status + ')'
		: result.error;
});
// Unsubscribe buttons: the sandbox (server side, like Gmail) POSTs List-Unsubscribe=One-Click.
document.addEventListener('click', async (event) => {
	const button = event.target instanceof Element ? event.target.closest('[data-unsubscribe]') : null;
	if (!button) return;
	const response = await fetch('/_sandbox/unsubscribe', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ id: button.dataset.unsubscribe }),
	});
	const result = await response.json();
	document.getElementById('notice').textContent = response.ok
		? 'Unsubscribe POST to ' + result.url + ': ' + (result.status ? 'HTTP ' + result.status : 'no answer')
		: result.error;
	refresh();
});
document.getElementById('reset').addEventListener('click', async () => {
	await fetch('/_sandbox/reset', { method: 'POST' });
	refresh();
});
`;

function counts(state: SandboxState): string {
	const entries: Array<[string, number]> = [
		['mails', state.mails.length],
		['SMS', state.sms.length],
		['calls', state.calls.length],
		['Slack', state.slack.length],
		['Telegram', state.telegram.length],
		['WhatsApp', state.whatsapp.length],
		['HTTP requests', state.requests.length],
		['SMTP sessions', state.smtpSessions.count],
	];
	return `<div class="counts" id="counts">${entries.map(([label, count]) => `<span>${escapeHtml(label)}: <b>${count}</b></span>`).join('')}</div>`;
}

function feed(state: SandboxState): string {
	const items = feedItems(state, FEED_LIMIT);
	const body =
		items.length > 0
			? items.map((item) => item.html).join('\n')
			: '<p class="empty">Nothing received yet.</p>';
	return `<main id="feed">${body}</main>`;
}

/** The parts the page refreshes, as a document the page's script can parse. */
export function renderInboxFragment(state: SandboxState): string {
	return `<!doctype html><html><body>${counts(state)}${feed(state)}</body></html>`;
}

export function renderInboxPage(state: SandboxState): { html: string; nonce: string } {
	const nonce = randomBytes(16).toString('base64');
	const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox inbox</title>
<style>${STYLE}</style>
</head>
<body data-version="${state.version}">
<header class="top"><strong>Communication Actions sandbox</strong>${counts(state)}<a href="/_sandbox/state">state JSON</a><button id="reset" type="button">Reset</button><span id="notice"></span></header>
${feed(state)}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
	return { html, nonce };
}
