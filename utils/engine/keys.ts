/** Full i18n key of a check's message variant (i18n names allow only [A-Za-z0-9_]). */
export const checkMessageKey = (checkId: string, variant: string) => `check_${checkId.replace(/-/g, '_')}_${variant}`;
