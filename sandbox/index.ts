// Starts real local peers for every provider on loopback; tests, e2e, the demo and benchmarks share it.
import { Faults } from './faults';
import { resolveSecrets, resolveSeed, type SandboxCredentials } from './seed';
import { SandboxStore } from './store';
import { generateSandboxTls } from './tls';
import { startSmtpPeers } from './smtp';
import { startHttpServer, PEER_PREFIXES, type SandboxHttpServer } from './http/server';
import type { HttpPeer } from './http/peer';
import { TwilioPeer } from './peers/twilio';
import { StatusCallbacks } from './peers/twilio-callbacks';
import { SlackPeer } from './peers/slack';
import { TelegramPeer } from './peers/telegram';
import { WhatsAppPeer } from './peers/whatsapp';
import { ProviderEvents } from './peers/events';
import { unsubscribeMail } from './one-click';
import type {
	FaultControl,
	HttpPeerName,
	InboundMessage,
	OneClickResult,
	SandboxOptions,
	SandboxSeed,
	SandboxState,
} from './types';

export * from './types';
export type { SandboxCredentials } from './seed';
export { DEFAULT_SEED } from './seed';
export { twilioSignature } from './peers/twilio-callbacks';

export interface Sandbox {
	/** e.g. http://127.0.0.1:PORT; the inbox page is at '/'. */
	httpUrl: string;
	smtp: { host: string; port: number; tlsPort: number; ca: string; user?: string; pass?: string };
	urls: {
		/** Replaces https://api.twilio.com: `${twilio}/2010-04-01/Accounts/{Sid}/Messages.json`. */
		twilio: string;
		/** Slack WebClient slackApiUrl, with the trailing slash. */
		slack: string;
		/** `${telegram}/bot${token}/sendMessage`. */
		telegram: string;
		/** `${whatsapp}/v21.0/${phoneNumberId}/messages`. */
		whatsapp: string;
	};
	credentials: SandboxCredentials;
	state(): SandboxState;
	/** Clears received data, counters and faults (the seed stays). */
	reset(): void;
	faults: FaultControl;
	getSeed(): SandboxSeed;
	/** Changes seed data, e.g. { slackChannels: 5000 }. */
	setSeed(patch: Partial<SandboxSeed>): void;
	/**
	 * A contact texts the sandbox number (or writes on WhatsApp): the provider's signed webhook goes
	 * to the seed's eventWebhooks; null when none is configured for the channel.
	 */
	inbound(message: InboundMessage): Promise<{ url: string; status: number } | null>;
	/**
	 * The reader clicks Unsubscribe on a received mail (sandbox id or Message-ID): the sandbox POSTs
	 * `List-Unsubscribe=One-Click` to its List-Unsubscribe URL (RFC 8058) and returns the answer.
	 * Rejects for an unknown mail or one without one-click headers.
	 */
	unsubscribe(id: string): Promise<OneClickResult>;
	stop(): Promise<void>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const host = opts.host ?? '127.0.0.1';
	// The peers accept any secret they were given; never expose that beyond this machine.
	if (!LOOPBACK.includes(host))
		throw new Error(`The sandbox binds to loopback only, not '${host}'`);
	const store = new SandboxStore();
	const faults = new Faults();
	const secrets = resolveSecrets(opts);
	let seed = resolveSeed(opts.seed);
	const currentSeed = (): SandboxSeed => seed;
	const smtpAuth =
		opts.smtpAuth === undefined
			? { user: 'sandbox', pass: 'sandbox-smtp-password' }
			: opts.smtpAuth;

	const callbacks = new StatusCallbacks(secrets.twilio.authToken, () => seed.callbackDelayMs);
	const events = new ProviderEvents(secrets, currentSeed, callbacks);
	const peers: Record<HttpPeerName, HttpPeer> = {
		twilio: new TwilioPeer(store, secrets.twilio, currentSeed, callbacks),
		slack: new SlackPeer(store, secrets.slack, currentSeed),
		telegram: new TelegramPeer(store, secrets.telegram, currentSeed),
		whatsapp: events.withWhatsAppStatuses(new WhatsAppPeer(store, secrets.whatsapp, currentSeed)),
	};
	const inbound = async (message: InboundMessage) => await events.inbound(message);
	const unsubscribe = async (id: string) => await unsubscribeMail(store, callbacks, id);
	const reset = (): void => {
		store.reset();
		faults.clear();
		for (const peer of Object.values(peers)) peer.reset?.();
	};
	const getSeed = (): SandboxSeed => structuredClone(seed);
	const setSeed = (patch: Partial<SandboxSeed>): void => {
		seed = { ...seed, ...structuredClone(patch) };
	};

	const tls = generateSandboxTls();
	const smtp = await startSmtpPeers({
		host,
		port: opts.smtpPort ?? 0,
		tlsPort: opts.smtpsPort ?? 0,
		tls,
		auth: smtpAuth,
		authRequired: opts.smtpAuthRequired ?? false,
		sizeLimit: opts.smtpSizeLimit ?? 25 * 1024 * 1024,
		store,
		faults,
	});
	let http: SandboxHttpServer;
	try {
		http = await startHttpServer({
			host,
			port: opts.httpPort ?? 0,
			peers,
			store,
			faults,
			control: {
				state: () => store.state(),
				version: () => store.currentVersion,
				reset,
				faults,
				getSeed,
				setSeed,
				inbound,
				unsubscribe,
			},
		});
	} catch (error) {
		await smtp.close();
		throw error;
	}

	const urlHost = host.includes(':') ? `[${host}]` : host;
	const httpUrl = `http://${urlHost}:${http.port}`;
	const smtpInfo = {
		host,
		port: smtp.port,
		tlsPort: smtp.tlsPort,
		ca: tls.ca,
		...(smtpAuth ? { user: smtpAuth.user, pass: smtpAuth.pass } : {}),
	};
	let stopped: Promise<void> | undefined;
	return {
		httpUrl,
		smtp: smtpInfo,
		urls: {
			twilio: `${httpUrl}${PEER_PREFIXES.twilio}`,
			slack: `${httpUrl}${PEER_PREFIXES.slack}/api/`,
			telegram: `${httpUrl}${PEER_PREFIXES.telegram}`,
			whatsapp: `${httpUrl}${PEER_PREFIXES.whatsapp}`,
		},
		credentials: { smtp: smtpInfo, ...secrets },
		state: () => store.state(),
		reset,
		faults,
		getSeed,
		setSeed,
		inbound,
		unsubscribe,
		stop: () => {
			stopped ??= (async () => {
				callbacks.stop();
				await Promise.all([http.close(), smtp.close()]);
			})();
			return stopped;
		},
	};
}
