// Debian's Chromium for the browser tests, with the flags that keep it quiet on a closed network.
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, 'artifacts');
// Without the background-networking flags Chromium keeps calling Google services on a closed network.
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
