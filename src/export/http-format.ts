/**
 * Version of the HTTP exporter's JSON body; bumped on any change a reader could notice.
 * Version 2: windows are export windows (`windowMs`, 60 s by default, rather than 1 s) and
 * their numbers are compact (levels to 4 significant digits, times to the millisecond).
 */
export const HTTP_FORMAT_VERSION = 2;
