// `npm run sandbox`: starts every peer on loopback, prints where they listen and their secrets, stops on Ctrl-C.
import { startSandbox, type Sandbox } from './index';

function portFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`${name} must be a port number (0 = any free port), got '${raw}'`);
	return port;
}

function describe(sandbox: Sandbox): string {
	const { credentials: c, smtp, urls } = sandbox;
	return [
		'Communication Actions sandbox is running (loopback only).',
		'',
		`Inbox page      ${sandbox.httpUrl}/`,
		`State (JSON)    ${sandbox.httpUrl}/_sandbox/state   reset: POST /_sandbox/reset   faults: POST /_sandbox/faults`,
		'',
		`SMTP            ${smtp.host}:${smtp.port} (plain, STARTTLS offered)   ${smtp.host}:${smtp.tlsPort} (implicit TLS)`,
		`  user / pass   ${smtp.user ?? '(AUTH disabled)'} / ${smtp.pass ?? '-'}   (authentication optional)`,
		'  CA (trust it for STARTTLS/TLS, or allow self-signed):',
		smtp.ca.trim(),
		'',
		`Twilio          ${urls.twilio}   (replaces https://api.twilio.com)`,
		`  Account SID   ${c.twilio.accountSid}   Auth Token ${c.twilio.authToken}`,
		`  API Key       ${c.twilio.apiKeySid}   Secret ${c.twilio.apiKeySecret}`,
		`  From          ${c.twilio.fromNumber}   Messaging Service ${c.twilio.messagingServiceSid}`,
		`Slack           ${urls.slack}   bot token ${c.slack.token}`,
		`Telegram        ${urls.telegram}   bot token ${c.telegram.token}`,
		`WhatsApp        ${urls.whatsapp}   token ${c.whatsapp.token}   phone number ID ${c.whatsapp.phoneNumberId}   business account ${c.whatsapp.businessAccountId}   version ${c.whatsapp.apiVersion}`,
		'',
		'Press Ctrl-C to stop.',
	].join('\n');
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		httpPort: portFromEnv('SANDBOX_HTTP_PORT', 8025),
		smtpPort: portFromEnv('SANDBOX_SMTP_PORT', 2525),
		smtpsPort: portFromEnv('SANDBOX_SMTPS_PORT', 2465),
	});
	console.log(describe(sandbox));
	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the sandbox...`);
		sandbox.stop().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	const message = error instanceof Error ? error.message : String(error);
	const hint = /EADDRINUSE/.test(message)
		? ' (pick other ports with SANDBOX_HTTP_PORT / SANDBOX_SMTP_PORT / SANDBOX_SMTPS_PORT, 0 = any free port)'
		: '';
	console.error(`Sandbox failed to start: ${message}${hint}`);
	process.exit(1);
});
