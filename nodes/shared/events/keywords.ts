// Carrier keywords in an inbound message: STOP-like ones opt out, START-like ones opt back in.
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const OPT_IN = ['START', 'UNSTOP'];
const HELP = ['HELP'];

export type Keyword = 'opt_out' | 'opt_in' | 'help';

/** The keyword a message is, ignoring case and whitespace ("Stop all" is STOPALL), or null. */
export function keywordOf(text: string | null | undefined): Keyword | null {
	const word = (text ?? '').replace(/\s+/g, '').toUpperCase();
	if (OPT_OUT.includes(word)) return 'opt_out';
	if (OPT_IN.includes(word)) return 'opt_in';
	if (HELP.includes(word)) return 'help';
	return null;
}
