/*
 * Times typed in the admin's own time zone. A `datetime-local` field sends a wall-clock time without a zone; the
 * page's script adds the browser's IANA zone (a hidden field), and the server turns the pair into an instant.
 * Without the script the zone is UTC, and the form says so.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (zone: string): Intl.DateTimeFormat => {

    let formatter = formatters.get(zone);
    if (!formatter) {
        formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
        formatters.set(zone, formatter);
    }

    return formatter;
};

/** A zone name Intl knows ("Europe/Paris", "UTC"). */
export const isTimeZone = (zone: string): boolean => {

    try {
        formatterOf(zone);
        return true;
    }
    catch {
        return false;
    }
};

/** How far the zone's clocks are ahead of UTC at this instant, ms. */
const offsetAt = (ms: number, zone: string): number => {

    const parts = Object.fromEntries(formatterOf(zone).formatToParts(ms).map((part) => [part.type, Number(part.value)]));
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return wall - (ms - (((ms % 1000) + 1000) % 1000));
};

const day = 86_400_000;

/**
 * The instant a wall-clock time names in `zone` (`wall`: that wall-clock time read as UTC, ms). A time the clocks
 * repeat when they go back reads as its first occurrence; a time they skip when they go forward, with the offset
 * before the change (02:30 on a night that jumps from 02:00 to 03:00 is 03:30).
 */
export const zonedToInstant = (wall: number, zone: string): number => {

    // Zones change offset at most once a day: the offsets a day either side are the only candidates.
    const before = offsetAt(wall - day, zone);
    const candidates = [before, offsetAt(wall + day, zone)].map((offset) => wall - offset).filter((instant) => offsetAt(instant, zone) === wall - instant);
    return candidates.length ? Math.min(...candidates) : wall - before;
};
