// Bounds that are part of the message contract: both sides may rely on them.

/** Most classes a reply lists; keeps a reply far below nucleus lite's 7 KB (docs/nucleus-flavours.md). */
export const MAX_TOP_K = 20;
/** Longest request id echoed back. */
export const MAX_ID_LENGTH = 128;
/** Longest error message in a reply; messages carry paths and names from requests. */
export const MAX_ERROR_MESSAGE_LENGTH = 512;
