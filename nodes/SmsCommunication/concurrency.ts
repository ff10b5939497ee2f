// How many SMS one execution sends at the same time by default.

/**
 * Twilio answers 429 (error 20429) when an account has more REST API requests in flight than its
 * concurrency limit, 100 by default. A fifth of that lets several executions (or queue-mode
 * workers) send on one account at once without a 429 storm, and keeps a provider latency of
 * 100 ms from limiting an execution to fewer than about 200 messages per second.
 */
export const DEFAULT_SMS_CONCURRENCY = 20;
