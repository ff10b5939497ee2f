// Public types of the sandbox: options, what the peers record, fault knobs and seed data.

export type HttpPeerName = 'twilio' | 'slack' | 'telegram' | 'whatsapp';
export type PeerName = 'smtp' | HttpPeerName;
export const HTTP_PEERS: readonly HttpPeerName[] = ['twilio', 'slack', 'telegram', 'whatsapp'];
export const PEERS: readonly PeerName[] = ['smtp', ...HTTP_PEERS];

/** A form field as received: repeated keys (Twilio's MediaUrl) become arrays. */
export type FormValue = string | string[];

export interface WhatsAppTemplateSeed {
	name: string;
	/** Language code the template exists in, e.g. en_US. */
	language: string;
	status: 'APPROVED' | 'REJECTED' | 'PENDING' | 'PAUSED' | 'DISABLED';
	/** Number of {{n}} placeholders in the body / text header. */
	bodyParams: number;
	headerParams?: number;
	/** TEXT (default) or a media header (IMAGE, VIDEO, DOCUMENT), which takes one media parameter. */
	headerFormat?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';
	/** URL buttons with a {{1}} at the end of the link (each needs a url button parameter). */
	urlButtons?: number;
	/** Quick-reply buttons after the URL buttons (a payload parameter is optional). */
	quickReplies?: number;
	/** MARKETING, UTILITY (default) or AUTHENTICATION. */
	category?: string;
	/** Graph's template ID; default derived from the position. */
	id?: string;
}

export interface SlackUserSeed {
	id: string;
	name: string;
	realName: string;
	email: string;
}

/** Data the peers know about. Survives reset(); change it with seed(). */
export interface SandboxSeed {
	/** Public channels (the first two are #general and #random). */
	slackChannels: number;
	slackPrivateChannels: number;
	slackUsers: SlackUserSeed[];
	/** Chat IDs whose user blocked the bot: 403. */
	telegramBlockedChats: string[];
	/** Chat IDs the bot never saw: 400 chat not found (non-numeric IDs are unknown too). */
	telegramUnknownChats: string[];
	whatsappTemplates: WhatsAppTemplateSeed[];
	/** Most templates one page of GET /{waba-id}/message_templates holds, whatever `limit` asks. */
	whatsappTemplatePageLimit: number;
	/** Numbers (digits only) without a WhatsApp account: 131026. */
	whatsappNotOnWhatsApp: string[];
	/** Numbers (digits only) that wrote within 24 h, so free-form (non-template) messages are allowed. */
	whatsappOpenWindows: string[];
	/** Messages to one recipient allowed per window before 131056; null = no limit. */
	whatsappPairRateLimit: { max: number; windowMs: number } | null;
	/** Numbers that replied STOP: Twilio 21610. */
	twilioOptedOut: string[];
	/** Numbers answered by a machine when a call uses MachineDetection. */
	twilioVoicemailNumbers: string[];
	/** Numbers whose SMS Twilio reports as failed (30003) instead of delivered. */
	twilioFailedNumbers: string[];
	/** Time between the status callbacks of one message or call (sent, then delivered, ...). */
	callbackDelayMs: number;
	/**
	 * Where the providers post what they hear back, as the events workflow configured them:
	 * Twilio's inbound-message webhook of the number, and the WhatsApp app's webhook with the app
	 * secret that signs it. null: nothing is posted (status callbacks still follow StatusCallback).
	 */
	eventWebhooks: EventWebhooksSeed | null;
}

export interface EventWebhooksSeed {
	twilioInbound?: string;
	whatsapp?: string;
	whatsappAppSecret?: string;
}

/** A contact's message to a provider, which the provider posts to the events workflow. */
export interface InboundMessage {
	channel: 'sms' | 'whatsapp';
	/** The contact's number (E.164). */
	from: string;
	text: string;
}

export interface SandboxOptions {
	/** Always a loopback address; default 127.0.0.1. */
	host?: string;
	/** 0 (default) picks a free port. */
	httpPort?: number;
	smtpPort?: number;
	/** Implicit TLS port. */
	smtpsPort?: number;
	/** AUTH PLAIN/LOGIN credentials (optional for clients unless smtpAuthRequired); false disables AUTH. */
	smtpAuth?: { user: string; pass: string } | false;
	smtpAuthRequired?: boolean;
	/** Maximum message size in bytes (default 25 MiB). */
	smtpSizeLimit?: number;
	twilio?: { accountSid: string; authToken: string; apiKeySid?: string; apiKeySecret?: string };
	slackToken?: string;
	telegramToken?: string;
	whatsapp?: { token: string; phoneNumberId: string; businessAccountId?: string };
	seed?: Partial<SandboxSeed>;
}

export interface FailNext {
	count: number;
	status: 429 | 500 | 503;
	/** Seconds: Retry-After header (Telegram: parameters.retry_after in the body). */
	retryAfter?: number;
}

export interface HttpFaults {
	/** Added before each response. */
	latencyMs?: number;
	failNext?: FailNext;
	/** The next N requests get their socket destroyed without a response. */
	dropNext?: number;
}

