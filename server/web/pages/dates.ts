const formatter = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export interface TimeView {
    /** For `<time datetime>`; the page script shows it in the reader's time zone. */
    readonly iso: string;
    /** "12 Feb 2026, 14:03 UTC", shown until the script runs. */
    readonly text: string;
}

/** A timestamp (ms) for a template. */
export const describeTime = (ms: number): TimeView => ({ iso: new Date(ms).toISOString(), text: `${formatter.format(ms)} UTC` });
