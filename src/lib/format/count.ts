/** Counts as merchants read them in the UI: 12,400 (fixed locale, so server and browser agree). */
export const formatCount = (n: number): string => n.toLocaleString("en-US");
