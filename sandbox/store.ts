// Holds everything the peers received, plus honest per-peer concurrency counters.
import {
	PEERS,
	type CallRecord,
	type HttpRequestRecord,
	type OneClickResult,
	type PeerName,
	type PeerStats,
	type ReceivedMail,
	type SandboxState,
	type SlackRecord,
	type SmsRecord,
	type SmtpSessionRecord,
	type TelegramRecord,
	type WhatsAppRecord,
} from './types';

// Benchmarks push tens of thousands of requests; keep the wire log bounded.
const MAX_REQUEST_LOG = 100_000;

function emptyStats(): Record<PeerName, PeerStats> {
	const stats = {} as Record<PeerName, PeerStats>;
	for (const peer of PEERS) stats[peer] = { requests: 0, inFlight: 0, maxInFlight: 0 };
	return stats;
}

export class SandboxStore {
	private version = 0;
	private mails: ReceivedMail[] = [];
	private smtpSessionCount = 0;
	private smtpSessions = new Map<string, SmtpSessionRecord>();
	private sms: SmsRecord[] = [];
	private calls: CallRecord[] = [];
	private slack: SlackRecord[] = [];
	private telegram: TelegramRecord[] = [];
	private whatsapp: WhatsAppRecord[] = [];
	private requests: HttpRequestRecord[] = [];
	private stats = emptyStats();

	get currentVersion(): number {
		return this.version;
	}

	addMail(mail: ReceivedMail): void {
		this.mails.push(mail);
		const session = this.smtpSessions.get(mail.sessionId);
		if (session) session.messages++;
		this.version++;
	}

	openSmtpSession(id: string, secure: boolean): void {
		this.smtpSessionCount++;
		this.smtpSessions.set(id, {
			id,
			secure,
			authUser: null,
			messages: 0,
			openedAt: new Date().toISOString(),
			closedAt: null,
		});
		this.version++;
	}

	updateSmtpSession(
		id: string,
		patch: Partial<Pick<SmtpSessionRecord, 'secure' | 'authUser'>>,
	): void {
		const session = this.smtpSessions.get(id);
		if (session) Object.assign(session, patch);
	}

	closeSmtpSession(id: string): void {
		const session = this.smtpSessions.get(id);
		if (session && !session.closedAt) session.closedAt = new Date().toISOString();
	}

	addSms(record: SmsRecord): void {
		this.sms.push(record);
		this.version++;
	}

	addCall(record: CallRecord): void {
		this.calls.push(record);
		this.version++;
	}

	addSlack(record: SlackRecord): void {
		this.slack.push(record);
		this.version++;
	}

	addTelegram(record: TelegramRecord): void {
		this.telegram.push(record);
		this.version++;
	}

	addWhatsApp(record: WhatsAppRecord): void {
		this.whatsapp.push(record);
		this.version++;
	}

	/** A received mail by its sandbox id or its Message-ID (with or without the angle brackets). */
	findMail(id: string): ReceivedMail | undefined {
		const bracketed = id.startsWith('<') ? id : `<${id}>`;
		return this.mails.find(
			(mail) => mail.id === id || mail.messageId === id || mail.messageId === bracketed,
		);
	}

	recordOneClick(id: string, result: OneClickResult): void {
		const mail = this.mails.find((entry) => entry.id === id);
		if (!mail) return;
		mail.oneClick = result;
		this.version++;
	}

	findSms(sid: string): SmsRecord | undefined {
		return this.sms.find((record) => record.sid === sid);
	}

	findCall(sid: string): CallRecord | undefined {
		return this.calls.find((record) => record.sid === sid);
	}

	/** Counts a request or connection as started; call the returned function exactly once when it ends. */
	begin(peer: PeerName): () => void {
		const stats = this.stats[peer];
		stats.requests++;
		stats.inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		// reset() may swap the stats object while this request is open; end against the one we started on.
		let ended = false;
		return () => {
			if (ended) return;
			ended = true;
			stats.inFlight--;
		};
	}

	logRequest(record: HttpRequestRecord): void {
		if (this.requests.length >= MAX_REQUEST_LOG) this.requests.shift();
		this.requests.push(record);
	}

	/** Deep copy, so callers can keep a snapshot while the peers keep receiving. */
	state(): SandboxState {
		const snapshot: SandboxState = {
			version: this.version,
			mails: this.mails,
			smtpSessions: { count: this.smtpSessionCount, sessions: [...this.smtpSessions.values()] },
			sms: this.sms,
			calls: this.calls,
			slack: this.slack,
			telegram: this.telegram,
			whatsapp: this.whatsapp,
			requests: this.requests,
			stats: this.stats,
		};
		return structuredClone(snapshot);
	}

	reset(): void {
		this.mails = [];
		this.smtpSessionCount = 0;
		this.smtpSessions.clear();
		this.sms = [];
		this.calls = [];
		this.slack = [];
		this.telegram = [];
		this.whatsapp = [];
		this.requests = [];
		// Requests still open keep counting down on their old object; new ones start from zero.
		this.stats = emptyStats();
		this.version++;
	}
}
