// Reads Team Directory credential fields as trimmed text.

/** A credential field as trimmed text; numbers as written, anything else empty. */
export function text(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}