export interface SmtpFaults {
	/** Added before the greeting and before the reply to each message's DATA. */
	latencyMs?: number;
	/** The next N connections get "421 Service not available" as greeting. */
	greeting421?: number;
	/** Each entry makes one RCPT TO of that address fail with 451 4.3.0 (list an address twice to fail twice). */
	tempFail?: string[];
	/** RCPT TO of these addresses always fails with 550 5.1.1. */
	permFail?: string[];
	/** The next N messages: the connection is dropped after the message data, without a reply. */
	dropAfterData?: number;
	/** The next N connections are closed before the greeting. */
	dropNext?: number;
}

export interface FaultsByPeer {
	smtp: SmtpFaults;
	twilio: HttpFaults;
	slack: HttpFaults;
	telegram: HttpFaults;
	whatsapp: HttpFaults;
}

export interface FaultControl {
	/** Merges the given knobs into the peer's current ones (a knob set to undefined/null is cleared). */
	set<P extends PeerName>(peer: P, faults: FaultsByPeer[P]): void;
	get<P extends PeerName>(peer: P): FaultsByPeer[P];
	all(): FaultsByPeer;
	/** Clears one peer's knobs, or all of them. */
	clear(peer?: PeerName): void;
}

export interface MailAddress {
	name: string;
	address: string;
}

export interface ReceivedAttachment {
	filename: string | null;
	contentType: string;
	contentDisposition: string;
	contentId: string | null;
	size: number;
	sha256: string;
	/** Base64. */
	content: string;
}

export interface ReceivedMail {
	id: string;
	sessionId: string;
	envelope: { from: string; to: string[] };
	/** Parsed headers, lower-case keys, JSON-safe values. */
	headers: Record<string, unknown>;
	/** Raw header lines as sent (unfolded per header). */
	headerLines: string[];
	from: MailAddress[];
	to: MailAddress[];
	cc: MailAddress[];
	replyTo: MailAddress[];
	subject: string;
	text: string | null;
	html: string | null;
	attachments: ReceivedAttachment[];
	messageId: string | null;
	inReplyTo: string | null;
	references: string[];
	size: number;
	receivedAt: string;
	/** The last one-click unsubscribe POST made for this mail (the inbox's Unsubscribe button). */
	oneClick?: OneClickResult;
}

/** What the sender's server answered to a one-click unsubscribe POST (RFC 8058). */
export interface OneClickResult {
	/** The https/http URL from List-Unsubscribe that was posted to. */
	url: string;
	/** The HTTP status it answered (redirects are not followed); 0 when nobody answered. */
	status: number;
	postedAt: string;
}

export interface SmtpSessionRecord {
	id: string;
	/** TLS at the end of the session (implicit TLS or after STARTTLS). */
	secure: boolean;
	authUser: string | null;
	messages: number;
	openedAt: string;
	closedAt: string | null;
}

export interface SmsRecord {
	sid: string;
	accountSid: string;
	authUser: string;
	from: string | null;
	to: string;
	body: string;
	messagingServiceSid: string | null;
	mediaUrls: string[];
	statusCallback: string | null;
	numSegments: number;
	encoding: 'GSM-7' | 'UCS-2';
	/** Every form field as received. */
	fields: Record<string, FormValue>;
	receivedAt: string;
}

export interface CallRecord {
	sid: string;
	accountSid: string;
	authUser: string;
	from: string;
	to: string;
	twiml: string | null;
	/** Whether the TwiML is well-formed XML (null without TwiML). */
	twimlValid: boolean | null;
	url: string | null;
	machineDetection: string | null;
	timeout: number | null;
	statusCallback: string | null;
	fields: Record<string, FormValue>;
	receivedAt: string;
}

export interface SlackRecord {
	method: string;
	/** The arguments as received (form fields or the JSON body), token removed. */
	args: Record<string, unknown>;
	token: string;
	contentType: 'form' | 'json' | 'query';
	/** What the call produced, e.g. the posted message's channel and ts. */
	result: Record<string, unknown>;
	receivedAt: string;
}

export interface TelegramRecord {
	method: string;
	body: Record<string, unknown>;
	result: unknown;
	receivedAt: string;
}

export interface WhatsAppRecord {
	method: string;
	path: string;
	body: Record<string, unknown>;
	/** The wamid for messages. */
	messageId: string | null;
	receivedAt: string;
}

export interface HttpRequestRecord {
	peer: HttpPeerName;
	method: string;
	path: string;
	/** 0 when the connection was dropped or closed before a response. */
	status: number;
	/** Provider error code or name for rejected calls (21211, channel_not_found, 132001...). */
	error: string | null;
	startedAt: string;
	endedAt: string;
}

export interface PeerStats {
	/** HTTP: requests; SMTP: connections. */
	requests: number;
	inFlight: number;
	maxInFlight: number;
}

export interface SandboxState {
	/** Grows on every recorded change; the inbox page polls it. */
	version: number;
	mails: ReceivedMail[];
	smtpSessions: { count: number; sessions: SmtpSessionRecord[] };
	sms: SmsRecord[];
	calls: CallRecord[];
	slack: SlackRecord[];
	telegram: TelegramRecord[];
	whatsapp: WhatsAppRecord[];
	requests: HttpRequestRecord[];
	stats: Record<PeerName, PeerStats>;
}
